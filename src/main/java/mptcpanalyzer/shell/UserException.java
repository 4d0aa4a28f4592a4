package mptcpanalyzer.shell;

/** A user mistake or an impossible request: printed as one line, never with a stack trace. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) { super(message, null, false, false); }
}
