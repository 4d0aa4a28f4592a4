package mptcpanalyzer.wire.mptcp;

/**
 * View of a REMOVE_ADDR option (subtype 4), RFC 8684 3.4.2: kind len subtype|rsv then one
 * address id per byte (length 3 + n, n >= 1).
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail for {@code 0 <= i < count()}.
 */
public final class RemoveAddr extends OptionView {
    private static final int IDS = 3;
    static final int MIN_LEN = 4;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public RemoveAddr wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** Number of address ids (length - 3). */
    public int count() { return Math.max(0, len - IDS); }
    /** The {@code i}-th address id (byte 3 + i). */
    public int addressId(int i) { return b[off + IDS + i] & 0xff; }

    void appendTo(StringBuilder sb) {
        sb.append("REMOVE_ADDR id=");
        for (int i = 0; i < count(); i++) {
            if (i > 0) sb.append(',');
            sb.append(addressId(i));
        }
    }
}
