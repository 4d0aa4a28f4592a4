package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;

/**
 * View of an MP_FASTCLOSE option (subtype 7), RFC 8684 3.5: kind len(12) subtype|rsv rsv then
 * the option receiver's 64-bit key at offset 4.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class MpFastclose {
    private static final int RECEIVER_KEY = 4;
    static final int LEN = 12;

    private byte[] b;
    private int off;
    private int len;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpFastclose wrap(byte[] buf, int off, int len) {
        this.b = buf;
        this.off = off;
        this.len = MptcpOption.clampLen(buf, off, len);
        return this;
    }

    /** Option offset (its kind byte) in the buffer. */
    public int offset() { return off; }
    /** Readable length. */
    public int length() { return len; }
    /** The option receiver's key (64 bits at offset 4). */
    public long receiverKey() { return Bytes.u64(b, off + RECEIVER_KEY); }

    void appendTo(StringBuilder sb) {
        sb.append("MP_FASTCLOSE key=").append(Bytes.hex64(receiverKey()));
    }
}
