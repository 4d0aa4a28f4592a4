package mptcpanalyzer.filter;

import java.util.List;

/**
 * A filter expression that cannot be compiled: the message, the expression and the position of
 * the offending token, for an error line with a caret under that token (as tshark prints it).
 */
public final class FilterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String expression;
    private final int position;
    private final int length;

    /**
     * @param message one line, e.g. {@code "=" was unexpected in this context.}
     * @param expression the whole expression
     * @param position index of the offending token in {@code expression}
     * @param length its length (at least 1 caret is drawn)
     */
    public FilterException(String message, String expression, int position, int length) {
        super(message);
        this.expression = expression;
        this.position = Math.max(0, Math.min(position, expression.length()));
        this.length = Math.max(1, length);
    }

    /** The expression that failed. */
    public String expression() { return expression; }

    /** Index of the offending token in {@link #expression()}. */
    public int position() { return position; }

    /** Length of the offending token (at least 1). */
    public int length() { return length; }

    /**
     * The message, then the expression and a caret line under the bad token, each indented by
     * two spaces, as tshark shows it:
     * <pre>
     * mptcp.mastr is neither a field nor a protocol name (did you mean mptcp.master?).
     *   mptcp.mastr == 1
     *   ^~~~~~~~~~~
     * </pre>
     */
    public String withCaret() {
        List<String> lines = caretLines();
        return getMessage() + "\n" + lines.get(0) + "\n" + lines.get(1);
    }

    /** The two lines under the message: the expression, the caret under the bad token. */
    public List<String> caretLines() {
        return List.of("  " + expression, "  " + " ".repeat(position) + "^" + "~".repeat(length - 1));
    }
}
