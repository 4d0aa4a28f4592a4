package mptcpanalyzer.model;

import java.util.Arrays;
import java.util.List;

/**
 * The frozen result of the reinjection analysis (built by {@code analysis.ReinjectionAnalyzer}):
 * the {@link Reinjections} relation per packet, one record per duplicate frame, and the cost
 * summary. Primitive arrays; read-only after construction.
 *
 * <p>A frame is a <em>duplicate</em> when some byte of its data range (raw DSN, payload length)
 * was already carried by an earlier frame on a different subflow of the same connection, in the
 * same direction.
 */
public final class ReinjectionIndex implements Reinjections {
    /** Kinds of {@link SummaryRow}. */
    public static final String REINJECTION = "reinjection";
    public static final String RETRANSMISSION = "retransmission";
    public static final String RESEND = "resend";

    /**
     * One line of the cost summary of a connection direction.
     *
     * @param conn connection id
     * @param role sender role: 0 client to server, 1 server to client
     * @param kind {@link #REINJECTION}, {@link #RETRANSMISSION} or {@link #RESEND}
     * @param from subflow that carried the bytes first, or -1 for the total of the kind
     * @param to subflow that carried them again, or -1 for the total of the kind
     * @param frames frames that carried such bytes again
     * @param bytes bytes carried again
     * @param dataBytes payload bytes the share is taken of: the connection direction's for
     *     totals and reinjections, the subflow direction's ({@code to}) otherwise
     */
    public record SummaryRow(int conn, int role, String kind, int from, int to, long frames,
            long bytes, long dataBytes) {}

    /** Nothing found (no DSN known). */
    public static final ReinjectionIndex EMPTY = new ReinjectionIndex(new int[0], new int[1],
            new int[0], new int[0], new int[1], new int[0], new int[0], new int[0], new int[0],
            new int[0], new int[0], new int[0], new long[0], new boolean[0], new int[0],
            new int[0], List.of());

    // relation frame -> earlier frames (and later frames), sparse CSR over 0-based packet indexes
    private final int[] ofKeys;
    private final int[] ofStart;
    private final int[] ofFrames;
    private final int[] inKeys;
    private final int[] inStart;
    private final int[] inFrames;
    // one entry per duplicate frame, by frame
    private final int[] dupFrame;
    private final int[] dupSubflow;
    private final int[] dupOriginalFrame;
    private final int[] dupOriginalSubflow;
    private final int[] dupBytes;
    private final int[] dupRole;
    private final long[] dupDelayNanos;
    private final boolean[] dupAckedBefore;
    private final int[] dupRetransmittedBytes;
    private final int[] dupResentBytes;
    private final List<SummaryRow> summary;

    /** Arrays are taken over, not copied: the caller must not change them afterwards. */
    public ReinjectionIndex(int[] ofKeys, int[] ofStart, int[] ofFrames, int[] inKeys,
            int[] inStart, int[] inFrames, int[] dupFrame, int[] dupSubflow,
            int[] dupOriginalFrame, int[] dupOriginalSubflow, int[] dupBytes, int[] dupRole,
            long[] dupDelayNanos, boolean[] dupAckedBefore, int[] dupRetransmittedBytes,
            int[] dupResentBytes, List<SummaryRow> summary) {
        this.ofKeys = ofKeys;
        this.ofStart = ofStart;
        this.ofFrames = ofFrames;
        this.inKeys = inKeys;
        this.inStart = inStart;
        this.inFrames = inFrames;
        this.dupFrame = dupFrame;
        this.dupSubflow = dupSubflow;
        this.dupOriginalFrame = dupOriginalFrame;
        this.dupOriginalSubflow = dupOriginalSubflow;
        this.dupBytes = dupBytes;
        this.dupRole = dupRole;
        this.dupDelayNanos = dupDelayNanos;
        this.dupAckedBefore = dupAckedBefore;
        this.dupRetransmittedBytes = dupRetransmittedBytes;
        this.dupResentBytes = dupResentBytes;
        this.summary = List.copyOf(summary);
    }

    @Override
    public int[] reinjectionOf(int i) { return lookup(ofKeys, ofStart, ofFrames, i); }

    @Override
    public int[] reinjectedIn(int i) { return lookup(inKeys, inStart, inFrames, i); }

    private static int[] lookup(int[] keys, int[] start, int[] vals, int i) {
        int k = Arrays.binarySearch(keys, i);
        return k < 0 ? new int[0] : Arrays.copyOfRange(vals, start[k], start[k + 1]);
    }

    /** Number of duplicate frames. */
    public int duplicates() { return dupFrame.length; }

    /** Frame (1-based) of duplicate {@code k}; duplicates are in frame order. */
    public int frame(int k) { return dupFrame[k]; }

    /** Subflow the duplicate was sent on. */
    public int subflow(int k) { return dupSubflow[k]; }

    /** Sender role: 0 client to server, 1 server to client. */
    public int role(int k) { return dupRole[k]; }

    /** Earliest earlier frame (1-based) on another subflow that carried some of its bytes. */
    public int originalFrame(int k) { return dupOriginalFrame[k]; }

    /** Subflow of {@link #originalFrame}. */
    public int originalSubflow(int k) { return dupOriginalSubflow[k]; }

    /** Bytes of the frame already carried on another subflow. */
    public int bytes(int k) { return dupBytes[k]; }

    /** Time from the original frame to the duplicate. */
    public long delayNanos(int k) { return dupDelayNanos[k]; }

    /** A DATA_ACK covering every duplicated byte was seen before the duplicate. */
    public boolean ackedBefore(int k) { return dupAckedBefore[k]; }

    /** Bytes of the frame whose TCP sequence numbers were already sent on its own subflow. */
    public int retransmittedBytes(int k) { return dupRetransmittedBytes[k]; }

    /** Bytes of the frame whose DSN was already carried on its own subflow under new TCP sequence numbers. */
    public int resentBytes(int k) { return dupResentBytes[k]; }

    /** Cost summary: per connection and direction, per kind, totals then per subflow pair. */
    public List<SummaryRow> summary() { return summary; }
}
