package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;

/**
 * View of an MP_CAPABLE option (subtype 0), v0 (RFC 6824 3.1) and v1 (RFC 8684 3.1).
 *
 * <pre>
 *  kind(1) len(1) subtype(4)|version(4) flags A B C D E F G H (1)
 *  [sender key (8)] [receiver key (8)] [data-level length (2)] [checksum (2)]
 * </pre>
 * Lengths: v0 12 (SYN, SYN/ACK) or 20 (ACK); v1 4 (SYN), 12 (SYN/ACK), 20 (ACK), 22 (ACK with
 * data), 24 (ACK with data and checksum). In an ACK the first key is the ACK sender's.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail; the {@code has*} methods tell which fields exist.
 */
public final class MpCapable extends OptionView {
    private static final int VERSION = 2;
    private static final int FLAGS = 3;
    private static final int SENDER_KEY = 4;
    private static final int RECEIVER_KEY = 12;
    private static final int DATA_LEVEL_LENGTH = 20;
    private static final int CHECKSUM = 22;

    static final int LEN_V1_SYN = 4;
    static final int LEN_ONE_KEY = 12;
    static final int LEN_TWO_KEYS = 20;
    static final int LEN_WITH_DATA = 22;
    static final int LEN_WITH_CHECKSUM = 24;

    public static final int FLAG_A_CHECKSUM = 0x80;
    public static final int FLAG_B_EXTENSIBILITY = 0x40;
    public static final int FLAG_C_NO_MORE_SUBFLOWS = 0x20;
    public static final int FLAG_H_HMAC_SHA = 0x01;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpCapable wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    static int versionOf(byte[] b, int off) {
        return b[off + VERSION] & 0x0f;
    }

    /** Whether {@code lenByte} fits version {@code v} and the segment's TCP flags. */
    static boolean lengthOk(int v, int lenByte, int tcpFlags) {
        boolean known = tcpFlags >= 0;
        boolean syn = (tcpFlags & MptcpOption.TCP_SYN) != 0;
        boolean ack = (tcpFlags & MptcpOption.TCP_ACK) != 0;
        if (v == 0) {
            if (lenByte == LEN_ONE_KEY) return !known || syn;
            if (lenByte == LEN_TWO_KEYS) return !known || !syn;
            return false;
        }
        switch (lenByte) {
            case LEN_V1_SYN: return !known || (syn && !ack);
            case LEN_ONE_KEY: return !known || (syn && ack);
            case LEN_TWO_KEYS:
            case LEN_WITH_DATA:
            case LEN_WITH_CHECKSUM: return !known || !syn;
            default: return false;
        }
    }

    /** Version: low nibble of byte 2 (0 = RFC 6824, 1 = RFC 8684). */
    public int version() { return versionOf(b, off); }
    /** Flags byte A..H. */
    public int flags() { return b[off + FLAGS] & 0xff; }
    /** A: checksum required. */
    public boolean checksumRequired() { return (flags() & FLAG_A_CHECKSUM) != 0; }
    /** B: extensibility. */
    public boolean extensibility() { return (flags() & FLAG_B_EXTENSIBILITY) != 0; }
    /** C: no more subflows to this address (v1). */
    public boolean noMoreSubflows() { return (flags() & FLAG_C_NO_MORE_SUBFLOWS) != 0; }
    /** H: HMAC-SHA1 (v0) / HMAC-SHA256 (v1). */
    public boolean hmacSha() { return (flags() & FLAG_H_HMAC_SHA) != 0; }

    /** Whether the sender's key is present (length at least 12). */
    public boolean hasSenderKey() { return len >= LEN_ONE_KEY; }
    /** Sender's key (64 bits at offset 4); 0 when absent. */
    public long senderKey() { return hasSenderKey() ? Bytes.u64(b, off + SENDER_KEY) : 0; }
    /** Whether the receiver's key is present (length at least 20: the third ACK). */
    public boolean hasReceiverKey() { return len >= LEN_TWO_KEYS; }
    /** Receiver's key (64 bits at offset 12); 0 when absent. */
    public long receiverKey() { return hasReceiverKey() ? Bytes.u64(b, off + RECEIVER_KEY) : 0; }
    /** Whether a data-level length is present (v1 ACK with data, length at least 22). */
    public boolean hasDataLevelLength() { return len >= LEN_WITH_DATA; }
    /** Data-level length (16 bits at offset 20); 0 when absent. */
    public int dataLevelLength() { return hasDataLevelLength() ? Bytes.u16(b, off + DATA_LEVEL_LENGTH) : 0; }
    /** Whether a DSS checksum is present (length 24). */
    public boolean hasChecksum() { return len >= LEN_WITH_CHECKSUM; }
    /** Checksum (16 bits at offset 22); 0 when absent. */
    public int checksum() { return hasChecksum() ? Bytes.u16(b, off + CHECKSUM) : 0; }

    void appendTo(StringBuilder sb) {
        sb.append("MP_CAPABLE v").append(version()).append(" flags=0x");
        Bytes.appendHex(sb, b, off + FLAGS, 1);
        if (hasSenderKey()) sb.append(" skey=").append(Bytes.hex64(senderKey()));
        if (hasReceiverKey()) sb.append(" rkey=").append(Bytes.hex64(receiverKey()));
        if (hasDataLevelLength()) sb.append(" len=").append(dataLevelLength());
        if (hasChecksum()) sb.append(" csum=0x").append(String.format("%04x", checksum()));
    }
}
