package mptcpanalyzer.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import mptcpanalyzer.model.Trace;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.TerminalBuilder;
import picocli.shell.jline3.PicocliCommands;

/**
 * The interactive shell on a real terminal: JLine line editing, history, completion of
 * commands, options and file names; Ctrl-C abandons the running command, Ctrl-D leaves.
 */
final class Shell {
    private final Session session;
    private final PrintWriter err;
    private Terminal terminal;

    Shell(Session session, PrintWriter out, PrintWriter err) {
        this.session = session;
        this.err = err;
    }

    /**
     * Opens the terminal and shows a progress line for loads longer than a second. JLine's
     * native (JNI) terminal, else its exec one: the providers it would try first cannot serve
     * here and cost ~50 ms of every interactive start (FFM needs Java 22, Jansi is not on the
     * class path, JNA, there for live capture, loads its native library only to lose to JNI).
     */
    void installProgress() throws IOException {
        terminal = TerminalBuilder.builder().system(true).ffm(false).jansi(false).jna(false).build();
        session.progress(new ProgressBar(terminal.writer()));
    }

    int run(CommandRunner runner) {
        Completer completer = new FileArgCompleter(() -> commandCompleter(runner));
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mptcp-analyzer")
                .completer(completer)
                .variable(LineReader.HISTORY_FILE,
                        Path.of(System.getProperty("user.home"), ".mptcp-analyzer_history"))
                .build();
        Thread main = Thread.currentThread();
        terminal.handle(Signal.INT, s -> main.interrupt());
        session.pager(text -> page(reader, text));
        terminal.writer().println("mptcp-analyzer: type 'help' for commands, Tab to complete, Ctrl-D to leave.");
        while (!session.exitRequested()) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            runner.run(line);
            Thread.interrupted(); // a Ctrl-C that arrived after the command ended
        }
        try {
            terminal.close();
        } catch (IOException e) {
            err.println("warning: " + e.getMessage());
        }
        return 0;
    }

    /** Shows {@code text} a screen at a time: Enter or Space for more, q to stop. */
    private void page(LineReader reader, String text) {
        String[] lines = text.split("\n", -1);
        int height = Math.max(5, terminal.getHeight() - 1);
        java.io.PrintWriter w = terminal.writer();
        int shown = 0;
        while (shown < lines.length) {
            int end = Math.min(lines.length, shown + (shown == 0 ? height : height - 1));
            for (int k = shown; k < end; k++) {
                if (k == lines.length - 1 && lines[k].isEmpty()) break;
                w.println(lines[k]);
            }
            shown = end;
            if (shown >= lines.length || (shown == lines.length - 1 && lines[shown].isEmpty())) break;
            w.print("--More-- (" + shown + "/" + lines.length + " lines; Enter: more, q: quit)");
            w.flush();
            int c;
            try {
                c = terminal.reader().read();
            } catch (IOException e) {
                c = 'q';
            }
            w.print("\r\033[K");
            if (c == 'q' || c == 'Q' || c < 0 || Thread.currentThread().isInterrupted()) break;
        }
        w.flush();
    }

    private String prompt() {
        Trace t = session.traceOrNull();
        return t == null ? "mptcp> " : "mptcp [" + t.path().getFileName() + "]> ";
    }

    /** Completes the commands and their options (picocli's completers for each command). */
    static Completer commandCompleter(CommandRunner runner) {
        SystemCompleter commands = new PicocliCommands(runner.commandLine()).compileCompleters();
        commands.compile(s -> new Candidate(s));
        return commands;
    }

    /**
     * Completes file names after 'load' (and 'source'), display-filter field names and prefixes
     * ({@code tcp.options.mptcp.}) after 'filter', commands and options elsewhere. The commands'
     * completer is made when first needed (the first Tab), not before the first prompt: it takes
     * 30-50 ms, a sixth of the time to the prompt on a small capture.
     */
    static final class FileArgCompleter implements Completer {
        private final Supplier<Completer> makeCommands;
        private Completer commands;
        private final Completer files = new FileNameCompleter();

        FileArgCompleter(Supplier<Completer> makeCommands) { this.makeCommands = makeCommands; }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            List<String> words = line.words();
            if (line.wordIndex() >= 1 && !words.isEmpty()
                    && (words.get(0).equals("load") || words.get(0).equals("source"))) {
                files.complete(reader, line, candidates);
            } else if (line.wordIndex() >= 1 && !words.isEmpty() && words.get(0).equals("filter")
                    && !line.word().startsWith("-")) {
                String w = line.word().substring(0, line.wordCursor());
                int cut = Math.max(w.lastIndexOf('!'), w.lastIndexOf('(')) + 1;
                String lead = w.substring(0, cut);
                for (String p : mptcpanalyzer.filter.Fields.prefixes()) {
                    candidates.add(new Candidate(lead + p, p, null, null, null, null, false));
                }
                for (mptcpanalyzer.filter.Fields.Field f : mptcpanalyzer.filter.Fields.all()) {
                    candidates.add(new Candidate(lead + f.name(), f.name(), null, f.description(),
                            null, null, true));
                }
            } else {
                if (commands == null) commands = makeCommands.get();
                commands.complete(reader, line, candidates);
            }
        }
    }
}
