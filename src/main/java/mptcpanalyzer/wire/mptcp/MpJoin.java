package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;

/**
 * View of an MP_JOIN option (subtype 1), RFC 8684 3.2 (same layout in v0).
 *
 * <pre>
 *  SYN (12):     kind len subtype|rsv|B addr-id  receiver token(4) sender random(4)
 *  SYN/ACK (16): kind len subtype|rsv|B addr-id  truncated HMAC(8) sender random(4)
 *  ACK (24):     kind len subtype|rsv   reserved HMAC(20)
 * </pre>
 * The form follows from the length; {@link MptcpOption#check} also matches it with the TCP flags.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail; fields of another form read as 0.
 */
public final class MpJoin extends OptionView {
    /** The three MP_JOIN forms. */
    public enum Form { SYN, SYN_ACK, ACK }

    private static final int FLAGS = 2;
    private static final int ADDRESS_ID = 3;
    private static final int TOKEN = 4;
    private static final int SYN_RANDOM = 8;
    private static final int SYNACK_HMAC = 4;
    private static final int SYNACK_RANDOM = 12;
    private static final int ACK_HMAC = 4;
    private static final int FLAG_BACKUP = 0x01;

    static final int LEN_SYN = 12;
    static final int LEN_SYN_ACK = 16;
    static final int LEN_ACK = 24;
    /** Length of the full HMAC in the ACK form (HMAC-SHA1 in v0, truncated SHA-256 in v1). */
    public static final int HMAC_LEN = 20;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpJoin wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    static boolean lengthOk(int lenByte, int tcpFlags) {
        boolean known = tcpFlags >= 0;
        boolean syn = (tcpFlags & MptcpOption.TCP_SYN) != 0;
        boolean ack = (tcpFlags & MptcpOption.TCP_ACK) != 0;
        switch (lenByte) {
            case LEN_SYN: return !known || (syn && !ack);
            case LEN_SYN_ACK: return !known || (syn && ack);
            case LEN_ACK: return !known || (!syn && ack);
            default: return false;
        }
    }

    /** Form decided by the length: 12 SYN, 16 SYN/ACK, 24 ACK; null for any other length. */
    public Form form() {
        switch (len) {
            case LEN_SYN: return Form.SYN;
            case LEN_SYN_ACK: return Form.SYN_ACK;
            case LEN_ACK: return Form.ACK;
            default: return null;
        }
    }

    /** B: backup flag (bit 0x01 of byte 2). */
    public boolean backup() { return (b[off + FLAGS] & FLAG_BACKUP) != 0; }
    /** Address id (byte 3; reserved in the ACK form). */
    public int addressId() { return b[off + ADDRESS_ID] & 0xff; }
    /** Receiver's token (SYN, 32 bits at offset 4); 0 in other forms. */
    public long receiverToken() { return len == LEN_SYN ? Bytes.u32(b, off + TOKEN) : 0; }
    /** Sender's random number (SYN at offset 8, SYN/ACK at offset 12); 0 in the ACK form. */
    public long senderRandom() {
        if (len == LEN_SYN) return Bytes.u32(b, off + SYN_RANDOM);
        if (len == LEN_SYN_ACK) return Bytes.u32(b, off + SYNACK_RANDOM);
        return 0;
    }
    /** Truncated HMAC (SYN/ACK, 64 bits at offset 4); 0 in other forms. */
    public long truncatedHmac() { return len == LEN_SYN_ACK ? Bytes.u64(b, off + SYNACK_HMAC) : 0; }
    /** Offset in the buffer of the 20-byte HMAC of the ACK form. */
    public int hmacOffset() { return off + ACK_HMAC; }
    /** Copies the 20-byte HMAC (ACK form) into {@code dst[0..20)}; returns false (copying nothing) in other forms. */
    public boolean hmac(byte[] dst) {
        if (len != LEN_ACK) return false;
        System.arraycopy(b, off + ACK_HMAC, dst, 0, HMAC_LEN);
        return true;
    }

    void appendTo(StringBuilder sb) {
        Form f = form();
        sb.append("MP_JOIN ");
        if (f == Form.SYN) {
            sb.append("SYN id=").append(addressId()).append(" token=").append(Bytes.hex32(receiverToken()))
              .append(" nonce=").append(Bytes.hex32(senderRandom()));
        } else if (f == Form.SYN_ACK) {
            sb.append("SYN/ACK id=").append(addressId()).append(" hmac=").append(Bytes.hex64(truncatedHmac()))
              .append(" nonce=").append(Bytes.hex32(senderRandom()));
        } else {
            Bytes.appendHex(sb.append("ACK hmac=0x"), b, off + ACK_HMAC, HMAC_LEN);
        }
        if (f != Form.ACK && backup()) sb.append(" backup");
    }
}
