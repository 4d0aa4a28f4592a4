package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;

/**
 * View of an MP_FASTCLOSE option (subtype 7), RFC 8684 3.5: kind len(12) subtype|rsv rsv then
 * the option receiver's 64-bit key at offset 4.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class MpFastclose extends OptionView {
    private static final int RECEIVER_KEY = 4;
    static final int LEN = 12;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public MpFastclose wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    /** The option receiver's key (64 bits at offset 4). */
    public long receiverKey() { return Bytes.u64(b, off + RECEIVER_KEY); }

    void appendTo(StringBuilder sb) {
        sb.append("MP_FASTCLOSE key=").append(Bytes.hex64(receiverKey()));
    }
}
