package mptcpanalyzer.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import mptcpanalyzer.analysis.FrameException;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/**
 * Runs one command line against a {@link Session} and tells whether it succeeded. Used by both
 * the interactive shell and batch mode, so that both report failures the same way: one line on
 * the error channel, no stack trace (unless {@code --debug}).
 */
public final class CommandRunner {
    private final Session session;
    private final Factory factory;
    /** The root; its subcommands are added as they are first used ({@link #ensure}). */
    private CommandLine commandLine;
    /** Every command class by its name and aliases, read from the annotations alone. */
    private final Map<String, Class<?>> byName = new HashMap<>();
    /** All of {@link Commands#ALL} are subcommands of {@link #commandLine}, in their order. */
    private boolean complete;
    private final DefaultParser parser = new DefaultParser();
    /** Prefix of error lines, e.g. "script.txt:3: ", while a command runs. */
    private String where = "";

    public CommandRunner(Session session) {
        this.session = session;
        this.factory = new Factory(session);
        for (Class<?> c : Commands.ALL) {
            Command a = c.getAnnotation(Command.class);
            byName.put(a.name(), c);
            for (String alias : a.aliases()) byName.put(alias, c);
        }
        commandLine = root();
        session.runner(this);
    }

    /** The picocli model with every command (for completion and help). */
    public CommandLine commandLine() {
        ensureAll();
        return commandLine;
    }

    private CommandLine root() {
        CommandLine root = new CommandLine(new Commands(), factory);
        configure(root);
        root.setParameterExceptionHandler(this::onParameterError);
        root.setExecutionExceptionHandler((ex, cmd, parsed) -> onError(ex));
        return root;
    }

    /** The settings of the root, which picocli gives only to the subcommands there already are. */
    private void configure(CommandLine c) {
        c.setOut(session.out());
        c.setErr(session.err());
        c.setCaseInsensitiveEnumValuesAllowed(true);
        c.registerConverter(Path.class, CommandRunner::path);
    }

    /**
     * Makes {@code name} a subcommand when it names a command; every command when it does not
     * (the error then suggests the nearest name) or when it is 'help' (which lists them all).
     */
    private void ensure(String name) {
        if (complete || commandLine.getSubcommands().containsKey(name)) return;
        Class<?> c = byName.get(name);
        if (c == null || c == HelpCommand.class) {
            ensureAll();
            return;
        }
        add(commandLine, c);
    }

    /** Every command, in {@link Commands#ALL} order (help lists them so). */
    private void ensureAll() {
        if (complete) return;
        Map<String, CommandLine> built = commandLine.getSubcommands();
        CommandLine root = built.isEmpty() ? commandLine : root();
        for (Class<?> c : Commands.ALL) {
            CommandLine sub = built.get(c.getAnnotation(Command.class).name());
            if (sub == null) add(root, c);
            else root.addSubcommand(sub);
        }
        commandLine = root;
        complete = true;
    }

    private void add(CommandLine root, Class<?> c) {
        CommandLine sub = new CommandLine(c, factory);
        configure(sub);
        // the synopsis starts with the root's empty name and a space: "Usage: " would show two
        sub.getCommandSpec().usageMessage().synopsisHeading("Usage:");
        root.addSubcommand(sub);
    }

    /**
     * Runs {@code line}; blank lines and comments succeed without doing anything.
     *
     * @return true when the command succeeded
     */
    public boolean run(String line) { return run(line, ""); }

    /** Runs {@code line}; error lines start with {@code origin} (e.g. "script.txt:3: "). */
    public boolean run(String line, String origin) {
        String outer = where; // 'source' runs commands inside a command
        where = origin;
        try {
            // a filter expression compares with '>': 'filter tcp.len > 1000' is no redirection
            Redirect r = isFilter(line) ? null : Redirect.find(line);
            return r == null ? execute(line) : executeRedirected(r);
        } catch (UserException e) {
            return fail(e.getMessage());
        } finally {
            where = outer;
        }
    }

    /** The line runs 'filter', whose argument is a display filter, not words of a shell. */
    private static boolean isFilter(String line) {
        String t = line.stripLeading();
        return t.startsWith("filter") && (t.length() == 6 || Character.isWhitespace(t.charAt(6)));
    }

    /**
     * Runs the command of {@code r} with its results captured, then writes them to the file:
     * a failing command leaves the file untouched.
     */
    private boolean executeRedirected(Redirect r) {
        List<String> target = split(r.file());
        if (target.size() != 1) {
            return fail("'" + (r.append() ? ">>" : ">") + "' needs one file name after it");
        }
        if (split(r.command()).isEmpty()) return fail("nothing to write: no command before '>'");
        Path file = Path.of(target.get(0));
        refuseCapture(file);
        StringWriter buffer = new StringWriter();
        PrintWriter pw = new PrintWriter(buffer);
        PrintWriter old = session.redirectOut(pw);
        commandLine.setOut(pw);
        boolean ok;
        try {
            ok = execute(r.command());
        } finally {
            session.redirectOut(old);
            commandLine.setOut(old);
        }
        if (!ok) return false;
        pw.flush();
        try {
            if (r.append()) {
                Files.writeString(file, buffer.toString(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.writeString(file, buffer.toString(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return fail("cannot write " + file + ": " + reason(e));
        }
        return true;
    }

    /** Never overwrite the loaded capture, nor any file that starts like a capture. */
    private void refuseCapture(Path file) {
        if (!Files.exists(file)) return;
        if (Files.isDirectory(file)) throw new UserException("cannot write " + file + ": is a directory");
        try {
            if (session.traceOrNull() != null && Files.isSameFile(file, session.traceOrNull().path())) {
                throw new UserException("refusing to write into the loaded capture " + file);
            }
            byte[] head = new byte[4];
            int n;
            try (var in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, 4);
            }
            if (n == 4 && looksLikeCapture(head)) {
                throw new UserException("refusing to overwrite " + file + ": it looks like a capture file");
            }
        } catch (IOException e) {
            // unreadable: the write below reports it
        }
    }

    /** pcap (both byte orders, µs and ns), pcapng and gzip magic numbers. */
    static boolean looksLikeCapture(byte[] h) {
        int be = (h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff);
        int le = Integer.reverseBytes(be);
        for (int magic : new int[] {0xa1b2c3d4, 0xa1b23c4d, 0x0a0d0d0a}) {
            if (be == magic || le == magic) return true;
        }
        return (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : oneLine(e.getMessage());
    }

    /**
     * A command line ending in {@code > FILE} or {@code >> FILE}: the last unquoted '>' or '>>'
     * word (quote it, e.g. in a filter expression, to keep it in the command).
     */
    record Redirect(String command, String file, boolean append) {
        static Redirect find(String line) {
            int found = -1, foundLen = 0;
            boolean single = false, dbl = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && !single) { i++; continue; }
                if (c == '\'' && !dbl) { single = !single; continue; }
                if (c == '"' && !single) { dbl = !dbl; continue; }
                if (c != '>' || single || dbl) continue;
                int len = i + 1 < line.length() && line.charAt(i + 1) == '>' ? 2 : 1;
                boolean wordStart = i == 0 || Character.isWhitespace(line.charAt(i - 1));
                boolean wordEnd = i + len == line.length() || Character.isWhitespace(line.charAt(i + len));
                if (wordStart && wordEnd) { found = i; foundLen = len; }
                i += len - 1;
            }
            if (found < 0) return null;
            return new Redirect(line.substring(0, found), line.substring(found + foundLen), foundLen == 2);
        }
    }

    private boolean execute(String line) {
        List<String> words;
        try {
            words = split(line);
        } catch (UserException e) {
            return fail(e.getMessage());
        }
        if (words.isEmpty()) return true;
        String name = words.get(0);
        ensure(name);
        if (!commandLine.getSubcommands().containsKey(name)) {
            return fail("unknown command '" + name + "'" + suggestion(name) + " (try 'help')");
        }
        int rc;
        try {
            rc = commandLine.execute(words.toArray(new String[0]));
        } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
            // picocli hands Exceptions to onError; an Error would end the shell: report it the
            // same way and keep going (the failed command's partial state is dropped with it)
            internalError(e, where, session.debug(), session.err());
            rc = 1;
        }
        session.out().flush();
        session.err().flush();
        return rc == 0;
    }

    /** Splits a command line into words (quotes and backslash escapes as in a shell). */
    List<String> split(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return List.of();
        try {
            ParsedLine pl = parser.parse(trimmed, trimmed.length(), ParseContext.ACCEPT_LINE);
            List<String> out = new ArrayList<>();
            for (String w : pl.words()) if (!w.isEmpty()) out.add(w);
            return out;
        } catch (EOFError e) {
            throw new UserException("unterminated quote in: " + trimmed);
        } catch (SyntaxError e) {
            throw new UserException("cannot parse: " + trimmed);
        }
    }

    /** A file name argument; one a file system cannot hold (NUL) is a user error. */
    private static Path path(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("invalid file name: " + e.getReason());
        }
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (String cmd : commandLine.getSubcommands().keySet()) {
            int d = mptcpanalyzer.text.EditDistance.distance(name, cmd);
            if (d < bestDistance) { bestDistance = d; best = cmd; }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private boolean fail(String message) {
        session.err().println("error: " + where + oneLine(message));
        session.err().flush();
        return false;
    }

    private int onParameterError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandName();
        String msg = parameterMessage(ex);
        session.err().println("error: " + where + (name.isEmpty() ? "" : name + ": ") + oneLine(msg)
                + (name.isEmpty() ? "" : " (see 'help " + name + "')"));
        session.err().flush();
        return 2;
    }

    private int onError(Exception ex) {
        PrintWriter err = session.err();
        if (ex instanceof UserException ue) {
            err.println("error: " + where + oneLine(ex.getMessage()));
            for (String line : ue.detail()) err.println(printable(line));
        } else if (ex instanceof CancellationException) {
            err.println("error: " + where + "cancelled");
        } else if (ex instanceof IOException) {
            err.println("error: " + where + oneLine(ex.getMessage()));
        } else {
            internalError(ex, where, session.debug(), err);
        }
        err.flush();
        return 1;
    }

    /**
     * One line "internal error: [at frame N: ]..." (the frame when the failure happened while a
     * packet was analysed); the stack trace follows only with {@code --debug}.
     */
    static void internalError(Throwable ex, String where, boolean debug, PrintWriter err) {
        Throwable shown = ex;
        String at = "";
        if (ex instanceof FrameException fe && fe.getCause() != null) {
            at = "at frame " + fe.frame() + ": ";
            shown = fe.getCause();
        }
        if (shown instanceof OutOfMemoryError) {
            // not a bug: a capture too large for the heap the JVM was given
            err.println("error: " + where + at + outOfMemory(Runtime.getRuntime().maxMemory()));
            if (debug) ex.printStackTrace(err);
            err.flush();
            return;
        }
        err.println("internal error: " + where + at + oneLine(String.valueOf(shown))
                + (debug ? "" : " (run with --debug for details)"));
        if (debug) ex.printStackTrace(err);
        err.flush();
    }

    /**
     * What to do when the heap, at most {@code maxHeap} bytes, ran out: a load needs about 140
     * bytes of heap per packet while it runs (61 once loaded; docs/performance.md), and the
     * launcher lets the JVM take up to 3/4 of the RAM.
     */
    static String outOfMemory(long maxHeap) {
        long mib = maxHeap >> 20;
        return "out of memory: the Java heap (at most " + mib + " MiB) is too small for this"
                + " capture (a load needs about 140 bytes per packet); give it more, e.g."
                + " JAVA_OPTS=-Xmx" + Math.max(1, (2 * mib + 1023) / 1024) + "g";
    }

    /**
     * The user-facing text of a bad argument: picocli appends the converter's exception as
     * "(java.lang.IllegalArgumentException: why)"; the user needs the why, not the class name.
     */
    static String parameterMessage(ParameterException ex) {
        String msg = ex.getMessage();
        Throwable cause = ex.getCause();
        if (cause instanceof CommandLine.TypeConversionException tce && tce.getMessage() != null) {
            return tce.getMessage();
        }
        if (cause != null && msg != null) msg = msg.replace(cause.getClass().getName() + ": ", "");
        return msg == null ? null : JAVA_TYPE.matcher(msg).replaceAll("");
    }

    /** Java exception class names picocli puts in its messages ("java.io.FooException: "). */
    private static final java.util.regex.Pattern JAVA_TYPE =
            java.util.regex.Pattern.compile("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ");

    /** Longest message printed: the input may be a 100 KB line, the error stays readable. */
    static final int MAX_MESSAGE = 1000;

    /**
     * A message fit for one terminal line: its first line, control characters (which a
     * hostile command line or file name may carry) shown as '?', at most {@link #MAX_MESSAGE}
     * characters.
     */
    static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        StringBuilder sb = new StringBuilder(Math.min(line.length(), MAX_MESSAGE + 3));
        for (int i = 0; i < line.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = line.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (sb.length() < line.length()) sb.append("...");
        return sb.toString();
    }

    /**
     * A detail line under an error (e.g. a filter expression and its caret): like
     * {@link #oneLine} but keeping its indentation, so a caret stays under its token (one
     * character replaces one character).
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_MESSAGE + 3));
        for (int i = 0; i < s.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (sb.length() < s.length()) sb.append("...");
        return sb.toString();
    }

    /** Creates commands with the session injected; everything else the default way. */
    private static final class Factory implements IFactory {
        private final Session session;
        private final IFactory fallback = CommandLine.defaultFactory();

        Factory(Session session) { this.session = session; }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(Session.class);
                c.setAccessible(true);
                return c.newInstance(session);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }
}
