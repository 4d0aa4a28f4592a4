package mptcpanalyzer.shell;

import java.util.List;

/**
 * Runs commands without a terminal: from {@code -c}, a script or standard input. Failures are
 * counted, reported with their origin, and do not stop the run unless {@code failFast}.
 */
final class Batch {
    private final Session session;
    private final CommandRunner runner;
    private final boolean echo;
    private final boolean failFast;
    private boolean failed;
    private boolean stopped;

    Batch(Session session, CommandRunner runner, boolean echo, boolean failFast) {
        this.session = session;
        this.runner = runner;
        this.echo = echo;
        this.failFast = failFast;
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
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
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

    private void runOne(String cmd, String origin, int line) {
        if (echo) {
            session.out().println("mptcp> " + cmd);
            session.out().flush();
        }
        if (!runner.run(cmd, origin.equals("-c") ? "" : origin + ":" + line + ": ")) {
            failed = true;
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
