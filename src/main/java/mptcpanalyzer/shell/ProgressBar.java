package mptcpanalyzer.shell;

import java.io.PrintWriter;
import mptcpanalyzer.analysis.Loader;

/** A one-line progress bar on the terminal, shown once a load has taken more than a second. */
final class ProgressBar implements Loader.Progress {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private long start;
    private boolean shown;

    ProgressBar(PrintWriter out) { this.out = out; }

    @Override
    public void update(long position, long size, int packets) {
        long now = System.nanoTime();
        if (start == 0) start = now;
        boolean done = size > 0 && position >= size;
        if (!shown && now - start < DELAY_NANOS) {
            if (done) start = 0;
            return;
        }
        shown = true;
        int pct = size > 0 ? (int) Math.min(100, position * 100 / size) : 0;
        int fill = pct * WIDTH / 100;
        out.print("\rloading [" + "#".repeat(fill) + " ".repeat(WIDTH - fill) + "] " + pct + "% "
                + packets + " packets");
        if (done) {
            out.println();
            shown = false;
            start = 0;
        }
        out.flush();
    }
}
