package mptcpanalyzer.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Format;
import mptcpanalyzer.render.Renderer;
import mptcpanalyzer.render.Table;

/**
 * State shared by the commands of one shell or batch run: the loaded trace, the output
 * channels and the session settings. Commands receive it through picocli's factory.
 */
public final class Session {
    private PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private Trace trace;
    private Format format = Format.TABLE;
    private boolean debug;
    private boolean exitRequested;
    private Loader.Progress progress;
    private CommandRunner runner;
    private Batch batch;
    private PacketView view;
    private Pager pager;

    /** Shows long text a screen at a time (the interactive shell installs one). */
    interface Pager {
        void show(String text);
    }

    public Session(PrintWriter out, PrintWriter err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** Results channel. */
    public PrintWriter out() { return out; }

    /**
     * Sends results to {@code w} (a command's {@code > FILE}) until the next call;
     * returns the channel it replaces.
     */
    PrintWriter redirectOut(PrintWriter w) {
        PrintWriter old = out;
        out = w;
        return old;
    }

    /** The runner of this session's commands (set by the runner), for {@code source}. */
    CommandRunner runner() { return runner; }

    void runner(CommandRunner r) { runner = r; }

    /** The script run in progress (batch mode), or null in the interactive shell. */
    Batch batch() { return batch; }

    void batch(Batch b) { batch = b; }

    /** Errors and warnings channel. */
    public PrintWriter err() { return err; }

    /** True on a terminal: chatter (progress, hints) is shown only then. */
    public boolean interactive() { return interactive; }

    /** The loaded trace; throws a user error when none is loaded. */
    public Trace trace() {
        if (trace == null) throw new UserException("no capture loaded (use: load FILE)");
        return trace;
    }

    /** The loaded trace or null. */
    public Trace traceOrNull() { return trace; }

    /** Default output format of list commands. */
    public Format format() { return format; }

    public void format(Format f) { format = f; }

    public boolean debug() { return debug; }

    public void debug(boolean d) { debug = d; }

    public boolean exitRequested() { return exitRequested; }

    public void requestExit() { exitRequested = true; }

    /** Progress display for long loads (terminal only), or null. */
    public void progress(Loader.Progress p) { progress = p; }

    /**
     * Loads {@code path}, replacing the current trace only on success.
     *
     * @throws IOException with a one-line message when the file cannot be read as a capture
     */
    public Trace load(Path path) throws IOException {
        Trace t = Loader.load(path, progress);
        trace = t;
        if (t.damage() != null) {
            err.println("warning: " + path + ": " + t.damage().summary());
            err.flush();
        }
        return t;
    }

    /** The current view (see 'filter'), or null for all packets of the loaded trace. */
    PacketView view() {
        return view != null && view.trace() == trace ? view : null;
    }

    void view(PacketView v) { view = v; }

    /** Installs the pager used by {@link #printPaged}. */
    void pager(Pager p) { pager = p; }

    /** Like {@link #print}, but through the pager on a terminal. */
    public void printPaged(Table t, Format f) {
        if (pager == null || !interactive) {
            print(t, f);
            return;
        }
        java.io.StringWriter sw = new java.io.StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        Renderer.render(t, f == null ? format : f, pw);
        pw.flush();
        out.flush();
        pager.show(sw.toString());
    }

    /** Makes {@code t} (e.g. a finished live capture) the current trace. */
    public void trace(Trace t) { trace = t; }

    /**
     * 0-based indexes (ascending) of the packets in the current view, or null for all packets.
     * Set by 'filter'; read by 'export'.
     */
    public int[] viewIndexes() {
        PacketView v = view();
        return v == null ? null : v.packets();
    }

    /** Renders a command's answer in {@code f}, or in the session format when null. */
    public void print(Table t, Format f) {
        Renderer.render(t, f == null ? format : f, out);
    }
}
