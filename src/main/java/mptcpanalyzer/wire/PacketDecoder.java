package mptcpanalyzer.wire;

import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.wire.mptcp.Dss;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * Decodes link, IP and TCP headers of one record into a {@link DecodedPacket}, without
 * allocating. Never throws on bad bytes: what cannot be decoded is recorded as an anomaly and
 * decoding stops at that layer.
 *
 * <p>Missing bytes are told apart by cause. When a header or the payload claims bytes that are not
 * in the buffer, {@link DecodedPacket#truncated} is set; the anomaly is
 * {@link Anomaly#PACKET_TRUNCATED} when the record says the snap length cut the packet
 * ({@code capLen < origLen}), else the malformed anomaly of the layer whose length field lies
 * (the record is complete, so the header claims bytes that never were on the wire).
 *
 * <p>One instance is meant to be reused for every packet of a capture; it holds only
 * per-call scratch fields and is not thread-safe.
 */
public final class PacketDecoder {
    // --- link types (LINKTYPE_* values of pcap / pcapng)
    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    // --- EtherTypes
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88a8;
    public static final int ETHERTYPE_QINQ_OLD = 0x9100;

    // --- Ethernet: dst(6) src(6) type(2); a VLAN tag is TCI(2) + inner type(2)
    private static final int ETH_TYPE = 12;
    private static final int ETH_HEADER = 14;
    private static final int VLAN_TAG = 4;
    private static final int VLAN_INNER_TYPE = 2;
    /** Below this, the Ethernet type field is an 802.3 length, not an EtherType. */
    private static final int ETHERTYPE_MIN = 0x0600;

    // --- BSD loopback (NULL, LOOP): 4-byte address family
    private static final int NULL_HEADER = 4;
    private static final int AF_INET = 2;
    /** AF_INET6 differs by OS: NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30. */
    private static final int AF_INET6_BSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    // --- Linux cooked captures
    private static final int SLL_HEADER = 16;
    private static final int SLL_PROTOCOL = 14;
    private static final int SLL2_HEADER = 20;
    private static final int SLL2_PROTOCOL = 0;

    // --- IPv4
    private static final int IP4_VER_IHL = 0;
    private static final int IP4_TOTAL_LEN = 2;
    private static final int IP4_FRAG = 6;
    private static final int IP4_PROTO = 9;
    private static final int IP4_SRC = 12;
    private static final int IP4_DST = 16;
    private static final int IP4_MIN_HEADER = 20;
    private static final int IP4_MF = 0x2000;
    private static final int IP4_FRAG_OFFSET_MASK = 0x1fff;

    // --- IPv6
    private static final int IP6_PAYLOAD_LEN = 4;
    private static final int IP6_NEXT = 6;
    private static final int IP6_SRC = 8;
    private static final int IP6_DST = 24;
    private static final int IP6_HEADER = 40;
    private static final int NH_HOP_BY_HOP = 0;
    private static final int NH_ROUTING = 43;
    private static final int NH_FRAGMENT = 44;
    private static final int NH_AH = 51;
    private static final int NH_NONE = 59;
    private static final int NH_DEST_OPTS = 60;
    /** Extension header: next header(1) length(1); fragment header: offset+flags at 2. */
    private static final int EXT_NEXT = 0;
    private static final int EXT_LEN = 1;
    private static final int EXT_FRAG_OFFSET = 2;
    private static final int EXT_FRAG_HEADER = 8;

    // --- TCP
    public static final int IPPROTO_TCP = 6;
    private static final int TCP_SPORT = 0;
    private static final int TCP_DPORT = 2;
    private static final int TCP_SEQ = 4;
    private static final int TCP_ACK = 8;
    private static final int TCP_DATA_OFFSET = 12;
    private static final int TCP_FLAGS = 13;
    private static final int TCP_WINDOW = 14;
    private static final int TCP_MIN_HEADER = 20;
    private static final int TCPOPT_EOL = 0;
    private static final int TCPOPT_NOP = 1;
    public static final int TCPOPT_MPTCP = 30;

    /** Link headers and the first IP header have no enclosing length: only the captured bytes bound them. */
    private static final int NO_BOUND = Integer.MAX_VALUE;

    // --- per-call scratch (no allocation): the record's buffer end and whether the snap length cut it
    private byte[] b;
    /** End (exclusive) of the captured bytes in {@link #b}. */
    private int capEnd;
    /** True when the record says the snap length cut the packet (capLen < origLen). */
    private boolean snapCut;

    /**
     * Decodes {@code rec} into {@code out} (reset first).
     *
     * @return true when an IP packet was found (then {@code out.ipVersion} is 4 or 6)
     */
    public boolean decode(PacketRecord rec, DecodedPacket out) {
        out.reset();
        out.buf = rec.buf;
        b = rec.buf;
        if (b == null || rec.offset < 0 || rec.offset > b.length || rec.capLen < 0) {
            out.addAnomaly(Anomaly.LINK_MALFORMED);
            b = null;
            return false;
        }
        int start = rec.offset;
        // A record claiming more bytes than its buffer holds is read as far as the buffer goes.
        capEnd = (int) Math.min((long) start + rec.capLen, b.length);
        snapCut = rec.capLen < rec.origLen;
        try {
            return link(rec.linkType, start, out);
        } finally {
            b = null; // do not keep the reader's buffer alive between calls
        }
    }

    /** Dispatches on the link type; returns whether an IP header was decoded. */
    private boolean link(int linkType, int p, DecodedPacket out) {
        switch (linkType) {
            case LINKTYPE_ETHERNET: {
                if (!need(out, p, ETH_HEADER, NO_BOUND, Anomaly.LINK_MALFORMED)) return false;
                return etherType(Bytes.u16(b, p + ETH_TYPE), p + ETH_HEADER, out);
            }
            case LINKTYPE_NULL:
            case LINKTYPE_LOOP: {
                if (!need(out, p, NULL_HEADER, NO_BOUND, Anomaly.LINK_MALFORMED)) return false;
                int be = Bytes.i32(b, p);
                // NULL is in the writer's host order: try both orders. LOOP is always big-endian.
                int fam = linkType == LINKTYPE_LOOP ? family(be) : family(be) != 0 ? family(be)
                        : family(Bytes.i32le(b, p));
                if (fam == 4) return ipv4(p + NULL_HEADER, out);
                if (fam == 6) return ipv6(p + NULL_HEADER, out);
                return notIp(out);
            }
            case LINKTYPE_RAW: {
                if (!need(out, p, 1, NO_BOUND, Anomaly.IP_MALFORMED)) return false;
                int v = (b[p] & 0xff) >>> 4;
                if (v == 4) return ipv4(p, out);
                if (v == 6) return ipv6(p, out);
                out.addAnomaly(Anomaly.IP_MALFORMED);
                return false;
            }
            case LINKTYPE_IPV4:
                return ipv4(p, out);
            case LINKTYPE_IPV6:
                return ipv6(p, out);
            case LINKTYPE_LINUX_SLL: {
                if (!need(out, p, SLL_HEADER, NO_BOUND, Anomaly.LINK_MALFORMED)) return false;
                return etherType(Bytes.u16(b, p + SLL_PROTOCOL), p + SLL_HEADER, out);
            }
            case LINKTYPE_LINUX_SLL2: {
                if (!need(out, p, SLL2_HEADER, NO_BOUND, Anomaly.LINK_MALFORMED)) return false;
                return etherType(Bytes.u16(b, p + SLL2_PROTOCOL), p + SLL2_HEADER, out);
            }
            default:
                out.addAnomaly(Anomaly.LINK_UNSUPPORTED);
                return false;
        }
    }

    /** 4, 6 or 0 for a BSD address family value. */
    private static int family(int af) {
        switch (af) {
            case AF_INET: return 4;
            case AF_INET6_BSD: case AF_INET6_FREEBSD: case AF_INET6_DARWIN: return 6;
            default: return 0;
        }
    }

    /** Follows VLAN tags (any depth) from an EtherType at {@code p}, then decodes IP. */
    private boolean etherType(int type, int p, DecodedPacket out) {
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (!need(out, p, VLAN_TAG, NO_BOUND, Anomaly.LINK_MALFORMED)) return false;
            type = Bytes.u16(b, p + VLAN_INNER_TYPE);
            p += VLAN_TAG;
        }
        if (type >= ETHERTYPE_MIN) out.etherType = type;
        if (type == ETHERTYPE_IPV4) return ipv4(p, out);
        if (type == ETHERTYPE_IPV6) return ipv6(p, out);
        return notIp(out);
    }

    /** Not IP: nothing decoded above the link; a snap-length cut still counts as truncated. */
    private boolean notIp(DecodedPacket out) {
        if (snapCut) {
            out.truncated = true;
            out.addAnomaly(Anomaly.PACKET_TRUNCATED);
        }
        return false;
    }

    /**
     * Whether {@code n} bytes at {@code p} are there. Bytes past {@code declaredEnd} (what the
     * enclosing header says exists) make the header {@code malformed}; bytes past the captured
     * end are missing: truncated.
     */
    private boolean need(DecodedPacket out, int p, int n, int declaredEnd, Anomaly malformed) {
        // short enough for the JIT's first tier to inline (at most 35 bytes of bytecode); no
        // overflow: 0 <= n, 0 <= capEnd and 0 <= declaredEnd
        if (p > capEnd - n || p > declaredEnd - n) return lacking(out, p, n, declaredEnd, malformed);
        return true;
    }

    /** {@link #need} when the bytes are not there: records why; returns false. */
    private boolean lacking(DecodedPacket out, int p, int n, int declaredEnd, Anomaly malformed) {
        if (p > declaredEnd - n) out.addAnomaly(malformed);
        else missing(out, malformed);
        return false;
    }

    /** Records bytes missing from the buffer (see the class comment for the anomaly chosen). */
    private void missing(DecodedPacket out, Anomaly malformed) {
        out.truncated = true;
        out.addAnomaly(snapCut ? Anomaly.PACKET_TRUNCATED : malformed);
    }

    private boolean ipv4(int p, DecodedPacket out) {
        if (!need(out, p, IP4_MIN_HEADER, NO_BOUND, Anomaly.IP_MALFORMED)) return false;
        int verIhl = b[p + IP4_VER_IHL] & 0xff;
        int ihl = (verIhl & 0x0f) * 4;
        if (verIhl >>> 4 != 4 || ihl < IP4_MIN_HEADER) {
            out.addAnomaly(Anomaly.IP_MALFORMED);
            return false;
        }
        out.ipVersion = 4;
        out.ipOffset = p;
        out.etherType = ETHERTYPE_IPV4;
        System.arraycopy(b, p + IP4_SRC, out.src, 0, 4);
        System.arraycopy(b, p + IP4_DST, out.dst, 0, 4);
        out.srcHi = (long) Bytes.i32(b, p + IP4_SRC) << 32;
        out.dstHi = (long) Bytes.i32(b, p + IP4_DST) << 32;
        out.ipProto = b[p + IP4_PROTO] & 0xff;
        int totalLen = Bytes.u16(b, p + IP4_TOTAL_LEN);
        int ipEnd;
        if (totalLen == 0) {
            // Linux captures TSO/GSO super-packets before segmentation with total length 0
            // (Wireshark: "presumed to be because of TSO"): the packet is what was captured.
            ipEnd = capEnd;
            if (snapCut) missing(out, Anomaly.IP_MALFORMED);
        } else if (totalLen < ihl) {
            out.addAnomaly(Anomaly.IP_MALFORMED);
            return true;
        } else {
            ipEnd = p + totalLen;
            if (ipEnd > capEnd) missing(out, Anomaly.IP_MALFORMED);
        }
        if (!need(out, p, ihl, ipEnd, Anomaly.IP_MALFORMED)) return true;
        int frag = Bytes.u16(b, p + IP4_FRAG);
        if ((frag & IP4_FRAG_OFFSET_MASK) != 0) {
            // Later fragments carry no TCP header; reassembly is out of scope.
            out.addAnomaly(Anomaly.IP_FRAGMENT);
            return true;
        }
        // A first fragment (MF set, offset 0) is decoded as far as its bytes go.
        if (out.ipProto == IPPROTO_TCP) tcp(p + ihl, ipEnd, out);
        return true;
    }

    private boolean ipv6(int p, DecodedPacket out) {
        if (!need(out, p, IP6_HEADER, NO_BOUND, Anomaly.IP_MALFORMED)) return false;
        if ((b[p] & 0xff) >>> 4 != 6) {
            out.addAnomaly(Anomaly.IP_MALFORMED);
            return false;
        }
        out.ipVersion = 6;
        out.ipOffset = p;
        out.etherType = ETHERTYPE_IPV6;
        System.arraycopy(b, p + IP6_SRC, out.src, 0, 16);
        System.arraycopy(b, p + IP6_DST, out.dst, 0, 16);
        out.srcHi = Bytes.u64(b, p + IP6_SRC);
        out.srcLo = Bytes.u64(b, p + IP6_SRC + 8);
        out.dstHi = Bytes.u64(b, p + IP6_DST);
        out.dstLo = Bytes.u64(b, p + IP6_DST + 8);
        int plen = Bytes.u16(b, p + IP6_PAYLOAD_LEN);
        int ipEnd;
        if (plen == 0) {
            // Jumbogram (or TSO capture): the payload length lives elsewhere; use what was captured.
            ipEnd = capEnd;
            if (snapCut) missing(out, Anomaly.IP_MALFORMED);
        } else {
            ipEnd = p + IP6_HEADER + plen;
            if (ipEnd > capEnd) missing(out, Anomaly.IP_MALFORMED);
        }
        int nh = b[p + IP6_NEXT] & 0xff;
        int q = p + IP6_HEADER;
        // Each extension header is at least 8 bytes, so the walk ends within the packet.
        while (true) {
            int hdrLen;
            switch (nh) {
                case NH_HOP_BY_HOP:
                case NH_ROUTING:
                case NH_DEST_OPTS:
                    if (!need(out, q, 2, ipEnd, Anomaly.IPV6_EXT_MALFORMED)) { out.ipProto = nh; return true; }
                    hdrLen = ((b[q + EXT_LEN] & 0xff) + 1) * 8;
                    break;
                case NH_AH:
                    if (!need(out, q, 2, ipEnd, Anomaly.IPV6_EXT_MALFORMED)) { out.ipProto = nh; return true; }
                    // AH counts 4-byte units, minus 2 (RFC 4302).
                    hdrLen = ((b[q + EXT_LEN] & 0xff) + 2) * 4;
                    break;
                case NH_FRAGMENT:
                    hdrLen = EXT_FRAG_HEADER;
                    if (!need(out, q, hdrLen, ipEnd, Anomaly.IPV6_EXT_MALFORMED)) { out.ipProto = nh; return true; }
                    if ((Bytes.u16(b, q + EXT_FRAG_OFFSET) >>> 3) != 0) {
                        out.ipProto = b[q + EXT_NEXT] & 0xff;
                        out.addAnomaly(Anomaly.IP_FRAGMENT);
                        return true;
                    }
                    break;
                default:
                    // NH_NONE (59), TCP, UDP, ...: the end of the chain.
                    out.ipProto = nh;
                    if (nh == IPPROTO_TCP) tcp(q, ipEnd, out);
                    return true;
            }
            if (!need(out, q, hdrLen, ipEnd, Anomaly.IPV6_EXT_MALFORMED)) { out.ipProto = nh; return true; }
            nh = b[q + EXT_NEXT] & 0xff;
            q += hdrLen;
        }
    }

    /** Decodes the TCP header at {@code t}; {@code ipEnd} is where IP says the segment ends. */
    private void tcp(int t, int ipEnd, DecodedPacket out) {
        if (!need(out, t, TCP_MIN_HEADER, ipEnd, Anomaly.TCP_MALFORMED)) return;
        out.tcp = true;
        out.tcpOffset = t;
        out.srcPort = Bytes.u16(b, t + TCP_SPORT);
        out.dstPort = Bytes.u16(b, t + TCP_DPORT);
        out.seq = Bytes.i32(b, t + TCP_SEQ);
        out.ack = Bytes.i32(b, t + TCP_ACK);
        out.tcpFlags = b[t + TCP_FLAGS] & 0xff;
        out.window = Bytes.u16(b, t + TCP_WINDOW);
        int hl = ((b[t + TCP_DATA_OFFSET] & 0xff) >>> 4) * 4;
        if (hl < TCP_MIN_HEADER || t + hl > ipEnd) {
            // The fixed fields stand; options and payload cannot be located.
            out.addAnomaly(Anomaly.TCP_MALFORMED);
            out.tcpHeaderLen = TCP_MIN_HEADER;
            out.payloadOffset = t + TCP_MIN_HEADER;
            return;
        }
        out.tcpHeaderLen = hl;
        int optEnd = t + hl;
        if (optEnd > capEnd) missing(out, Anomaly.TCP_MALFORMED);
        out.tupleHash = tupleHash(out.srcHi, out.srcLo, out.srcPort, out.dstHi, out.dstLo, out.dstPort);
        options(t + TCP_MIN_HEADER, optEnd, out);
        for (int k = 0; k < out.mptcpCount; k++) {
            int o = out.mptcpOffset[k];
            int n = out.mptcpLength[k];
            Anomaly bad = MptcpOption.check(b, o, n, out.tcpFlags);
            out.mptcpBad[k] = bad == null ? -1 : bad.ordinal();
            boolean isDss = n >= 4 && MptcpOption.subtype(b, o) == MptcpOption.DSS;
            if (bad == null && isDss) Dss.readFields(b, o, n, out, k);
            // RFC 8684 3.3: kind, length, subtype, flags, then the DATA_ACK (4 or 8 bytes)
            if (n >= 8 && isDss && (b[o + 3] & Dss.FLAG_DATA_ACK_PRESENT) != 0) {
                boolean ack8 = (b[o + 3] & Dss.FLAG_DATA_ACK8) != 0;
                if (n >= (ack8 ? 12 : 8)) {
                    out.dataAckOption = k;
                    out.dataAck8 = ack8;
                }
            }
        }
        out.payloadOffset = optEnd;
        out.payloadLen = ipEnd - optEnd;
        int captured = Math.min(ipEnd, capEnd) - optEnd;
        // A shortfall here was recorded by the IP layer (ipEnd past the captured end).
        out.payloadCaptured = Math.max(0, captured);
    }

    /**
     * A hash of a TCP 4-tuple (addresses packed as in {@link DecodedPacket#srcHi}) that is the
     * same in both directions.
     */
    public static long tupleHash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        long x = mix(aHi ^ mix(aLo ^ aPort));
        long y = mix(bHi ^ mix(bLo ^ bPort));
        return mix(x ^ y) ^ mix(x + y);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Walks the option space [{@code i}, {@code optEnd}) recording MPTCP options. */
    private void options(int i, int optEnd, DecodedPacket out) {
        int avail = Math.min(optEnd, capEnd);
        while (i < optEnd) {
            if (i >= avail) return; // cut by the snap length; already recorded
            int kind = b[i] & 0xff;
            if (kind == TCPOPT_EOL) return;
            if (kind == TCPOPT_NOP) { i++; continue; }
            if (i + 1 >= optEnd) {
                out.addAnomaly(Anomaly.TCP_OPTION_BAD_LENGTH);
                return;
            }
            if (i + 1 >= avail) {
                // The length byte itself was cut: an MPTCP option is still worth listing.
                if (kind == TCPOPT_MPTCP) {
                    out.addMptcpOption(i, 1);
                    out.addAnomaly(Anomaly.MPTCP_OPTION_TRUNCATED);
                }
                return;
            }
            int len = b[i + 1] & 0xff;
            if (len < 2 || i + len > optEnd) {
                out.addAnomaly(Anomaly.TCP_OPTION_BAD_LENGTH);
                // an MPTCP option was there, only its length is broken: say so, so that the
                // analysis does not take the segment for one without MPTCP
                if (kind == TCPOPT_MPTCP) out.addAnomaly(Anomaly.MPTCP_OPTION_BAD_LENGTH);
                return;
            }
            if (kind == TCPOPT_MPTCP) {
                int readable = Math.min(len, avail - i);
                if (readable < len) out.addAnomaly(Anomaly.MPTCP_OPTION_TRUNCATED);
                out.addMptcpOption(i, readable);
            }
            i += len;
        }
    }
}
