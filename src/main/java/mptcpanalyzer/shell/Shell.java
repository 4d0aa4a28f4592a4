package mptcpanalyzer.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    /** Opens the terminal and shows a progress line for loads longer than a second. */
    void installProgress() throws IOException {
        terminal = TerminalBuilder.builder().system(true).build();
        session.progress(new ProgressBar(terminal.writer()));
    }

    int run(CommandRunner runner) {
        SystemCompleter commands = new PicocliCommands(runner.commandLine()).compileCompleters();
        commands.compile(s -> new Candidate(s));
        Completer completer = new FileArgCompleter(commands);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("mptcp-analyzer")
                .completer(completer)
                .variable(LineReader.HISTORY_FILE,
                        Path.of(System.getProperty("user.home"), ".mptcp-analyzer_history"))
                .build();
        Thread main = Thread.currentThread();
        terminal.handle(Signal.INT, s -> main.interrupt());
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

    private String prompt() {
        Trace t = session.traceOrNull();
        return t == null ? "mptcp> " : "mptcp [" + t.path().getFileName() + "]> ";
    }

    /** Completes file names after 'load' (and 'source'), commands and options elsewhere. */
    private static final class FileArgCompleter implements Completer {
        private final Completer commands;
        private final Completer files = new FileNameCompleter();

        FileArgCompleter(Completer commands) { this.commands = commands; }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            List<String> words = line.words();
            if (line.wordIndex() >= 1 && !words.isEmpty()
                    && (words.get(0).equals("load") || words.get(0).equals("source"))) {
                files.complete(reader, line, candidates);
            } else {
                commands.complete(reader, line, candidates);
            }
        }
    }
}
