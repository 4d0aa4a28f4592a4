package mptcpanalyzer.wire.mptcp;

/**
 * What every MPTCP option view holds: the buffer, the option's offset (its kind byte) and its
 * readable length. Each view's {@code wrap} points it at an option and returns the view.
 */
abstract class OptionView {
    byte[] b;
    int off;
    int len;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    final void at(byte[] buf, int off, int len) {
        this.b = buf;
        this.off = off;
        this.len = MptcpOption.clampLen(buf, off, len);
    }

    /** Option offset (its kind byte) in the buffer. */
    public final int offset() { return off; }

    /** Readable length. */
    public final int length() { return len; }
}
