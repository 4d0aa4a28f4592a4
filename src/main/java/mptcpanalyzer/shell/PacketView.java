package mptcpanalyzer.shell;

import java.util.List;
import mptcpanalyzer.model.Trace;

/**
 * The current view of a session: the filter expressions applied in turn (each one narrowing
 * the previous result) and the matching packet indexes (0-based, ascending), for one trace.
 */
record PacketView(Trace trace, List<String> expressions, int[] packets) {
    PacketView {
        expressions = List.copyOf(expressions);
    }

    /** The expressions as one: {@code a}, or {@code (a) && (b)} after {@code filter --and b}. */
    String expression() {
        if (expressions.size() == 1) return expressions.get(0);
        StringBuilder sb = new StringBuilder();
        for (String e : expressions) {
            if (sb.length() > 0) sb.append(" && ");
            sb.append('(').append(e).append(')');
        }
        return sb.toString();
    }
}
