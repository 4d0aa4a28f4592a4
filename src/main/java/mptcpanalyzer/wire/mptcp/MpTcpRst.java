package mptcpanalyzer.wire.mptcp;

/**
 * View of an MP_TCPRST option (subtype 8), RFC 8684 3.6: kind len(4) subtype|U V W T reason(1).
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class MpTcpRst extends OptionView {
    private static final int FLAGS = 2;
    private static final int REASON = 3;
    public static final int FLAG_U = 0x08;
    public static final int FLAG_V = 0x04;
    public static final int FLAG_W = 0x02;
    public static final int FLAG_T = 0x01;
    static final int LEN = 4;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpTcpRst wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** Flags U V W T: low nibble of byte 2. */
    public int flags() { return b[off + FLAGS] & 0x0f; }
    /** U flag (0x08, reserved for future use). */
    public boolean u() { return (flags() & FLAG_U) != 0; }
    /** V flag (0x04, reserved for future use). */
    public boolean v() { return (flags() & FLAG_V) != 0; }
    /** W flag (0x02, reserved for future use). */
    public boolean w() { return (flags() & FLAG_W) != 0; }
    /** T: the error is transient, the subflow may be retried. */
    public boolean isTransient() { return (flags() & FLAG_T) != 0; }
    /** Reason code (byte 3): 0 unspecified, 1 MPTCP-specific, 2 lack of resources, ... */
    public int reason() { return b[off + REASON] & 0xff; }

    void appendTo(StringBuilder sb) {
        sb.append("MP_TCPRST reason=").append(reason());
        if (u()) sb.append(" U");
        if (v()) sb.append(" V");
        if (w()) sb.append(" W");
        if (isTransient()) sb.append(" T");
    }
}
