package mptcpanalyzer.analysis;

/**
 * A bug met while analysing one packet: carries the frame number so that the one-line report
 * ("internal error at frame 123: ...") points at the packet to look at. Decoding never throws
 * on bad input; this wraps what should not have happened, it does not replace an anomaly.
 */
public final class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int frame;

    public FrameException(int frame, RuntimeException cause) {
        super("at frame " + frame + ": " + cause, cause);
        this.frame = frame;
    }

    /** 1-based frame number of the packet being analysed. */
    public int frame() { return frame; }
}
