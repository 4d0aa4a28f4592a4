package mptcpanalyzer.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * The field registry: every name a filter may use, with its type, its meaning and how to read
 * its values for packet {@code i} of a trace. Names and meanings are Wireshark's (tshark 4.0);
 * our own additions are marked {@link Field#ours()}.
 *
 * <p>A field may have several values in one packet ({@code ip.addr}, {@code tcp.port}, two MPTCP
 * options in one segment); a test matches when any value matches. A field with no value is
 * absent, exactly when Wireshark would not show it.
 */
public final class Fields {
    /** Value types. */
    public enum Type {
        PROTOCOL("Protocol"),
        BOOLEAN("Boolean"),
        UINT("Unsigned integer"),
        FRAMENUM("Frame number"),
        DOUBLE("Floating point"),
        IPV4("IPv4 address"),
        IPV6("IPv6 address"),
        STRING("Character string"),
        BYTES("Byte sequence");

        final String label;

        Type(String label) { this.label = label; }

        /** Wireshark's name of the type, as in error messages. */
        public String label() { return label; }
    }

    /**
     * Reads the values of a field for one packet, without allocating: writes them to
     * {@code out} (IPv6: two longs per value, high then low 64 bits; DOUBLE: raw double bits;
     * STRING: an index into {@link StringGetter#dictionary()}; BYTES: where they are, see
     * {@link BytesGetter}) and returns how many values the packet has (0: absent).
     * Getters never write more than {@link #MAX_VALUES} values.
     */
    public interface Getter {
        int get(int i, long[] out);
    }

    /** A getter of a STRING field: values are indexes into the dictionary. */
    public interface StringGetter extends Getter {
        String[] dictionary();
    }

    /**
     * A getter of a BYTES field: each value says where its {@link #width()} bytes are: in
     * {@link #array} of it, from the offset in its low 32 bits.
     */
    public interface BytesGetter extends Getter {
        byte[] array(long value);

        int width();
    }

    /** Most values a getter reports for one packet (IPv6 values take two slots each). */
    public static final int MAX_VALUES = 64;

    /**
     * A field.
     *
     * @param name Wireshark's name, e.g. {@code mptcp.master}
     * @param type its type
     * @param bits width of unsigned integers (8, 16, 32, 64), else 0
     * @param description one line for help and documentation
     * @param ours true for mptcp-analyzer's own fields (not in Wireshark)
     * @param binder makes the getter for a trace
     */
    public record Field(String name, Type type, int bits, String description, boolean ours,
            Function<FieldContext, Getter> binder) {
        /** Type as Wireshark words it in errors, e.g. {@code Unsigned integer (4 bytes)}. */
        public String typeLabel() {
            return type == Type.UINT ? type.label + " (" + bits / 8 + " byte" + (bits == 8 ? "" : "s") + ")"
                    : type.label;
        }

        /** Largest value of an unsigned field (as an unsigned long). */
        public long max() { return bits >= 64 ? -1L : (1L << bits) - 1; }
    }

    private static final Map<String, Field> BY_NAME = new LinkedHashMap<>();

    private Fields() {}

    /** The field called {@code name}, or null. */
    public static Field get(String name) { return BY_NAME.get(name); }

    /** Every field in registry order. */
    public static Collection<Field> all() { return Collections.unmodifiableCollection(BY_NAME.values()); }

    /** The closest field name to a misspelt {@code name}, or null when none is close. */
    public static String suggest(String name) {
        String best = null;
        int bestD = Math.max(2, name.length() / 5) + 1;
        for (String f : BY_NAME.keySet()) {
            int d = distance(name, f);
            if (d < bestD) { bestD = d; best = f; }
        }
        return best;
    }

    static int distance(String a, String b) {
        return mptcpanalyzer.text.EditDistance.distance(a, b);
    }

    private static void add(String name, Type type, int bits, String description,
            Function<FieldContext, Getter> binder) {
        BY_NAME.put(name, new Field(name, type, bits, description, false, binder));
    }

    private static void ours(String name, Type type, int bits, String description,
            Function<FieldContext, Getter> binder) {
        BY_NAME.put(name, new Field(name, type, bits, description, true, binder));
    }

    /** One value of packet {@code i}. */
    interface LongOf { long of(int i); }

    /**
     * A getter of one value, present when {@code flag} is set; F_TCP means "has a subflow"
     * (the loader numbers every TCP packet's conversation).
     */
    private static Getter single(PacketTable p, int flag, LongOf f) {
        if (flag == PacketTable.F_TCP) {
            return (i, out) -> {
                if (p.subflow(i) < 0) return 0;
                out[0] = f.of(i);
                return 1;
            };
        }
        return (i, out) -> {
            if ((p.flags(i) & flag) != flag) return 0;
            out[0] = f.of(i);
            return 1;
        };
    }

    private static Getter flagged(PacketTable p, int flag) {
        if (flag == PacketTable.F_TCP) return single(p, flag, i -> 0);
        return (i, out) -> {
            if ((p.flags(i) & flag) != flag) return 0;
            out[0] = 0;
            return 1;
        };
    }

    /** Extracts values of one MPTCP option (well-formed, of a subtype in the field's mask). */
    interface Opt {
        int put(FieldContext c, int i, byte[] b, int off, int len, long[] out, int n);
    }

    private static final int ALL_SUBTYPES = 0xffff;

    /** Option field over the subtypes in {@code mask}; {@code anyShape} skips the validity check. */
    private static void opt(String name, Type type, int bits, int mask, boolean anyShape,
            String description, Opt f) {
        add("tcp.options.mptcp." + name, type, bits, description, c -> c.optionGetter(mask, anyShape, f));
    }

    private static int bit(int subtype) { return 1 << subtype; }

    private static final int MPC = bit(MptcpOption.MP_CAPABLE);
    private static final int JOIN = bit(MptcpOption.MP_JOIN);
    private static final int DSS = bit(MptcpOption.DSS);
    private static final int ADD = bit(MptcpOption.ADD_ADDR);
    private static final int RM = bit(MptcpOption.REMOVE_ADDR);
    private static final int PRIO = bit(MptcpOption.MP_PRIO);
    private static final int FAIL = bit(MptcpOption.MP_FAIL);
    private static final int FCLOSE = bit(MptcpOption.MP_FASTCLOSE);
    private static final int RST = bit(MptcpOption.MP_TCPRST);

    private static int u8(byte[] b, int off) { return b[off] & 0xff; }

    private static int version(byte[] b, int off) { return b[off + 2] & 0x0f; }

    /** An MP_CAPABLE flag bit, on the options of {@code version} (-1: every version). */
    private static Opt capableBit(int mask, int shift, int onlyVersion) {
        return (c, i, b, off, len, out, n) -> {
            if (onlyVersion >= 0 && version(b, off) != onlyVersion) return n;
            out[n] = (u8(b, off + 3) & mask) >>> shift;
            return n + 1;
        };
    }

    private static Opt dssBit(int mask) {
        return (c, i, b, off, len, out, n) -> {
            out[n] = (u8(b, off + 3) & mask) != 0 ? 1 : 0;
            return n + 1;
        };
    }

    private static Opt rstBit(int mask) {
        return (c, i, b, off, len, out, n) -> {
            out[n] = (u8(b, off + 2) & mask) != 0 ? 1 : 0;
            return n + 1;
        };
    }

    private static boolean oneOf(int len, int a, int b, int c, int d) {
        return len == a || len == b || len == c || len == d;
    }

    static {
        // --- protocols (existence only)
        add("frame", Type.PROTOCOL, 0, "Every frame", c -> (i, out) -> { out[0] = 0; return 1; });
        add("ip", Type.PROTOCOL, 0, "The frame has an IPv4 header", c -> flagged(c.packets, PacketTable.F_IPV4));
        add("ipv6", Type.PROTOCOL, 0, "The frame has an IPv6 header", c -> flagged(c.packets, PacketTable.F_IPV6));
        add("tcp", Type.PROTOCOL, 0, "The frame has a TCP header", c -> flagged(c.packets, PacketTable.F_TCP));
        add("mptcp", Type.PROTOCOL, 0, "The frame carries at least one MPTCP option", c -> flagged(c.packets, PacketTable.F_MPTCP));

        // --- frame
        add("frame.number", Type.FRAMENUM, 32, "Frame number (1-based)", c -> (i, out) -> { out[0] = i + 1; return 1; });
        add("frame.time_relative", Type.DOUBLE, 0, "Seconds since the first frame",
                c -> single(c.packets, 0, i -> Double.doubleToRawLongBits(
                        (c.packets.tsNanos(i) - c.packets.tsNanos(0)) / 1e9)));
        add("frame.time_epoch", Type.DOUBLE, 0, "Capture time, seconds since 1970",
                c -> single(c.packets, 0, i -> Double.doubleToRawLongBits(c.packets.tsNanos(i) / 1e9)));
        add("frame.len", Type.UINT, 32, "Length on the wire", c -> single(c.packets, 0, i -> c.packets.wireLen(i)));
        add("frame.cap_len", Type.UINT, 32, "Captured length", c -> single(c.packets, 0, i -> c.packets.capLen(i)));

        // --- IP
        add("ip.src", Type.IPV4, 0, "IPv4 source address", c -> c.address(4, true, false));
        add("ip.dst", Type.IPV4, 0, "IPv4 destination address", c -> c.address(4, false, true));
        add("ip.addr", Type.IPV4, 0, "IPv4 source or destination address", c -> c.address(4, true, true));
        add("ipv6.src", Type.IPV6, 0, "IPv6 source address", c -> c.address(6, true, false));
        add("ipv6.dst", Type.IPV6, 0, "IPv6 destination address", c -> c.address(6, false, true));
        add("ipv6.addr", Type.IPV6, 0, "IPv6 source or destination address", c -> c.address(6, true, true));

        // --- TCP
        add("tcp.srcport", Type.UINT, 16, "TCP source port", c -> c.port(true, false));
        add("tcp.dstport", Type.UINT, 16, "TCP destination port", c -> c.port(false, true));
        add("tcp.port", Type.UINT, 16, "TCP source or destination port", c -> c.port(true, true));
        add("tcp.stream", Type.UINT, 32, "TCP conversation index (our subflow id)",
                c -> single(c.packets, PacketTable.F_TCP, i -> c.packets.subflow(i)));
        add("tcp.seq", Type.UINT, 32, "Sequence number, relative to the direction's first (SYN: 0)",
                c -> single(c.packets, PacketTable.F_TCP, c::relativeSeq));
        add("tcp.seq_raw", Type.UINT, 32, "Sequence number as sent",
                c -> single(c.packets, PacketTable.F_TCP, i -> Integer.toUnsignedLong(c.packets.seq(i))));
        add("tcp.ack", Type.UINT, 32, "Acknowledgment number, relative to the peer's first sequence number (0 without ACK)",
                c -> single(c.packets, PacketTable.F_TCP, c::relativeAck));
        add("tcp.ack_raw", Type.UINT, 32, "Acknowledgment number as sent",
                c -> single(c.packets, PacketTable.F_TCP, i -> Integer.toUnsignedLong(c.packets.ack(i))));
        add("tcp.len", Type.UINT, 32, "TCP payload length",
                c -> single(c.packets, PacketTable.F_TCP, i -> c.packets.payloadLen(i)));
        add("tcp.window_size_value", Type.UINT, 16, "Window field as sent (not scaled)",
                c -> single(c.packets, PacketTable.F_TCP, i -> c.packets.window(i)));
        add("tcp.flags", Type.UINT, 16, "TCP flags (the 8 bits CWR..FIN)",
                c -> single(c.packets, PacketTable.F_TCP, i -> c.packets.tcpFlags(i)));
        String[][] flags = {
            {"fin", "1"}, {"syn", "2"}, {"reset", "4"}, {"push", "8"}, {"ack", "16"}, {"urg", "32"},
            {"ece", "64"}, {"cwr", "128"}};
        for (String[] f : flags) {
            int m = Integer.parseInt(f[1]);
            add("tcp.flags." + f[0], Type.BOOLEAN, 0, "TCP flag " + f[0].toUpperCase(),
                    c -> single(c.packets, PacketTable.F_TCP, i -> (c.packets.tcpFlags(i) & m) != 0 ? 1 : 0));
        }

        // --- MPTCP options, as Wireshark 4.0 dissects them
        opt("subtype", Type.UINT, 8, ALL_SUBTYPES, true, "Option subtype (0 MP_CAPABLE .. 8 MP_TCPRST)",
                (c, i, b, off, len, out, n) -> { out[n] = MptcpOption.subtype(b, off); return n + 1; });
        opt("version", Type.UINT, 8, MPC, true, "MP_CAPABLE version (0 or 1)",
                (c, i, b, off, len, out, n) -> { out[n] = version(b, off); return n + 1; });
        opt("flags", Type.UINT, 8, MPC | JOIN | DSS | PRIO | RST, false,
                "Flags byte: MP_CAPABLE and DSS byte 3, MP_JOIN, MP_PRIO and MP_TCPRST byte 2 (with the subtype nibble)",
                (c, i, b, off, len, out, n) -> {
                    int st = MptcpOption.subtype(b, off);
                    if (st == MptcpOption.MP_JOIN && len == 24) return n;
                    out[n] = u8(b, off + (st == MptcpOption.MP_CAPABLE || st == MptcpOption.DSS ? 3 : 2));
                    return n + 1;
                });
        opt("reserved", Type.UINT, 16, JOIN | FAIL | FCLOSE, false,
                "Reserved bits (MP_JOIN third ACK, MP_FAIL, MP_FASTCLOSE)",
                (c, i, b, off, len, out, n) -> {
                    if (MptcpOption.subtype(b, off) == MptcpOption.MP_JOIN && len != 24) return n;
                    out[n] = Bytes.u16(b, off + 2) & 0xfff;
                    return n + 1;
                });
        opt("checksumreq.flags", Type.UINT, 8, MPC, false, "MP_CAPABLE A: checksum required", capableBit(0x80, 7, -1));
        opt("extensibility.flag", Type.UINT, 8, MPC, false, "MP_CAPABLE B: extensibility", capableBit(0x40, 6, -1));
        opt("nomoresubflows.flag", Type.UINT, 8, MPC, false, "MP_CAPABLE C (v1): no more subflows to this address", capableBit(0x20, 5, 1));
        opt("sha1.flag", Type.UINT, 8, MPC, false, "MP_CAPABLE H (v0): HMAC-SHA1", capableBit(0x01, 0, 0));
        opt("sha256.flag", Type.UINT, 8, MPC, false, "MP_CAPABLE H (v1): HMAC-SHA256", capableBit(0x01, 0, 1));
        opt("reserved.flag", Type.UINT, 8, MPC, false, "MP_CAPABLE reserved flag bits (D..G)",
                (c, i, b, off, len, out, n) -> {
                    int mask = version(b, off) == 0 ? 0x3e : 0x1e;
                    out[n] = (u8(b, off + 3) & mask) >>> 1;
                    return n + 1;
                });
        opt("backup.flag", Type.UINT, 8, JOIN | PRIO, false, "B: backup (MP_JOIN SYN and SYN/ACK, MP_PRIO)",
                (c, i, b, off, len, out, n) -> {
                    if (MptcpOption.subtype(b, off) == MptcpOption.MP_JOIN && len == 24) return n;
                    out[n] = u8(b, off + 2) & 1;
                    return n + 1;
                });
        opt("datafin.flag", Type.UINT, 8, DSS, false, "DSS F: DATA_FIN", dssBit(0x10));
        opt("dseqn8.flag", Type.UINT, 8, DSS, false, "DSS m: the DSN is 8 bytes", dssBit(0x08));
        opt("dseqnpresent.flag", Type.UINT, 8, DSS, false, "DSS M: a mapping is present", dssBit(0x04));
        opt("dataack8.flag", Type.UINT, 8, DSS, false, "DSS a: the DATA_ACK is 8 bytes", dssBit(0x02));
        opt("dataackpresent.flag", Type.UINT, 8, DSS, false, "DSS A: a DATA_ACK is present", dssBit(0x01));
        opt("flag_U.flag", Type.BOOLEAN, 0, RST, false, "MP_TCPRST U flag", rstBit(0x08));
        opt("flag_V.flag", Type.BOOLEAN, 0, RST, false, "MP_TCPRST V flag", rstBit(0x04));
        opt("flag_W.flag", Type.BOOLEAN, 0, RST, false, "MP_TCPRST W flag", rstBit(0x02));
        opt("flag_T.flag", Type.BOOLEAN, 0, RST, false, "MP_TCPRST T: transient error", rstBit(0x01));
        opt("rst_reason", Type.UINT, 8, RST, false, "MP_TCPRST reason code",
                (c, i, b, off, len, out, n) -> { out[n] = u8(b, off + 3); return n + 1; });
        opt("addrid", Type.UINT, 8, JOIN | ADD | RM | PRIO, false,
                "Address id (MP_JOIN SYN and SYN/ACK, ADD_ADDR, each id of REMOVE_ADDR, MP_PRIO with an id)",
                (c, i, b, off, len, out, n) -> {
                    int st = MptcpOption.subtype(b, off);
                    if (st == MptcpOption.REMOVE_ADDR) {
                        for (int k = off + 3; k < off + len && n < MAX_VALUES; k++) out[n++] = u8(b, k);
                        return n;
                    }
                    if ((st == MptcpOption.MP_JOIN && len == 24) || (st == MptcpOption.MP_PRIO && len != 4)) return n;
                    out[n] = u8(b, off + 3);
                    return n + 1;
                });
        opt("sendkey", Type.UINT, 64, MPC, false, "MP_CAPABLE sender's key",
                (c, i, b, off, len, out, n) -> {
                    if (len < 12) return n;
                    out[n] = Bytes.u64(b, off + 4);
                    return n + 1;
                });
        opt("recvkey", Type.UINT, 64, MPC | FCLOSE, false, "Receiver's key (MP_CAPABLE third ACK, MP_FASTCLOSE)",
                (c, i, b, off, len, out, n) -> {
                    boolean fc = MptcpOption.subtype(b, off) == MptcpOption.MP_FASTCLOSE;
                    if (!fc && len < 20) return n;
                    out[n] = Bytes.u64(b, off + (fc ? 4 : 12));
                    return n + 1;
                });
        opt("recvtok", Type.UINT, 32, JOIN, false, "MP_JOIN SYN receiver's token",
                (c, i, b, off, len, out, n) -> {
                    if (len != 12) return n;
                    out[n] = Bytes.u32(b, off + 4);
                    return n + 1;
                });
        opt("sendrand", Type.UINT, 32, JOIN, false, "MP_JOIN sender's random number (SYN, SYN/ACK)",
                (c, i, b, off, len, out, n) -> {
                    if (len == 24) return n;
                    out[n] = Bytes.u32(b, off + (len == 12 ? 8 : 12));
                    return n + 1;
                });
        opt("sendtrunchmac", Type.UINT, 64, JOIN, false, "MP_JOIN SYN/ACK truncated HMAC",
                (c, i, b, off, len, out, n) -> {
                    if (len != 16) return n;
                    out[n] = Bytes.u64(b, off + 4);
                    return n + 1;
                });
        add("tcp.options.mptcp.sendhmac", Type.BYTES, 0, "MP_JOIN third ACK HMAC (20 bytes)",
                c -> c.bytesGetter(JOIN, 20, (cc, i, b, off, len, out, n) -> {
                    if (len != 24) return n;
                    out[n] = off + 4;
                    return n + 1;
                }));
        opt("addaddrtrunchmac", Type.UINT, 64, ADD, false, "ADD_ADDR truncated HMAC (v1, not echo)",
                (c, i, b, off, len, out, n) -> {
                    if (!oneOf(len, 16, 18, 28, 30)) return n;
                    out[n] = Bytes.u64(b, off + len - 8);
                    return n + 1;
                });
        opt("rawdataack", Type.UINT, 64, DSS, false, "DSS DATA_ACK as sent (4 or 8 bytes)",
                (c, i, b, off, len, out, n) -> {
                    c.dss.wrap(b, off, len);
                    if (!c.dss.dataAckPresent()) return n;
                    out[n] = c.dss.dataAck();
                    return n + 1;
                });
        opt("rawdataseqno", Type.UINT, 64, DSS | FAIL, false, "DSN as sent (DSS mapping: 4 or 8 bytes; MP_FAIL)",
                (c, i, b, off, len, out, n) -> {
                    if (MptcpOption.subtype(b, off) == MptcpOption.MP_FAIL) {
                        out[n] = Bytes.u64(b, off + 4);
                        return n + 1;
                    }
                    c.dss.wrap(b, off, len);
                    if (!c.dss.dsnPresent()) return n;
                    out[n] = c.dss.dsn();
                    return n + 1;
                });
        opt("subflowseqno", Type.UINT, 32, DSS, false, "DSS mapping: subflow sequence number (relative to the ISN)",
                (c, i, b, off, len, out, n) -> {
                    c.dss.wrap(b, off, len);
                    if (!c.dss.dsnPresent()) return n;
                    out[n] = c.dss.subflowSeq();
                    return n + 1;
                });
        opt("datalvllen", Type.UINT, 16, DSS | MPC, false, "Data-level length (DSS mapping, MP_CAPABLE with data)",
                (c, i, b, off, len, out, n) -> {
                    if (MptcpOption.subtype(b, off) == MptcpOption.MP_CAPABLE) {
                        if (len < 22) return n;
                        out[n] = Bytes.u16(b, off + 20);
                        return n + 1;
                    }
                    c.dss.wrap(b, off, len);
                    if (!c.dss.dsnPresent()) return n;
                    out[n] = c.dss.dataLevelLength();
                    return n + 1;
                });
        opt("checksum", Type.UINT, 16, MPC, false,
                "MP_CAPABLE checksum (tshark 4.0 shows none for DSS: see mptcp.dss.checksum)",
                (c, i, b, off, len, out, n) -> {
                    if (len < 24) return n;
                    out[n] = Bytes.u16(b, off + 22);
                    return n + 1;
                });
        opt("ipver", Type.UINT, 8, ADD, false, "ADD_ADDR IP version (v0 only)",
                (c, i, b, off, len, out, n) -> {
                    int v = b[off + 2] & 0x0f;
                    if (v != 4 && v != 6) return n;
                    out[n] = v;
                    return n + 1;
                });
        opt("echo", Type.UINT, 8, ADD, false, "ADD_ADDR E: echo (v1)",
                (c, i, b, off, len, out, n) -> {
                    int v = b[off + 2] & 0x0f;
                    if (v == 4 || v == 6) return n;
                    out[n] = v & 1;
                    return n + 1;
                });
        add("tcp.options.mptcp.ipv4", Type.IPV4, 0, "ADD_ADDR advertised IPv4 address",
                c -> c.optionGetter(ADD, false, (cc, i, b, off, len, out, n) -> {
                    if (!oneOf(len, 8, 10, 16, 18)) return n;
                    out[n] = Bytes.u32(b, off + 4);
                    return n + 1;
                }));
        add("tcp.options.mptcp.ipv6", Type.IPV6, 0, "ADD_ADDR advertised IPv6 address",
                c -> c.optionGetter(ADD, false, (cc, i, b, off, len, out, n) -> {
                    if (!oneOf(len, 20, 22, 28, 30)) return n;
                    out[2 * n] = Bytes.u64(b, off + 4);
                    out[2 * n + 1] = Bytes.u64(b, off + 12);
                    return n + 1;
                }));
        opt("port", Type.UINT, 16, ADD, false, "ADD_ADDR advertised port",
                (c, i, b, off, len, out, n) -> {
                    if (len % 4 != 2) return n;
                    int addr = oneOf(len, 20, 22, 28, 30) ? 16 : 4;
                    out[n] = Bytes.u16(b, off + 4 + addr);
                    return n + 1;
                });
        add("mptcp.rm_addr.count", Type.UINT, 8, "REMOVE_ADDR: number of address ids",
                c -> c.optionGetter(RM, false, (cc, i, b, off, len, out, n) -> {
                    out[n] = len - 3;
                    return n + 1;
                }));

        // --- MPTCP analysis (Wireshark's mptcp.*)
        add("mptcp.expected_token", Type.UINT, 32, "MP_CAPABLE with a key: the token of the sender's key",
                c -> c.optionGetter(MPC, false, (cc, i, b, off, len, out, n) -> {
                    if (len < 12) return n;
                    return cc.senderKeyDerived(i, out, n, true);
                }));
        add("mptcp.expected_idsn", Type.UINT, 64, "MP_CAPABLE with a key: the IDSN of the sender's key",
                c -> c.optionGetter(MPC, false, (cc, i, b, off, len, out, n) -> {
                    if (len < 12) return n;
                    return cc.senderKeyDerived(i, out, n, false);
                }));
        add("mptcp.stream", Type.UINT, 32, "MPTCP connection index (our connection id)",
                c -> c.analysis((i, out) -> { out[0] = c.conn(i); return 1; }));
        add("mptcp.master", Type.BOOLEAN, 0, "The frame's subflow carried the MP_CAPABLE handshake",
                c -> c.analysis((i, out) -> { out[0] = c.subflowOf(i).master ? 1 : 0; return 1; }));
        add("mptcp.analysis.subflows", Type.STRING, 0,
                "tcp.stream ids of the connection's subflows seen so far, newest first (\"2 1 0 \")",
                FieldContext::subflowsString);
        add("mptcp.dsn", Type.UINT, 64, "Data sequence number of the first payload byte, relative to the sender's IDSN",
                c -> c.analysis((i, out) -> {
                    if (!c.wiresharkDsn().rawDsn(i, out)) return 0;
                    out[0] -= out[1];
                    return 1;
                }));
        add("mptcp.rawdsn64", Type.UINT, 64, "Data sequence number of the first payload byte, 64 bits as on the wire",
                c -> c.analysis((i, out) -> c.wiresharkDsn().rawDsn(i, out) ? 1 : 0));
        add("mptcp.ack", Type.UINT, 64, "DATA_ACK relative to the receiver's IDSN",
                c -> c.analysis((i, out) -> c.wiresharkDsn().relativeAck(i, out) ? 1 : 0));
        add("mptcp.related_mapping", Type.FRAMENUM, 32, "Frames whose DSS mapping covers this frame's payload",
                c -> c.analysis((i, out) -> FieldContext.copy(c.data.relatedMappings(i), out)));
        add("mptcp.reinjection_of", Type.FRAMENUM, 32, "Earlier frames (other subflows) that carried some of these bytes",
                c -> c.analysis((i, out) -> FieldContext.copy(c.reinjections.reinjectionOf(i), out)));
        add("mptcp.reinjected_in", Type.FRAMENUM, 32, "Later frames (other subflows) that carried some of these bytes again",
                c -> c.analysis((i, out) -> FieldContext.copy(c.reinjections.reinjectedIn(i), out)));

        // --- ours
        ours("mptcp.dss.checksum", Type.UINT, 16, "DSS checksum as sent (tshark 4.0 does not show it)",
                c -> c.optionGetter(DSS, false, (cc, i, b, off, len, out, n) -> {
                    cc.dss.wrap(b, off, len);
                    if (!cc.dss.hasChecksum()) return n;
                    out[n] = cc.dss.checksum();
                    return n + 1;
                }));
        ours("mptcp.checksum_ok", Type.BOOLEAN, 0, "DSS checksum verdict where one could be verified (1 good, 0 bad)",
                c -> (i, out) -> {
                    int v = c.data.checksumOk(i);
                    if (v < 0) return 0;
                    out[0] = v;
                    return 1;
                });
        ours("mptcp.hmac_ok", Type.BOOLEAN, 0,
                "MP_JOIN HMAC verdict on the SYN/ACK and the third ACK, where both keys and nonces were captured",
                FieldContext::hmacOk);
        ours("mptcp.anomaly", Type.STRING, 0, "Names of the frame's anomalies (see 'anomalies'), e.g. dss_checksum_bad",
                FieldContext::anomalyNames);
        for (Anomaly a : Anomaly.values()) {
            ours("mptcp.anomaly." + a.id(), Type.PROTOCOL, 0, "Anomaly: " + a.description(),
                    c -> c.anomaly(a));
        }
    }

    /** Every name prefix ending with a dot ({@code tcp.options.mptcp.}), for completion. */
    public static List<String> prefixes() {
        List<String> out = new ArrayList<>();
        for (String n : BY_NAME.keySet()) {
            for (int k = n.indexOf('.'); k > 0; k = n.indexOf('.', k + 1)) {
                String p = n.substring(0, k + 1);
                if (!out.contains(p)) out.add(p);
            }
        }
        return out;
    }
}
