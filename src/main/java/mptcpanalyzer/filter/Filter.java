package mptcpanalyzer.filter;

import java.util.Arrays;
import mptcpanalyzer.model.Trace;

/**
 * A display filter compiled for one trace: Wireshark's display-filter language over the
 * frozen model. {@code Filter.compile("mptcp.master == 1", trace).select(null)} gives the
 * indexes of the matching packets.
 */
public final class Filter {
    private final String expression;
    private final Compiler.Predicate predicate;
    private final Trace trace;

    private Filter(String expression, Compiler.Predicate predicate, Trace trace) {
        this.expression = expression;
        this.predicate = predicate;
        this.trace = trace;
    }

    /**
     * Compiles {@code expression} (lex, parse, check, compile) for {@code trace}.
     *
     * @throws FilterException with the position of the bad token
     */
    public static Filter compile(String expression, Trace trace) {
        Semantics.Node checked = check(expression);
        return new Filter(expression, Compiler.compile(checked, new FieldContext(trace)), trace);
    }

    /** Lexes, parses and checks {@code expression} without a trace (for validation). */
    public static Semantics.Node check(String expression) {
        return Semantics.check(Parser.parse(expression), expression);
    }

    /** The expression as given. */
    public String expression() { return expression; }

    /** True when packet {@code i} (0-based) matches. */
    public boolean test(int i) { return predicate.test(i); }

    /**
     * Indexes (0-based, ascending) of the matching packets among {@code within} (ascending
     * packet indexes), or among all packets when {@code within} is null.
     */
    public int[] select(int[] within) {
        int n = within == null ? trace.packets().size() : within.length;
        int[] out = new int[Math.min(n, 1024)];
        int count = 0;
        for (int k = 0; k < n; k++) {
            int i = within == null ? k : within[k];
            if (predicate.test(i)) {
                if (count == out.length) out = Arrays.copyOf(out, Math.min(n, out.length * 2));
                out[count++] = i;
            }
        }
        return Arrays.copyOf(out, count);
    }
}
