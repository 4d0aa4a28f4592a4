package mptcpanalyzer.wire.mptcp;

/**
 * View of an MP_FAIL option (subtype 6), RFC 8684 3.7: kind len(12) subtype|rsv rsv then the
 * 64-bit data sequence number at offset 4.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class MpFail extends OptionView {
    private static final int DSN = 4;
    static final int LEN = 12;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpFail wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** Data sequence number (64 bits at offset 4, unsigned). */
    public long dsn() { return mptcpanalyzer.wire.Bytes.u64(b, off + DSN); }

    void appendTo(StringBuilder sb) {
        sb.append("MP_FAIL dsn=").append(Long.toUnsignedString(dsn()));
    }
}
