package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.DecodedPacket;

/**
 * What all MPTCP options (TCP option kind 30) share: the subtype numbers, validation and a
 * one-line summary. RFC 6824 is MPTCP v0, RFC 8684 is v1.
 *
 * <p>Every option starts with kind(1) length(1) and a byte whose high nibble is the subtype.
 * Methods take the option's offset (its kind byte) and its readable length {@code len}: the bytes
 * that can be read, min(length byte, captured bytes), as in {@link DecodedPacket#mptcpLength}.
 *
 * <p>The views ({@link MpCapable}, {@link MpJoin}, {@link Dss}, ...) read fields without checks:
 * their contract is that once {@link #check} returned null for an option, every accessor of
 * the view of its subtype wrapped on the same bytes returns without failing.
 *
 * <p>{@code tcpFlags} is the TCP flags byte of the segment; pass {@link #FLAGS_UNKNOWN} when it
 * is not known, and the checks that depend on SYN/ACK are skipped.
 */
public final class MptcpOption {
    /** TCP option kind of MPTCP. */
    public static final int KIND = 30;

    public static final int MP_CAPABLE = 0;
    public static final int MP_JOIN = 1;
    public static final int DSS = 2;
    public static final int ADD_ADDR = 3;
    public static final int REMOVE_ADDR = 4;
    public static final int MP_PRIO = 5;
    public static final int MP_FAIL = 6;
    public static final int MP_FASTCLOSE = 7;
    public static final int MP_TCPRST = 8;
    public static final int MP_EXPERIMENTAL = 15;

    /** tcpFlags value meaning "not known": checks that depend on SYN/ACK are skipped. */
    public static final int FLAGS_UNKNOWN = -1;
    /** TCP SYN flag bit. */
    public static final int TCP_SYN = 0x02;
    /** TCP ACK flag bit. */
    public static final int TCP_ACK = 0x10;

    /** Offset of the length byte. */
    static final int LENGTH = 1;
    /** Offset of the subtype byte (subtype in the high nibble). */
    static final int SUBTYPE = 2;
    /** Smallest option that holds its subtype: kind, length, subtype. */
    static final int MIN_LEN = 3;
    /** TCP options fit in 40 bytes: a longer length byte is impossible. */
    static final int MAX_LEN = 40;

    private static final String[] NAMES = {
        "MP_CAPABLE", "MP_JOIN", "DSS", "ADD_ADDR", "REMOVE_ADDR", "MP_PRIO", "MP_FAIL",
        "MP_FASTCLOSE", "MP_TCPRST", null, null, null, null, null, null, "MP_EXPERIMENTAL"
    };

    private MptcpOption() {}

    /** Subtype: high nibble of byte 2 (needs 3 readable bytes). */
    public static int subtype(byte[] b, int off) {
        return (b[off + SUBTYPE] & 0xff) >>> 4;
    }

    /** Length byte of the option at {@code off}. */
    public static int lengthByte(byte[] b, int off) {
        return b[off + LENGTH] & 0xff;
    }

    /** Name of a subtype ("MP_CAPABLE", ...), or "MPTCP_SUBTYPE_n" when unknown. */
    public static String name(int subtype) {
        String n = subtype >= 0 && subtype < NAMES.length ? NAMES[subtype] : null;
        return n != null ? n : "MPTCP_SUBTYPE_" + subtype;
    }

    /** True for subtypes with a view (and MP_EXPERIMENTAL, whose bytes are opaque by design). */
    public static boolean isKnown(int subtype) {
        return subtype >= 0 && subtype < NAMES.length && NAMES[subtype] != null;
    }

    /**
     * Validates an option against its subtype, flags and length.
     *
     * @param len readable length: min(length byte, bytes captured)
     * @return null when well-formed (the views can then be read safely), else the anomaly:
     *     {@link Anomaly#MPTCP_OPTION_BAD_LENGTH} (the length byte does not fit the subtype, its
     *     flags and the TCP flags), {@link Anomaly#MPTCP_OPTION_TRUNCATED} (fewer readable bytes
     *     than the length byte says), {@link Anomaly#MPTCP_UNKNOWN_SUBTYPE},
     *     {@link Anomaly#MPTCP_UNKNOWN_VERSION} (MP_CAPABLE version above 1)
     */
    public static Anomaly check(byte[] b, int off, int len, int tcpFlags) {
        if (b == null || off < 0 || len < 2 || off + 2 > b.length) return Anomaly.MPTCP_OPTION_TRUNCATED;
        int lenByte = lengthByte(b, off);
        if (lenByte < MIN_LEN || lenByte > MAX_LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
        // A caller passing more than the length byte gets the length byte: never read past it.
        int readable = Math.min(Math.min(len, lenByte), b.length - off);
        if (readable < MIN_LEN) return Anomaly.MPTCP_OPTION_TRUNCATED;
        int st = subtype(b, off);
        switch (st) {
            case MP_CAPABLE: {
                int v = MpCapable.versionOf(b, off);
                if (v > 1) return Anomaly.MPTCP_UNKNOWN_VERSION;
                if (!MpCapable.lengthOk(v, lenByte, tcpFlags)) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            }
            case MP_JOIN:
                if (!MpJoin.lengthOk(lenByte, tcpFlags)) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case DSS:
                // The expected length depends on the flags byte: it must be there to judge.
                if (lenByte < Dss.MIN_LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                if (readable < Dss.MIN_LEN) return Anomaly.MPTCP_OPTION_TRUNCATED;
                if (!Dss.lengthOk(b[off + Dss.FLAGS] & 0xff, lenByte)) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case ADD_ADDR:
                if (!AddAddr.lengthOk(b[off + SUBTYPE] & 0x0f, lenByte)) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case REMOVE_ADDR:
                if (lenByte < RemoveAddr.MIN_LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case MP_PRIO:
                if (lenByte != MpPrio.LEN && lenByte != MpPrio.LEN_WITH_ID) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case MP_FAIL:
                if (lenByte != MpFail.LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case MP_FASTCLOSE:
                if (lenByte != MpFastclose.LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case MP_TCPRST:
                if (lenByte != MpTcpRst.LEN) return Anomaly.MPTCP_OPTION_BAD_LENGTH;
                break;
            case MP_EXPERIMENTAL:
                break; // opaque: any length that holds the subtype
            default:
                return Anomaly.MPTCP_UNKNOWN_SUBTYPE;
        }
        return readable < lenByte ? Anomaly.MPTCP_OPTION_TRUNCATED : null;
    }

    /**
     * Checks every MPTCP option of a decoded packet and records the anomalies found in it.
     *
     * @return the number of options that are not well-formed
     */
    public static int checkAll(DecodedPacket p) {
        int bad = 0;
        for (int i = 0; i < p.mptcpCount; i++) {
            Anomaly a = check(p.buf, p.mptcpOffset[i], p.mptcpLength[i], p.tcp ? p.tcpFlags : FLAGS_UNKNOWN);
            if (a != null) {
                p.addAnomaly(a);
                bad++;
            }
        }
        return bad;
    }

    /**
     * One-line text of the option, in the spirit of tcpdump/Wireshark, e.g.
     * {@code MP_CAPABLE v1 flags=0x81 skey=0x1234abcd5678ef00} or {@code DSS [bad length 3]}.
     * Allocates; for display only. Never throws on bad bytes.
     */
    public static String summary(byte[] b, int off, int len, int tcpFlags) {
        Anomaly a = check(b, off, len, tcpFlags);
        if (a == Anomaly.MPTCP_OPTION_TRUNCATED && (b == null || off < 0 || len < MIN_LEN || off + MIN_LEN > b.length)) {
            return "MPTCP [truncated " + Math.max(len, 0) + " bytes]";
        }
        int lenByte = lengthByte(b, off);
        if (lenByte < MIN_LEN || lenByte > MAX_LEN) {
            String n = len >= MIN_LEN && lenByte >= MIN_LEN && off + MIN_LEN <= b.length ? name(subtype(b, off)) : "MPTCP";
            return n + " [bad length " + lenByte + "]";
        }
        int st = subtype(b, off);
        if (a == Anomaly.MPTCP_UNKNOWN_SUBTYPE) return "MPTCP subtype " + st + " (unknown) " + lenByte + " bytes";
        if (a == Anomaly.MPTCP_UNKNOWN_VERSION) {
            return "MP_CAPABLE [unknown version " + MpCapable.versionOf(b, off) + "] " + lenByte + " bytes";
        }
        if (a == Anomaly.MPTCP_OPTION_BAD_LENGTH) return name(st) + " [bad length " + lenByte + "]";
        if (a == Anomaly.MPTCP_OPTION_TRUNCATED) {
            return name(st) + " [truncated " + Math.min(len, lenByte) + " of " + lenByte + " bytes]";
        }
        StringBuilder sb = new StringBuilder(64);
        switch (st) {
            case MP_CAPABLE: new MpCapable().wrap(b, off, len).appendTo(sb); break;
            case MP_JOIN: new MpJoin().wrap(b, off, len).appendTo(sb); break;
            case DSS: new Dss().wrap(b, off, len).appendTo(sb); break;
            case ADD_ADDR: new AddAddr().wrap(b, off, len).appendTo(sb); break;
            case REMOVE_ADDR: new RemoveAddr().wrap(b, off, len).appendTo(sb); break;
            case MP_PRIO: new MpPrio().wrap(b, off, len).appendTo(sb); break;
            case MP_FAIL: new MpFail().wrap(b, off, len).appendTo(sb); break;
            case MP_FASTCLOSE: new MpFastclose().wrap(b, off, len).appendTo(sb); break;
            case MP_TCPRST: new MpTcpRst().wrap(b, off, len).appendTo(sb); break;
            default:
                sb.append(name(st)).append(' ').append(lenByte).append(" bytes");
                if (lenByte > MIN_LEN) Bytes.appendHex(sb.append(" 0x"), b, off + MIN_LEN, lenByte - MIN_LEN);
        }
        return sb.toString();
    }

    /** Readable length clamped to the length byte, as the views store it (callers may pass more). */
    static int clampLen(byte[] b, int off, int len) {
        if (len < 2 || b == null || off < 0 || off + 2 > b.length) return len;
        return Math.min(len, lengthByte(b, off));
    }
}
