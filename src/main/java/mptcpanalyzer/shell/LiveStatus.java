package mptcpanalyzer.shell;

import java.io.PrintWriter;
import mptcpanalyzer.analysis.Loader;

/**
 * The one-line status of a live capture on a terminal: packets, MPTCP connections, subflows and
 * bytes, redrawn at most every {@link #REDRAW_NANOS}.
 */
final class LiveStatus implements Loader.LiveProgress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter out;
    private final String iface;
    private long lastDraw;
    private int width;

    LiveStatus(PrintWriter out, String iface) {
        this.out = out;
        this.iface = iface;
    }

    /** Shows the line before the first packet arrives. */
    void start() { draw(0, 0, 0, 0); }

    @Override
    public void live(int packets, int subflows, int connections, long bytes) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        draw(packets, subflows, connections, bytes);
    }

    @Override
    public void update(long position, long size, int packets) {}

    /** Ends the status line so that what follows starts on a fresh line. */
    void finish(int packets, int subflows, int connections, long bytes) {
        draw(packets, subflows, connections, bytes);
        out.println();
        out.flush();
    }

    private void draw(int packets, int subflows, int connections, long bytes) {
        String line = line(iface, packets, subflows, connections, bytes);
        int pad = Math.max(0, width - line.length());
        width = line.length();
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
    }

    static String line(String iface, int packets, int subflows, int connections, long bytes) {
        return "capturing on " + iface + ": " + packets + " packets, " + connections
                + " MPTCP connections, " + subflows + " subflows, " + human(bytes)
                + " (Ctrl-C stops)";
    }

    /** 1234567 -> "1.2 MB". */
    static String human(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
