package mptcpanalyzer.shell;

import java.util.List;

/**
 * A user mistake or an impossible request: printed as one line, never with a stack trace. A
 * few errors add detail lines under it (a filter expression and a caret under its bad token).
 */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> detail;

    public UserException(String message) { this(message, List.of()); }

    /** {@code message} on the error line, then each of {@code detail} on a line of its own. */
    public UserException(String message, List<String> detail) {
        super(message, null, false, false);
        this.detail = List.copyOf(detail);
    }

    /** Lines printed under the error line (often none). */
    public List<String> detail() { return detail; }
}
