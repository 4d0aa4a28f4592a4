package mptcpanalyzer.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs commands without a terminal: from {@code -c}, a script or standard input. Failures are
 * counted, reported with their origin, and do not stop the run unless {@code failFast}.
 */
final class Batch {
    /** Deepest nesting of {@code source} (a script that sources itself stops here). */
    static final int MAX_SOURCE_DEPTH = 16;

    private final Session session;
    private final CommandRunner runner;
    private final boolean echo;
    private final boolean failFast;
    private boolean failed;
    private boolean stopped;
    /** Failures so far (also those of nested sources). */
    private int failures;
    /** Scripts being sourced, innermost last. */
    private int depth;

    Batch(Session session, CommandRunner runner, boolean echo, boolean failFast) {
        this.session = session;
        this.runner = runner;
        this.echo = echo;
        this.failFast = failFast;
        session.batch(this);
    }

    boolean failed() { return failed; }

    boolean stopped() { return stopped; }

    /**
     * Runs {@code lines}: '#' starts a comment (whole line or after whitespace), a trailing
     * backslash continues the line.
     */
    void runLines(List<String> lines, String origin) {
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.size() && !stopped && !session.exitRequested(); i++) {
            String line = stripComment(lines.get(i));
            if (pending.length() == 0) startLine = i + 1;
            else line = line.stripLeading(); // a continued line's indentation is layout, not content
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1);
                if (pending.length() > 0 && !Character.isWhitespace(pending.charAt(pending.length() - 1))) {
                    pending.append(' ');
                }
                continue;
            }
            pending.append(line);
            String cmd = pending.toString().strip();
            pending.setLength(0);
            if (cmd.isEmpty()) continue;
            runOne(cmd, origin, startLine);
        }
        if (pending.length() > 0 && !stopped && !session.exitRequested()) {
            runOne(pending.toString().strip(), origin, startLine);
        }
    }

    /**
     * Runs the commands of {@code file} ({@code source FILE}), with error lines naming that file.
     *
     * @return true when every command of the file (and of the files it sources) succeeded
     * @throws UserException when the file cannot be read or sources are nested too deep
     */
    boolean source(Path file) {
        if (depth >= MAX_SOURCE_DEPTH) {
            throw new UserException("source: nested deeper than " + MAX_SOURCE_DEPTH
                    + " scripts (does " + file + " source itself?)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("source: " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserException("source: " + file + ": permission denied");
        } catch (IOException e) {
            throw new UserException("source: " + file + ": cannot read: " + CommandRunner.oneLine(e.getMessage()));
        }
        int before = failures;
        depth++;
        try {
            runLines(lines, file.toString());
        } finally {
            depth--;
        }
        return failures == before;
    }

    private void runOne(String cmd, String origin, int line) {
        if (echo) {
            session.out().println("mptcp> " + cmd);
            session.out().flush();
        }
        if (!runner.run(cmd, origin.equals("-c") ? "" : origin + ":" + line + ": ")) {
            failed = true;
            failures++;
            if (failFast) stopped = true;
        }
    }

    /** Removes a '#' comment that starts the line or follows whitespace, outside quotes. */
    static String stripComment(String line) {
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }
}
