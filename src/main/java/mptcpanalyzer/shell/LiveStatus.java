package mptcpanalyzer.shell;

import java.io.PrintWriter;
import java.util.Locale;
import mptcpanalyzer.analysis.Loader;

/**
 * The one-line status of a live capture on a terminal: packets, MPTCP connections, subflows and
 * bytes. The loader reports after every packet; a daemon thread redraws the latest counts every
 * {@link #REDRAW_MILLIS}, so the line stays current when packets stop coming.
 */
final class LiveStatus implements Loader.LiveProgress {
    private static final long REDRAW_MILLIS = 200;
    private final PrintWriter out;
    private final String iface;
    private volatile int packets, subflows, connections;
    private volatile long bytes;
    private Thread ticker;
    private int width;

    LiveStatus(PrintWriter out, String iface) {
        this.out = out;
        this.iface = iface;
    }

    /** Shows the line, then keeps it current until {@link #finish}. */
    void start() {
        draw();
        ticker = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(REDRAW_MILLIS);
                    draw();
                }
            } catch (InterruptedException e) {
                // finished
            }
        }, "capture-status");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void live(int packets, int subflows, int connections, long bytes) {
        this.packets = packets;
        this.subflows = subflows;
        this.connections = connections;
        this.bytes = bytes;
    }

    @Override
    public void update(long position, long size, int packets) {}

    /** Draws the final counts and ends the line so that what follows starts on a fresh one. */
    void finish() {
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        draw();
        synchronized (this) {
            out.println();
            out.flush();
        }
    }

    private synchronized void draw() {
        width = ProgressBar.redraw(out, line(iface, packets, subflows, connections, bytes), width);
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
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
