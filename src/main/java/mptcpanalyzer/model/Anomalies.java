package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * Every anomaly of a capture: a sparse table sorted by frame (connection-level findings carry
 * the frame that revealed them). Frozen after load.
 */
public final class Anomalies {
    private int count;
    private int[] frame = new int[16];
    private short[] code = new short[16];
    private int[] conn = new int[16];
    private String[] detail = new String[16];
    private boolean frozen;

    /** Records an anomaly; {@code frameNo} is 1-based or 0 for the whole capture. */
    public void add(int frameNo, Anomaly a, int connId, String text) {
        if (frozen) throw new IllegalStateException("anomalies are frozen");
        if (count == frame.length) {
            int n = Columns.grow(count, count + 1);
            frame = Arrays.copyOf(frame, n);
            code = Arrays.copyOf(code, n);
            conn = Arrays.copyOf(conn, n);
            detail = Arrays.copyOf(detail, n);
        }
        frame[count] = frameNo;
        code[count] = (short) a.ordinal();
        conn[count] = connId;
        detail[count] = text;
        count++;
    }

    /** Sets the connection of anomaly {@code i} (before freeze). */
    public void setConn(int i, int connId) {
        if (frozen) throw new IllegalStateException("anomalies are frozen");
        conn[i] = connId;
    }

    /** Sorts by frame (stable) and forbids further changes. */
    public void freeze() {
        if (frozen) return;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Integer.compare(frame[x], frame[y]));
        int[] f = new int[count];
        short[] c = new short[count];
        int[] k = new int[count];
        String[] d = new String[count];
        for (int i = 0; i < count; i++) {
            f[i] = frame[order[i]];
            c[i] = code[order[i]];
            k[i] = conn[order[i]];
            d[i] = detail[order[i]];
        }
        frame = f;
        code = c;
        conn = k;
        detail = d;
        frozen = true;
    }

    public int size() { return count; }

    public int frame(int i) { return frame[i]; }

    public Anomaly anomaly(int i) { return Anomaly.of(code[i]); }

    /** Connection id or -1. */
    public int conn(int i) { return conn[i]; }

    /** Free text detail, may be null. */
    public String detail(int i) { return detail[i]; }

    /** Index of the first anomaly of {@code frameNo} (after freeze), or -1. */
    public int firstOf(int frameNo) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (frame[mid] < frameNo) lo = mid + 1; else hi = mid;
        }
        return lo < count && frame[lo] == frameNo ? lo : -1;
    }
}
