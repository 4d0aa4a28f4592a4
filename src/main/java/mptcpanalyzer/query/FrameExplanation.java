package mptcpanalyzer.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.analysis.Keys;
import mptcpanalyzer.capture.LinkTypes;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Endpoint;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;
import mptcpanalyzer.wire.mptcp.AddAddr;
import mptcpanalyzer.wire.mptcp.Dss;
import mptcpanalyzer.wire.mptcp.MpCapable;
import mptcpanalyzer.wire.mptcp.MpFail;
import mptcpanalyzer.wire.mptcp.MpFastclose;
import mptcpanalyzer.wire.mptcp.MpJoin;
import mptcpanalyzer.wire.mptcp.MpPrio;
import mptcpanalyzer.wire.mptcp.MpTcpRst;
import mptcpanalyzer.wire.mptcp.MptcpOption;
import mptcpanalyzer.wire.mptcp.RemoveAddr;
import mptcpanalyzer.model.Anomaly;

/**
 * The layered, field-by-field decode of one frame that {@code explain} shows: one row per field
 * with its offset in the frame, its raw bytes, its value and what it means, then what the
 * analysis derived. Bytes that cannot be decoded are shown as such, never left out.
 *
 * <p>Field names are Wireshark's display filter names where Wireshark has one, so that what a
 * student reads here can be typed into Wireshark.
 */
public final class FrameExplanation {
    /** Column names of {@link #of}. */
    public static final String[] COLUMNS = {"layer", "offset", "length", "bytes", "field", "value", "meaning"};

    private final byte[] b;
    private final int end;
    private final Table.Builder out = Table.of(COLUMNS);
    private String layer;

    private FrameExplanation(byte[] buf, int end) {
        this.b = buf;
        this.end = end;
    }

    /**
     * Explains frame {@code frame} (1-based) of {@code t}, whose record (read back from the file)
     * is {@code rec}. Layers: frame, link, ip, tcp, tcp option, mptcp (one per option, named
     * "mptcp N"), payload, analysis.
     */
    public static Table of(Trace t, int frame, PacketRecord rec) {
        FrameExplanation e = new FrameExplanation(rec.buf,
                (int) Math.min((long) rec.offset + rec.capLen, rec.buf.length));
        e.explain(t, frame, rec);
        return e.out.build();
    }

    private void explain(Trace t, int frame, PacketRecord rec) {
        int i = frame - 1;
        PacketTable p = t.packets();
        layer = "frame";
        info("frame.number", frame, "frame number (1-based, as in Wireshark)");
        info("frame.time_epoch", BigDecimal.valueOf(p.tsNanos(i), 9),
                "capture time, seconds since 1970-01-01 UTC");
        info("frame.time_relative", BigDecimal.valueOf(p.tsNanos(i) - p.tsNanos(0), 9),
                "seconds since the first frame");
        info("frame.len", rec.origLen, "bytes on the wire");
        info("frame.cap_len", rec.capLen, rec.capLen < rec.origLen
                ? "bytes captured: the snap length cut " + (rec.origLen - rec.capLen) + " bytes"
                : "bytes captured (the whole packet)");

        DecodedPacket dp = new DecodedPacket();
        new PacketDecoder().decode(rec, dp);
        int linkEnd = dp.ipVersion != 0 ? dp.ipOffset : end;
        link(rec.linkType, rec.offset, linkEnd);
        if (dp.ipVersion == 4) ipv4(dp);
        else if (dp.ipVersion == 6) ipv6(dp);
        if (dp.tcp) tcp(t, i, dp);
        analysis(t, i, dp);
    }

    // ---------------------------------------------------------------- rows

    /** A row without bytes (frame facts, analysis). */
    private void info(String field, Object value, String meaning) {
        out.row(layer, null, null, null, field, value, meaning);
    }

    /** A row over {@code len} bytes at {@code off}; bytes past the capture are shown as cut. */
    private void field(int off, int len, String field, Object value, String meaning) {
        int have = Math.max(0, Math.min(len, end - off));
        String hex = have == 0 ? "" : spaced(off, have);
        if (have < len) {
            hex = (hex + " [" + (len - have) + " bytes not captured]").strip();
            if (have == 0) value = null;
        }
        out.row(layer, String.format("0x%04x", off), len, hex, field, value, meaning);
    }

    /** True when {@code n} bytes at {@code off} were captured. */
    private boolean has(int off, int n) { return off >= 0 && off + n <= end; }

    private String spaced(int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int k = 0; k < len; k++) {
            if (k > 0) sb.append(' ');
            sb.append(String.format("%02x", b[off + k] & 0xff));
        }
        return sb.toString();
    }

    private static String onOff(boolean v) { return v ? "1" : "0"; }

    // ---------------------------------------------------------------- link

    private void link(int linkType, int p, int linkEnd) {
        layer = "link";
        info("link_type", LinkTypes.name(linkType) + " (" + linkType + ")", "how the capture frames packets");
        int q = p;
        switch (linkType) {
            case PacketDecoder.LINKTYPE_ETHERNET -> {
                if (!has(q, 14)) break;
                field(q, 6, "eth.dst", mac(q), "destination MAC address");
                field(q + 6, 6, "eth.src", mac(q + 6), "source MAC address");
                q += 12;
                int type = Bytes.u16(b, q);
                while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && has(q, 6)) {
                    field(q, 2, "eth.type", hex16(type), "VLAN tag follows");
                    field(q + 2, 2, "vlan.id", Bytes.u16(b, q + 2) & 0x0fff,
                            "VLAN id (low 12 bits; priority " + (Bytes.u16(b, q + 2) >>> 13) + ")");
                    q += 4;
                    type = Bytes.u16(b, q);
                }
                field(q, 2, "eth.type", hex16(type), etherType(type));
                q += 2;
            }
            case PacketDecoder.LINKTYPE_LINUX_SLL -> {
                if (!has(q, 16)) break;
                field(q, 2, "sll.pkttype", Bytes.u16(b, q), packetType(Bytes.u16(b, q)));
                field(q + 2, 2, "sll.hatype", Bytes.u16(b, q + 2), "ARPHRD link-layer address type");
                field(q + 4, 2, "sll.halen", Bytes.u16(b, q + 4), "link-layer address length");
                field(q + 6, 8, "sll.src", spaced(q + 6, Math.min(8, Bytes.u16(b, q + 4))), "link-layer source address (padded to 8 bytes)");
                field(q + 14, 2, "sll.etype", hex16(Bytes.u16(b, q + 14)), etherType(Bytes.u16(b, q + 14)));
                q += 16;
            }
            case PacketDecoder.LINKTYPE_LINUX_SLL2 -> {
                if (!has(q, 20)) break;
                field(q, 2, "sll.etype", hex16(Bytes.u16(b, q)), etherType(Bytes.u16(b, q)));
                field(q + 2, 2, "sll.reserved", Bytes.u16(b, q + 2), "reserved (must be 0)");
                field(q + 4, 4, "sll.ifindex", Bytes.u32(b, q + 4), "interface index on the capturing host");
                field(q + 8, 2, "sll.hatype", Bytes.u16(b, q + 8), "ARPHRD link-layer address type");
                field(q + 10, 1, "sll.pkttype", b[q + 10] & 0xff, packetType(b[q + 10] & 0xff));
                field(q + 11, 1, "sll.halen", b[q + 11] & 0xff, "link-layer address length");
                field(q + 12, 8, "sll.src", spaced(q + 12, Math.min(8, b[q + 11] & 0xff)), "link-layer source address (padded to 8 bytes)");
                q += 20;
            }
            case PacketDecoder.LINKTYPE_NULL, PacketDecoder.LINKTYPE_LOOP -> {
                if (!has(q, 4)) break;
                field(q, 4, "null.family", Bytes.i32(b, q), "BSD address family (2 = IPv4; 24, 28, 30 = IPv6)");
                q += 4;
            }
            default -> {
                // RAW, IPV4, IPV6: the IP header starts the frame
            }
        }
        if (q < linkEnd) field(q, linkEnd - q, "link.undecoded", null, "bytes before the network layer not decoded");
    }

    private String mac(int off) { return spaced(off, 6).replace(' ', ':'); }

    private static String hex16(int v) { return String.format("0x%04x", v); }

    private static String etherType(int type) {
        return switch (type) {
            case 0x0800 -> "EtherType: IPv4 follows";
            case 0x86dd -> "EtherType: IPv6 follows";
            case 0x0806 -> "EtherType: ARP (not decoded)";
            default -> "EtherType (not IP: not decoded)";
        };
    }

    private static String packetType(int t) {
        return switch (t) {
            case 0 -> "to us (unicast to the capturing host)";
            case 1 -> "broadcast";
            case 2 -> "multicast";
            case 3 -> "to another host";
            case 4 -> "sent by us (outgoing)";
            default -> "packet type";
        };
    }

    // ---------------------------------------------------------------- IP

    private void ipv4(DecodedPacket dp) {
        layer = "ip";
        int p = dp.ipOffset;
        int vihl = b[p] & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        field(p, 1, "ip.version / ip.hdr_len", (vihl >>> 4) + " / " + ihl,
                "IP version 4, header " + ihl + " bytes (" + (vihl & 0x0f) + " 32-bit words)");
        field(p + 1, 1, "ip.dsfield", String.format("0x%02x", b[p + 1] & 0xff),
                "DSCP " + ((b[p + 1] & 0xff) >>> 2) + ", ECN " + (b[p + 1] & 3));
        int total = Bytes.u16(b, p + 2);
        field(p + 2, 2, "ip.len", total, total == 0 ? "total length 0: a TSO/GSO super-packet, its length is what was captured"
                : "total length of the IP packet (header + TCP)");
        field(p + 4, 2, "ip.id", hex16(Bytes.u16(b, p + 4)), "identification (for fragment reassembly)");
        int frag = Bytes.u16(b, p + 6);
        field(p + 6, 2, "ip.flags / ip.frag_offset", String.format("0x%04x", frag),
                ((frag & 0x4000) != 0 ? "DF (don't fragment)" : "DF clear")
                        + ((frag & 0x2000) != 0 ? ", MF (more fragments)" : "")
                        + ", fragment offset " + (frag & 0x1fff) * 8);
        field(p + 8, 1, "ip.ttl", b[p + 8] & 0xff, "time to live (hops left)");
        field(p + 9, 1, "ip.proto", b[p + 9] & 0xff, (b[p + 9] & 0xff) == 6 ? "TCP follows" : "transport protocol (not TCP: not decoded)");
        field(p + 10, 2, "ip.checksum", hex16(Bytes.u16(b, p + 10)), "header checksum (not verified)");
        field(p + 12, 4, "ip.src", Bytes.ipString(b, p + 12, 4), "source address");
        field(p + 16, 4, "ip.dst", Bytes.ipString(b, p + 16, 4), "destination address");
        if (ihl > 20) field(p + 20, ihl - 20, "ip.options", null, "IP options (not decoded)");
    }

    private void ipv6(DecodedPacket dp) {
        layer = "ip";
        int p = dp.ipOffset;
        long first = Bytes.u32(b, p);
        field(p, 4, "ipv6.version / tclass / flow", (first >>> 28) + " / " + String.format("0x%02x", (first >>> 20) & 0xff)
                + " / " + String.format("0x%05x", first & 0xfffff), "IP version 6, traffic class, flow label");
        int plen = Bytes.u16(b, p + 4);
        field(p + 4, 2, "ipv6.plen", plen, plen == 0 ? "payload length 0: jumbogram or TSO super-packet"
                : "payload length (extension headers + TCP)");
        field(p + 6, 1, "ipv6.nxt", b[p + 6] & 0xff, (b[p + 6] & 0xff) == 6 ? "next header: TCP" : "next header");
        field(p + 7, 1, "ipv6.hlim", b[p + 7] & 0xff, "hop limit");
        field(p + 8, 16, "ipv6.src", Bytes.ipString(b, p + 8, 6), "source address");
        field(p + 24, 16, "ipv6.dst", Bytes.ipString(b, p + 24, 6), "destination address");
        int ext = (dp.tcp ? dp.tcpOffset : end) - (p + 40);
        if (ext > 0) field(p + 40, ext, "ipv6.ext", null, "extension headers (walked, not detailed)");
    }

    // ---------------------------------------------------------------- TCP

    private void tcp(Trace t, int i, DecodedPacket dp) {
        layer = "tcp";
        int p = dp.tcpOffset;
        PacketTable pt = t.packets();
        int sid = pt.subflow(i);
        Subflow s = sid >= 0 ? t.subflows().get(sid) : null;
        int dir = pt.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        field(p, 2, "tcp.srcport", dp.srcPort, "source port");
        field(p + 2, 2, "tcp.dstport", dp.dstPort, "destination port");
        long seq = Integer.toUnsignedLong(dp.seq);
        String seqRel = s != null && s.baseSeqSeen[dir]
                ? "; relative " + Integer.toUnsignedLong(dp.seq - s.baseSeq[dir]) + " (tcp.seq)" : "";
        field(p + 4, 4, "tcp.seq_raw", seq, "sequence number of the first payload byte" + seqRel);
        boolean ackFlag = (dp.tcpFlags & 0x10) != 0;
        String ackRel = ackFlag && s != null && s.baseSeqSeen[1 - dir]
                ? "; relative " + Integer.toUnsignedLong(dp.ack - s.baseSeq[1 - dir]) + " (tcp.ack)" : "";
        field(p + 8, 4, "tcp.ack_raw", Integer.toUnsignedLong(dp.ack),
                ackFlag ? "next byte expected from the peer" + ackRel : "not used (ACK flag clear)");
        int off = (b[p + 12] & 0xff) >>> 4;
        field(p + 12, 1, "tcp.hdr_len", off * 4, "header " + (off * 4) + " bytes (" + off + " words): "
                + Math.max(0, off * 4 - 20) + " bytes of options");
        field(p + 13, 1, "tcp.flags", String.format("0x%02x", dp.tcpFlags), flagNames(dp.tcpFlags));
        field(p + 14, 2, "tcp.window_size_value", dp.window, "receive window as sent (before scaling)");
        field(p + 16, 2, "tcp.checksum", hex16(Bytes.u16(b, p + 16)), "checksum (not verified)");
        field(p + 18, 2, "tcp.urgent_pointer", Bytes.u16(b, p + 18), "urgent pointer");
        options(dp, p + 20, p + dp.tcpHeaderLen);
        layer = "payload";
        if (dp.payloadLen > 0 || dp.payloadCaptured > 0) {
            out.row(layer, String.format("0x%04x", dp.payloadOffset), dp.payloadLen,
                    dp.payloadCaptured + " of " + dp.payloadLen + " bytes captured", "tcp.len",
                    dp.payloadLen, "TCP payload (data)");
        } else {
            info("tcp.len", 0, "no payload");
        }
    }

    private static String flagNames(int f) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if ((f & (1 << k)) != 0) sb.append(sb.length() == 0 ? "" : " ").append(names[k]);
        }
        String set = sb.length() == 0 ? "none" : sb.toString();
        String what = (f & 0x12) == 0x02 ? ": opens a connection"
                : (f & 0x12) == 0x12 ? ": accepts a connection"
                : (f & 0x04) != 0 ? ": aborts the connection"
                : (f & 0x01) != 0 ? ": no more data from the sender" : "";
        return set + what;
    }

    /** Walks the TCP options: every option is listed; MPTCP ones are decoded field by field. */
    private void options(DecodedPacket dp, int q, int optEnd) {
        int n = 0;
        while (q < optEnd) {
            layer = "tcp option";
            if (q >= end) {
                field(q, optEnd - q, "tcp.options", null, "option bytes not captured (snap length)");
                return;
            }
            int kind = b[q] & 0xff;
            if (kind == 0) {
                field(q, optEnd - q, "tcp.option_kind", 0, "EOL: end of options (the rest is padding)");
                return;
            }
            if (kind == 1) {
                field(q, 1, "tcp.option_kind", 1, "NOP: padding");
                q++;
                continue;
            }
            if (q + 1 >= optEnd || q + 1 >= end) {
                field(q, optEnd - q, "tcp.option_kind", kind, "option without its length byte");
                return;
            }
            int len = b[q + 1] & 0xff;
            if (len < 2 || q + len > optEnd) {
                field(q, optEnd - q, "tcp.option_kind", kind, "impossible length " + len
                        + " (anomaly tcp_option_bad_length): the rest of the options is not decoded");
                return;
            }
            if (kind == MptcpOption.KIND) {
                mptcp(dp, ++n, q, Math.min(len, end - q));
            } else {
                field(q, len, "tcp.option_kind", kind, tcpOption(kind, q, len));
            }
            q += len;
        }
    }

    private String tcpOption(int kind, int q, int len) {
        boolean all = has(q, len);
        return switch (kind) {
            case 2 -> "MSS: maximum segment size" + (all && len == 4 ? " " + Bytes.u16(b, q + 2) : "");
            case 3 -> "window scale" + (all && len == 3 ? ": shift " + (b[q + 2] & 0xff) : "");
            case 4 -> "SACK permitted";
            case 5 -> "SACK: " + (len - 2) / 8 + " block(s) of received data";
            case 8 -> "timestamps" + (all && len == 10 ? ": TSval " + Bytes.u32(b, q + 2)
                    + ", TSecr " + Bytes.u32(b, q + 6) : "");
            case 34 -> "TCP Fast Open cookie";
            default -> "TCP option kind " + kind + ", " + len + " bytes (not decoded)";
        };
    }

    // ---------------------------------------------------------------- MPTCP

    /** One MPTCP option at {@code q} with {@code len} readable bytes: every field and flag. */
    private void mptcp(DecodedPacket dp, int n, int q, int len) {
        layer = "mptcp " + n + (len >= 3 ? " " + MptcpOption.name(MptcpOption.subtype(b, q)) : "");
        int flags = dp.tcpFlags;
        boolean syn = (flags & 0x12) == 0x02, synAck = (flags & 0x12) == 0x12;
        Anomaly bad = MptcpOption.check(b, q, len, flags);
        field(q, 1, "tcp.option_kind", 30, "MPTCP option (RFC 8684)");
        int lenByte = b[q + 1] & 0xff;
        field(q + 1, 1, "tcp.option_len", lenByte, "option length in bytes" + lengthNote(bad, len, lenByte));
        if (len < 3) return;
        int st = MptcpOption.subtype(b, q);
        int low = b[q + 2] & 0x0f;
        if (bad != null && bad != Anomaly.MPTCP_OPTION_TRUNCATED || bad != null && !MptcpOption.isKnown(st)) {
            field(q + 2, 1, "tcp.options.mptcp.subtype", st, MptcpOption.name(st) + " (high 4 bits)");
            if (lenByte > 3) field(q + 3, Math.min(lenByte, 40) - 3, "mptcp.undecoded", null,
                    "not decoded: " + bad.id() + " (" + bad.description() + ")");
            return;
        }
        if (bad == Anomaly.MPTCP_OPTION_TRUNCATED) {
            field(q + 2, 1, "tcp.options.mptcp.subtype", st, MptcpOption.name(st) + " (high 4 bits)");
            if (len > 3) field(q + 3, len - 3, "mptcp.undecoded", null,
                    "cut by the snap length after " + len + " of " + lenByte + " bytes: fields not decoded");
            return;
        }
        switch (st) {
            case MptcpOption.MP_CAPABLE -> capable(q, len, syn, synAck);
            case MptcpOption.MP_JOIN -> join(q, len);
            case MptcpOption.DSS -> dss(q, len);
            case MptcpOption.ADD_ADDR -> addAddr(q, len);
            case MptcpOption.REMOVE_ADDR -> {
                subtypeRow(q, st, "reserved bits " + low);
                RemoveAddr r = new RemoveAddr().wrap(b, q, len);
                for (int k = 0; k < r.count(); k++) {
                    field(q + 3 + k, 1, "tcp.options.mptcp.addrid", r.addressId(k),
                            "address id withdrawn: subflows using it will be closed");
                }
            }
            case MptcpOption.MP_PRIO -> {
                MpPrio m = new MpPrio().wrap(b, q, len);
                subtypeRow(q, st, "B=" + onOff(m.backup()) + ": " + (m.backup()
                        ? "the sender asks that this subflow be used as backup only"
                        : "the sender asks that this subflow be used normally (not backup)"));
                if (m.hasAddressId()) field(q + 3, 1, "tcp.options.mptcp.addrid", m.addressId(), "address id (v0 form)");
            }
            case MptcpOption.MP_FAIL -> {
                subtypeRow(q, st, "reserved");
                field(q + 3, 1, "mptcp.reserved", b[q + 3] & 0xff, "reserved");
                field(q + 4, 8, "tcp.options.mptcp.rawdataseqno",
                        Long.toUnsignedString(new MpFail().wrap(b, q, len).dsn()),
                        "data sequence number where the checksum failed: fall back from there");
            }
            case MptcpOption.MP_FASTCLOSE -> {
                subtypeRow(q, st, "reserved");
                field(q + 3, 1, "mptcp.reserved", b[q + 3] & 0xff, "reserved");
                field(q + 4, 8, "tcp.options.mptcp.recvkey", Bytes.hex64(new MpFastclose().wrap(b, q, len).receiverKey()),
                        "the receiver's key: proves the sender knows the connection; closes it at once");
            }
            case MptcpOption.MP_TCPRST -> {
                MpTcpRst r = new MpTcpRst().wrap(b, q, len);
                subtypeRow(q, st, "flags U=" + onOff(r.u()) + " V=" + onOff(r.v()) + " W=" + onOff(r.w())
                        + " T=" + onOff(r.isTransient()) + (r.isTransient()
                                ? ": T: the error is transient, the subflow may be retried"
                                : ": T clear: do not retry this subflow soon"));
                field(q + 3, 1, "tcp.options.mptcp.rst_reason", r.reason(), rstReason(r.reason()));
            }
            default -> {
                subtypeRow(q, st, "opaque");
                if (len > 3) field(q + 3, len - 3, "mptcp.data", null, "experimental option: bytes are opaque");
            }
        }
    }

    private static String lengthNote(Anomaly bad, int len, int lenByte) {
        if (bad == Anomaly.MPTCP_OPTION_BAD_LENGTH) return ": does not fit the subtype and flags (anomaly mptcp_option_bad_length)";
        if (bad == Anomaly.MPTCP_OPTION_TRUNCATED) return ": only " + len + " captured (anomaly mptcp_option_truncated)";
        return "";
    }

    private void subtypeRow(int q, int st, String low) {
        field(q + 2, 1, "tcp.options.mptcp.subtype", st, MptcpOption.name(st) + " (high 4 bits); low 4 bits: " + low);
    }

    private static String rstReason(int r) {
        return switch (r) {
            case 0 -> "0: unspecified error";
            case 1 -> "1: MPTCP-specific error";
            case 2 -> "2: lack of resources";
            case 3 -> "3: administratively prohibited";
            case 4 -> "4: too much outstanding data";
            case 5 -> "5: unacceptable performance";
            case 6 -> "6: middlebox interference";
            default -> r + ": unknown reason code";
        };
    }

    private void capable(int q, int len, boolean syn, boolean synAck) {
        MpCapable c = new MpCapable().wrap(b, q, len);
        int v = c.version();
        subtypeRow(q, 0, "version " + v + (v == 0 ? " (RFC 6824)" : " (RFC 8684)"));
        int f = c.flags();
        field(q + 3, 1, "tcp.options.mptcp.flags", String.format("0x%02x", f), "flags A B C D E F G H");
        flag(q + 3, "A", c.checksumRequired(), "checksum required: every DSS mapping carries a checksum",
                "no DSS checksums requested");
        flag(q + 3, "B", c.extensibility(), "extensibility (reserved for future use)", "no extensibility");
        if (v >= 1) flag(q + 3, "C", c.noMoreSubflows(), "do not open subflows to this source address",
                "subflows to this source address are welcome");
        if ((f & (v >= 1 ? 0x1e : 0x3e)) != 0) {
            flag(q + 3, v >= 1 ? "D-G" : "C-G", true, "bits set that are not assigned (ignored)", "");
        }
        flag(q + 3, "H", c.hmacSha(), (v == 0 ? "HMAC-SHA1" : "HMAC-SHA256") + " is the crypto algorithm",
                "no crypto algorithm (anomaly mptcp_missing_algorithm)");
        if (c.hasSenderKey()) {
            String who = synAck ? "server's (SYN/ACK sender's)" : syn ? "client's (SYN sender's)" : "sender's (client's)";
            field(q + 4, 8, "tcp.options.mptcp.sendkey", Bytes.hex64(c.senderKey()),
                    "the " + who + " 64-bit key; token " + Bytes.hex32(Keys.token(c.senderKey(), v))
                            + ", IDSN " + Long.toUnsignedString(Keys.idsn(c.senderKey(), v))
                            + " (" + (v == 0 ? "SHA-1" : "SHA-256") + " of the key, see 'handshake')");
        } else {
            info("tcp.options.mptcp.sendkey", null, "no key: a v1 SYN carries none (the client sends it in the third ACK)");
        }
        if (c.hasReceiverKey()) {
            field(q + 12, 8, "tcp.options.mptcp.recvkey", Bytes.hex64(c.receiverKey()),
                    "the receiver's key echoed back: both keys are now known (token "
                            + Bytes.hex32(Keys.token(c.receiverKey(), v)) + ")");
        }
        if (c.hasDataLevelLength()) {
            field(q + 20, 2, "tcp.options.mptcp.datalvllen", c.dataLevelLength(),
                    "data-level length: this ACK carries data whose DSN is the sender's IDSN + 1");
        }
        if (c.hasChecksum()) {
            field(q + 22, 2, "tcp.options.mptcp.checksum", hex16(c.checksum()), "DSS checksum of that data");
        }
    }

    private void flag(int off, String name, boolean set, String ifSet, String ifClear) {
        out.row(layer, String.format("0x%04x", off), 1, null, "flag " + name, set ? 1 : 0,
                name + ": " + (set ? ifSet : ifClear));
    }

    private void join(int q, int len) {
        MpJoin j = new MpJoin().wrap(b, q, len);
        MpJoin.Form form = j.form();
        if (form == MpJoin.Form.ACK) {
            subtypeRow(q, 1, "reserved");
            field(q + 3, 1, "mptcp.reserved", b[q + 3] & 0xff, "reserved");
            field(q + 4, 20, "tcp.options.mptcp.sendmac", Bytes.hex(b, q + 4, 20),
                    "third ACK: the client's 160-bit HMAC (proves it knows both keys; see 'handshake')");
            return;
        }
        subtypeRow(q, 1, "B=" + onOff(j.backup()) + ": " + (j.backup()
                ? "backup: the sender wants this subflow used only when the others fail"
                : "regular subflow (not backup)"));
        field(q + 3, 1, "tcp.options.mptcp.addrid", j.addressId(),
                "address id of the sender's address (" + (form == MpJoin.Form.SYN ? "client" : "server") + ")");
        if (form == MpJoin.Form.SYN) {
            field(q + 4, 4, "tcp.options.mptcp.recvtok", Bytes.hex32(j.receiverToken()),
                    "token of the receiver: names the connection this subflow joins");
            field(q + 8, 4, "tcp.options.mptcp.sendrand", Bytes.hex32(j.senderRandom()),
                    "client's nonce (random number) R-A, used in both HMACs");
        } else {
            field(q + 4, 8, "tcp.options.mptcp.sendtrunchmac", Bytes.hex64(j.truncatedHmac()),
                    "server's HMAC truncated to 64 bits (proves it knows both keys)");
            field(q + 12, 4, "tcp.options.mptcp.sendrand", Bytes.hex32(j.senderRandom()),
                    "server's nonce R-B");
        }
    }

    private void dss(int q, int len) {
        Dss d = new Dss().wrap(b, q, len);
        subtypeRow(q, 2, "reserved");
        int f = d.flags();
        field(q + 3, 1, "tcp.options.mptcp.flags", String.format("0x%02x", f), "flags: reserved(3) F m M a A");
        flag(q + 3, "A", d.dataAckPresent(), "DATA_ACK present, " + (d.dataAck8() ? 8 : 4) + " bytes",
                "no DATA_ACK");
        flag(q + 3, "a", d.dataAck8(), "DATA_ACK is 8 bytes", "DATA_ACK (if any) is 4 bytes");
        flag(q + 3, "M", d.dsnPresent(), "DSN present, " + (d.dsn8() ? 8 : 4)
                + " bytes (with subflow sequence number and data-level length: a mapping)", "no mapping");
        flag(q + 3, "m", d.dsn8(), "DSN is 8 bytes", "DSN (if any) is 4 bytes");
        flag(q + 3, "F", d.dataFin(), "DATA_FIN: the sender has no more data for the connection",
                "no DATA_FIN");
        int p = q + 4;
        if (d.dataAckPresent()) {
            int n = d.dataAck8() ? 8 : 4;
            field(p, n, "tcp.options.mptcp.rawdataack", Long.toUnsignedString(d.dataAck()),
                    "DATA_ACK: next data-level byte the sender expects (connection level)");
            p += n;
        }
        if (d.dsnPresent()) {
            int n = d.dsn8() ? 8 : 4;
            field(p, n, "tcp.options.mptcp.rawdataseqno", Long.toUnsignedString(d.dsn()),
                    "DSN: data sequence number of the mapping's first byte");
            p += n;
            field(p, 4, "tcp.options.mptcp.subflowseqno", d.subflowSeq(),
                    "subflow sequence number where the mapping starts (relative to the subflow's ISN)");
            p += 4;
            field(p, 2, "tcp.options.mptcp.datalvllen", d.dataLevelLength(), d.dataLevelLength() == 0
                    ? "0: infinite mapping (fallback to TCP)" : "bytes the mapping covers");
            p += 2;
            if (d.hasChecksum()) {
                field(p, 2, "tcp.options.mptcp.checksum", hex16(d.checksum()),
                        "checksum of the mapped data and a pseudo-header (negotiated by flag A)");
            }
        }
    }

    private void addAddr(int q, int len) {
        AddAddr a = new AddAddr().wrap(b, q, len);
        if (a.isV0()) {
            subtypeRow(q, 3, "IP version " + a.ipVersion() + " (RFC 6824 form)");
        } else {
            subtypeRow(q, 3, "E=" + onOff(a.echo()) + ": " + (a.echo()
                    ? "echo: acknowledges the peer's announcement (no HMAC)"
                    : "announcement (carries an HMAC)"));
        }
        field(q + 3, 1, "tcp.options.mptcp.addrid", a.addressId(), "address id: the name of this address in the connection");
        int alen = a.ipVersion() == 6 ? 16 : 4;
        field(q + 4, alen, a.ipVersion() == 6 ? "tcp.options.mptcp.ipv6" : "tcp.options.mptcp.ipv4",
                Bytes.ipString(b, q + 4, a.ipVersion()), "address announced: the peer may open subflows to it");
        int p = q + 4 + alen;
        if (a.hasPort()) {
            field(p, 2, "tcp.options.mptcp.port", a.port(), "port announced");
            p += 2;
        }
        if (a.hasHmac()) {
            field(p, 8, "tcp.options.mptcp.sendtrunchmac", Bytes.hex64(a.truncatedHmac()),
                    "HMAC of id, address and port with both keys, its rightmost 64 bits (see 'handshake')");
        }
    }

    // ---------------------------------------------------------------- analysis

    private void analysis(Trace t, int i, DecodedPacket dp) {
        layer = "analysis";
        PacketTable p = t.packets();
        int frame = i + 1;
        int sid = p.subflow(i);
        if (sid >= 0) {
            Subflow s = t.subflows().get(sid);
            int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
            Endpoint from = dir == 0 ? s.client : s.server, to = dir == 0 ? s.server : s.client;
            info("tcp.stream", sid, "subflow (TCP conversation) " + s.client + " <-> " + s.server);
            info("direction", dir == 0 ? "c2s" : "s2c", from + " -> " + to
                    + (dir == 0 ? " (from the subflow's client)" : " (from the subflow's server)"));
            if (s.conn >= 0) {
                Connection c = t.connections().get(s.conn);
                int role = dir == 0 ? s.clientRole : 1 - s.clientRole;
                info("mptcp.stream", s.conn, "MPTCP connection this subflow belongs to"
                        + (p.has(i, PacketTable.F_BEFORE_CONNECTION)
                                ? " (Wireshark attaches it only from a later frame)" : ""));
                info("mptcp.master", s.master, s.master
                        ? "master subflow: carried the MP_CAPABLE handshake"
                        : c.masterSubflow >= 0 ? "joined with MP_JOIN; the master is subflow " + c.masterSubflow
                        : "the MP_CAPABLE handshake was not captured");
                info("sender_role", role == Connection.CLIENT ? "client" : "server",
                        "the sender is the connection's " + (role == Connection.CLIENT ? "client" : "server"));
            } else {
                info("mptcp.stream", null, "plain TCP: no MPTCP connection");
            }
        } else {
            info("tcp.stream", null, dp.ipVersion == 0 ? "not IP" : "not TCP");
        }
        DataLevel d = t.dataLevel();
        if (d.hasDsn(i)) {
            info("mptcp.rawdsn64", Long.toUnsignedString(d.rawDsn(i)), "data sequence number of the first payload byte");
            info("mptcp.dsn", Long.toUnsignedString(d.relativeDsn(i)), "DSN relative to the sender's IDSN");
            int[] maps = d.relatedMappings(i);
            info("mptcp.related_mapping", maps.length == 0 ? null : list(maps), "frames whose DSS mapping covers this payload");
        }
        if (d.hasDataAck(i)) {
            info("mptcp.ack", Long.toUnsignedString(d.relativeDataAck(i)), "DATA_ACK relative to the receiver's IDSN");
        }
        int ck = d.checksumOk(i);
        if (ck >= 0) info("mptcp.checksum_ok", ck == 1, ck == 1 ? "DSS checksum verified" : "DSS checksum does not match");
        int[] of = t.reinjections().reinjectionOf(i);
        if (of.length > 0) info("mptcp.reinjection_of", list(of), "this payload re-sends data first sent in these frames (other subflows)");
        int[] in = t.reinjections().reinjectedIn(i);
        if (in.length > 0) info("mptcp.reinjected_in", list(in), "this payload was sent again in these frames (other subflows)");
        Anomalies an = t.anomalies();
        int k = an.firstOf(frame);
        if (k < 0) {
            info("anomalies", null, "none on this frame");
        } else {
            for (; k < an.size() && an.frame(k) == frame; k++) {
                Anomaly a = an.anomaly(k);
                info("anomaly", a.id(), a.description() + (an.detail(k) == null ? "" : ": " + an.detail(k)));
            }
        }
    }

    private static List<Integer> list(int[] v) {
        List<Integer> l = new ArrayList<>(v.length);
        for (int x : v) l.add(x);
        return l;
    }
}
