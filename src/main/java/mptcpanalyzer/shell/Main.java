package mptcpanalyzer.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.render.Format;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Entry point: loads the capture once, then runs commands from {@code -c}, {@code -f}, standard
 * input (when it is not a terminal) or the interactive shell.
 *
 * <p>Exit status: 0 when every command succeeded, 1 when one failed, 2 for a usage error or a
 * capture that cannot be read.
 */
@Command(name = "mptcp-analyzer", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, sortOptions = false,
        description = {
            "Interactive Multipath TCP trace analyzer: loads a pcap/pcapng capture once, then "
                    + "answers commands about its MPTCP connections and subflows.",
            "Without TRACE it opens the bundled demo capture. Without -c or -f it reads commands "
                    + "from standard input when that is not a terminal, else opens the shell."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every command succeeded",
            "1:a command failed",
            "2:usage error or unreadable capture"})
public final class Main implements Callable<Integer> {
    /** Exit status for a usage error or an unreadable capture. */
    public static final int EXIT_USAGE = 2;

    @Parameters(arity = "0..1", paramLabel = "TRACE", description = "Capture file (pcap, pcapng, .gz).")
    Path trace;

    @Option(names = {"-c", "--command"}, paramLabel = "CMD",
            description = "Run CMD (repeatable, in order) and exit.")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "SCRIPT",
            description = "Run the commands of SCRIPT (one per line, # comments) and exit.")
    Path script;

    @Option(names = "--format", paramLabel = "table|csv|json", converter = FormatOption.Converter.class,
            description = "Default output format of list commands (default: table).")
    Format format;

    @Option(names = "--echo", description = "Print each command before its output (batch mode).")
    boolean echo;

    @Option(names = "--fail-fast", description = "Stop at the first failing command (batch mode).")
    boolean failFast;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final boolean terminal;

    Main(PrintWriter out, PrintWriter err, BufferedReader in, boolean terminal) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int rc = run(args, out, err, in, System.console() != null);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** Runs the program; the testable entry point. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, BufferedReader in,
            boolean terminal) {
        Main fast = plain(args, out, err, in, terminal);
        if (fast != null) {
            // the usual invocations skip picocli's reflection here (~0.1 s: its classes are
            // too old for the class data sharing archive); it loads meanwhile for the commands
            int rc;
            try {
                rc = fast.call();
            } catch (Exception | Error e) {
                CommandRunner.internalError(e, "", fast.debug, err);
                rc = 1;
            }
            out.flush();
            return rc;
        }
        Main main = new Main(out, err, in, terminal);
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("mptcp-analyzer: " + CommandRunner.oneLine(CommandRunner.parameterMessage(ex))
                    + " (see --help)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            CommandRunner.internalError(ex, "", main.debug, err);
            return 1;
        });
        int rc = cl.execute(args);
        out.flush();
        return rc;
    }

    @Override
    public Integer call() throws IOException {
        boolean batch = !commands.isEmpty() || script != null || !terminal;
        Session session = new Session(out, err, !batch);
        session.debug(debug);
        if (format != null) session.format(format);
        List<String> scriptLines = null;
        if (script != null) {
            try {
                scriptLines = Files.readAllLines(script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("mptcp-analyzer: cannot read script " + script + ": " + reason(e));
                return EXIT_USAGE;
            }
        }
        Path file = trace != null ? trace : demo();
        if (file == null) {
            err.println("mptcp-analyzer: no TRACE given and no demo capture found (see --help)");
            return EXIT_USAGE;
        }
        Shell shell = batch ? null : new Shell(session, out, err);
        if (shell != null) shell.installProgress();
        // the command line model (picocli reflects over every command: ~0.07 s) is built on
        // another thread while the capture loads; it does not depend on the capture
        FutureTask<CommandRunner> runnerTask = new FutureTask<>(() -> new CommandRunner(session));
        Thread builder = new Thread(runnerTask, "commands");
        builder.setDaemon(true);
        builder.start();
        try {
            session.load(file);
        } catch (IOException e) {
            err.println("mptcp-analyzer: " + CommandRunner.oneLine(e.getMessage()));
            return EXIT_USAGE;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // a bug in the analysis: the capture could not be loaded, say so in one line
            CommandRunner.internalError(e, file + ": ", debug, err);
            return EXIT_USAGE;
        }
        CommandRunner runner = Loader.join(runnerTask);
        if (!batch) return shell.run(runner);
        Batch b = new Batch(session, runner, echo, failFast);
        if (!commands.isEmpty()) b.runLines(commands, "-c");
        if (scriptLines != null && !b.stopped()) b.runLines(scriptLines, script.toString());
        if (commands.isEmpty() && script == null) b.runLines(in.lines().toList(), "stdin");
        return b.failed() ? 1 : 0;
    }

    /**
     * The arguments read without picocli when they only use the plain forms: at most one TRACE
     * (not starting with '-'), {@code -c}/{@code --command} CMD, {@code -f}/{@code --file}
     * SCRIPT, {@code --format} table|csv|json, {@code --echo}, {@code --fail-fast},
     * {@code --debug} (once each), each value a separate argument starting with neither '-'
     * nor '@'. Anything else (help, version, attached values, argument files, an error to
     * report) returns null: picocli reads it.
     * The fields set are the ones picocli would set (MainArgsTest checks both ways agree).
     */
    static Main plain(String[] args, PrintWriter out, PrintWriter err, BufferedReader in,
            boolean terminal) {
        Main m = new Main(out, err, in, terminal);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--echo" -> {
                    if (m.echo) return null; // picocli: given twice
                    m.echo = true;
                }
                case "--fail-fast" -> {
                    if (m.failFast) return null;
                    m.failFast = true;
                }
                case "--debug" -> {
                    if (m.debug) return null;
                    m.debug = true;
                }
                case "-c", "--command", "-f", "--file", "--format" -> {
                    if (i + 1 == args.length) return null;
                    String v = args[++i];
                    if (v.isEmpty() || v.startsWith("-") || v.startsWith("@")) return null;
                    if (a.equals("-c") || a.equals("--command")) {
                        m.commands.add(v);
                    } else if (a.equals("--format")) {
                        if (m.format != null) return null; // picocli: given twice
                        try {
                            m.format = Format.parse(v);
                        } catch (IllegalArgumentException e) {
                            return null;
                        }
                    } else {
                        if (m.script != null) return null;
                        m.script = Path.of(v);
                    }
                }
                default -> {
                    // '@file' is picocli's argument file expansion
                    if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || m.trace != null) {
                        return null;
                    }
                    try {
                        m.trace = Path.of(a);
                    } catch (java.nio.file.InvalidPathException e) {
                        return null;
                    }
                }
            }
        }
        return m;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : CommandRunner.oneLine(e.getMessage());
    }

    /** The bundled demo capture: system property {@code mptcp.demo}, set by scripts/mptcp-analyzer. */
    static Path demo() {
        String p = System.getProperty("mptcp.demo");
        if (p != null && Files.isRegularFile(Path.of(p))) return Path.of(p);
        Path local = Path.of("testdata", "demo.pcap");
        return Files.isRegularFile(local) ? local : null;
    }

    /** Version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mptcp-analyzer " + (v == null ? "dev" : v)};
        }
    }
}
