package mptcpanalyzer.wire.mptcp;

/**
 * View of an MP_PRIO option (subtype 5), RFC 8684 3.3.8: kind len subtype|rsv|B, length 3;
 * RFC 6824 allowed a fourth byte with an address id.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class MpPrio extends OptionView {
    private static final int FLAGS = 2;
    private static final int ADDRESS_ID = 3;
    private static final int FLAG_BACKUP = 0x01;
    static final int LEN = 3;
    static final int LEN_WITH_ID = 4;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpPrio wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** B: the sender asks for this subflow to be a backup. */
    public boolean backup() { return (b[off + FLAGS] & FLAG_BACKUP) != 0; }
    /** Whether an address id is present (length 4, v0). */
    public boolean hasAddressId() { return len >= LEN_WITH_ID; }
    /** Address id (byte 3); -1 when absent. */
    public int addressId() { return hasAddressId() ? b[off + ADDRESS_ID] & 0xff : -1; }

    void appendTo(StringBuilder sb) {
        sb.append("MP_PRIO ").append(backup() ? "backup" : "non-backup");
        if (hasAddressId()) sb.append(" id=").append(addressId());
    }
}
