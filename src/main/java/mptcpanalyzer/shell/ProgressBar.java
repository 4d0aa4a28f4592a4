package mptcpanalyzer.shell;

import java.io.PrintWriter;
import mptcpanalyzer.analysis.Loader;

/**
 * A one-line progress bar on the terminal, shown once a load has taken more than a second:
 * the bytes read, then what the analysis after the last packet is doing; the line ends when the
 * load does.
 */
final class ProgressBar implements Loader.Progress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final long delayNanos;
    private long start;
    private boolean shown;
    private int pct;
    private int packets;
    /** Length of the line drawn last (a shorter one pads over it). */
    private int drawn;

    ProgressBar(PrintWriter out) { this(out, DELAY_NANOS); }

    /** With the bar shown once a load has taken {@code delayNanos} (tests: 0). */
    ProgressBar(PrintWriter out, long delayNanos) {
        this.out = out;
        this.delayNanos = delayNanos;
    }

    @Override
    public void update(long position, long size, int packets) {
        this.pct = size > 0 ? (int) Math.min(100, position * 100 / size) : 0;
        this.packets = packets;
        if (due()) draw("");
    }

    @Override
    public void analysing(String step) {
        if (due()) draw(", analysing: " + step);
    }

    @Override
    public void done() {
        if (shown) {
            out.println();
            out.flush();
        }
        shown = false;
        start = 0;
        drawn = 0;
    }

    /** Whether to draw: shown already, or the load has taken the delay. */
    private boolean due() {
        long now = System.nanoTime();
        if (start == 0) start = now;
        if (!shown && now - start < delayNanos) return false;
        shown = true;
        return true;
    }

    private void draw(String tail) {
        int fill = pct * WIDTH / 100;
        drawn = redraw(out, "loading [" + "#".repeat(fill) + " ".repeat(WIDTH - fill) + "] " + pct
                + "% " + packets + " packets" + tail, drawn);
    }

    /**
     * Draws {@code line} over the terminal line last drawn, {@code drawn} characters long (a
     * shorter line pads over the rest); returns its length, the next call's {@code drawn}.
     */
    static int redraw(PrintWriter out, String line, int drawn) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        return line.length();
    }
}
