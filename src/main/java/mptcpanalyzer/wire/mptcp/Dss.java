package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.DecodedPacket;

/**
 * View of a DSS option (subtype 2, Data Sequence Signal), RFC 8684 3.3 (same layout in v0).
 *
 * <pre>
 *  kind(1) len(1) subtype(4)|reserved(4) reserved(3) F m M a A (1)
 *  [data ACK (4 or 8)]                                   if A; 8 bytes if a
 *  [DSN (4 or 8)] [subflow seq (4)] [data-level len (2)] [checksum (2)]   if M; DSN 8 bytes if m
 * </pre>
 * Length = 4 + (A ? (a ? 8 : 4) : 0) + (M ? (m ? 8 : 4) + 4 + 2 + (checksum ? 2 : 0) : 0); the
 * checksum's presence is known only from the length (it was negotiated in MP_CAPABLE).
 * The DSN width comes from the m flag (Wireshark wrongly takes it from a).
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail; absent fields read as 0.
 */
public final class Dss extends OptionView {
    static final int FLAGS = 3;
    private static final int DATA_ACK = 4;
    static final int MIN_LEN = 4;

    public static final int FLAG_DATA_FIN = 0x10;
    public static final int FLAG_DSN8 = 0x08;
    public static final int FLAG_DSN_PRESENT = 0x04;
    public static final int FLAG_DATA_ACK8 = 0x02;
    public static final int FLAG_DATA_ACK_PRESENT = 0x01;

    private static final int SSN_LEN = 4;
    private static final int DLL_LEN = 2;
    private static final int CHECKSUM_LEN = 2;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public Dss wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** Length of a DSS with these flags and no checksum. */
    public static int expectedLength(int flags) {
        int n = MIN_LEN;
        if ((flags & FLAG_DATA_ACK_PRESENT) != 0) n += (flags & FLAG_DATA_ACK8) != 0 ? 8 : 4;
        if ((flags & FLAG_DSN_PRESENT) != 0) n += ((flags & FLAG_DSN8) != 0 ? 8 : 4) + SSN_LEN + DLL_LEN;
        return n;
    }

    /** Whether {@code lenByte} fits the flags: the expected length, or +2 for a checksum when M is set. */
    static boolean lengthOk(int flags, int lenByte) {
        int n = expectedLength(flags);
        return lenByte == n || ((flags & FLAG_DSN_PRESENT) != 0 && lenByte == n + CHECKSUM_LEN);
    }

    /** Flags byte (byte 3): F m M a A in the low 5 bits. */
    public int flags() { return b[off + FLAGS] & 0xff; }
    /** F: DATA_FIN. */
    public boolean dataFin() { return (flags() & FLAG_DATA_FIN) != 0; }
    /** m: the DSN is 8 bytes. */
    public boolean dsn8() { return (flags() & FLAG_DSN8) != 0; }
    /** M: a mapping (DSN, subflow sequence, data-level length) is present. */
    public boolean dsnPresent() { return (flags() & FLAG_DSN_PRESENT) != 0; }
    /** a: the data ACK is 8 bytes. */
    public boolean dataAck8() { return (flags() & FLAG_DATA_ACK8) != 0; }
    /** A: a data ACK is present. */
    public boolean dataAckPresent() { return (flags() & FLAG_DATA_ACK_PRESENT) != 0; }

    /** Data ACK (4 or 8 bytes at offset 4, unsigned); 0 when absent. */
    public long dataAck() {
        if (!dataAckPresent()) return 0;
        return dataAck8() ? Bytes.u64(b, off + DATA_ACK) : Bytes.u32(b, off + DATA_ACK);
    }

    /** Offset in the buffer of the DSN (the mapping's first field). */
    private int dsnOffset() {
        return off + DATA_ACK + (dataAckPresent() ? (dataAck8() ? 8 : 4) : 0);
    }

    private int ssnOffset() {
        return dsnOffset() + (dsn8() ? 8 : 4);
    }

    /** Data sequence number (4 or 8 bytes, unsigned); 0 when absent. A 4-byte DSN is the low bits. */
    public long dsn() {
        if (!dsnPresent()) return 0;
        return dsn8() ? Bytes.u64(b, dsnOffset()) : Bytes.u32(b, dsnOffset());
    }
    /** Subflow sequence number, relative to the subflow's initial sequence (unsigned 32); 0 when absent. */
    public long subflowSeq() { return dsnPresent() ? Bytes.u32(b, ssnOffset()) : 0; }
    /** Data-level length of the mapping (0 = infinite mapping); 0 when absent. */
    public int dataLevelLength() { return dsnPresent() ? Bytes.u16(b, ssnOffset() + SSN_LEN) : 0; }
    /** Whether a checksum follows the data-level length (decided by the length). */
    public boolean hasChecksum() { return dsnPresent() && len == expectedLength(flags()) + CHECKSUM_LEN; }
    /** DSS checksum; 0 when absent. */
    public int checksum() { return hasChecksum() ? Bytes.u16(b, ssnOffset() + SSN_LEN + DLL_LEN) : 0; }

    /**
     * The fields of a well-formed DSS option ({@link MptcpOption#check} passed) at {@code off},
     * {@code len} readable bytes, into slot {@code k} of {@code out}'s DSS arrays, in one pass
     * with the flags read once: {@link DecodedPacket#dssAck} when a DATA_ACK is present; when a
     * mapping is, {@link DecodedPacket#dssDsn}, {@code dssSsn}, {@code dssDll} and
     * {@code dssChecksum} (-1 without a checksum). The same values as {@link #dataAck},
     * {@link #dsn}, {@link #subflowSeq}, {@link #dataLevelLength} and {@link #checksum}, which
     * each read the flags and work out the offsets again: the decoder runs this for nearly every
     * packet of a trace.
     */
    public static void readFields(byte[] b, int off, int len, DecodedPacket out, int k) {
        int f = b[off + FLAGS] & 0xff;
        int p = off + DATA_ACK;
        if ((f & FLAG_DATA_ACK_PRESENT) != 0) {
            boolean ack8 = (f & FLAG_DATA_ACK8) != 0;
            out.dssAck[k] = ack8 ? Bytes.u64(b, p) : Bytes.u32(b, p);
            p += ack8 ? 8 : 4;
        }
        if ((f & FLAG_DSN_PRESENT) == 0) return;
        boolean dsn8 = (f & FLAG_DSN8) != 0;
        out.dssDsn[k] = dsn8 ? Bytes.u64(b, p) : Bytes.u32(b, p);
        p += dsn8 ? 8 : 4;
        out.dssSsn[k] = Bytes.u32(b, p);
        out.dssDll[k] = Bytes.u16(b, p + SSN_LEN);
        int end = p + SSN_LEN + DLL_LEN; // where a checksum would start: expectedLength(f) bytes in
        out.dssChecksum[k] = len == end - off + CHECKSUM_LEN ? Bytes.u16(b, end) : -1;
    }

    void appendTo(StringBuilder sb) {
        sb.append("DSS");
        if (dataAckPresent()) sb.append(" ack=").append(Long.toUnsignedString(dataAck()));
        if (dsnPresent()) {
            sb.append(" dsn=").append(Long.toUnsignedString(dsn()))
              .append(" ssn=").append(subflowSeq())
              .append(" len=").append(dataLevelLength());
            if (hasChecksum()) sb.append(" csum=0x").append(String.format("%04x", checksum()));
        }
        if (dataFin()) sb.append(" FIN");
    }
}
