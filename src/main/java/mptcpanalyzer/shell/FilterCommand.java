package mptcpanalyzer.shell;

import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.filter.Filter;
import mptcpanalyzer.filter.FilterException;
import mptcpanalyzer.model.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code filter [--and] EXPR}, {@code filter}, {@code filter --clear}: the current view. */
@Command(name = "filter", description = {
    "Make the packets matching a Wireshark display filter the current view (see 'packets').",
    "'filter EXPR' filters all packets, 'filter --and EXPR' narrows the current view, 'filter' "
            + "shows the current expression, 'filter --clear' returns to all packets.",
    "Example: filter mptcp.stream == 0 && tcp.options.mptcp.subtype == 1"})
final class FilterCommand extends Commands.Base {
    @Option(names = "--and", description = "Narrow the current view instead of filtering all packets.")
    boolean and;

    @Option(names = "--clear", description = "Drop the filter: the view is all packets again.")
    boolean clear;

    @Parameters(arity = "0..*", paramLabel = "EXPR", description = "Display filter expression (Wireshark syntax).")
    List<String> words = new ArrayList<>();

    FilterCommand(Session s) { super(s); }

    @Override
    void execute() {
        Trace t = session.trace();
        int total = t.packets().size();
        PacketView view = session.view();
        if (clear) {
            if (!words.isEmpty() || and) throw new UserException("filter --clear takes no expression");
            session.view(null);
            session.out().printf("filter cleared: all %d packets%n", total);
            return;
        }
        if (words.isEmpty()) {
            if (and) throw new UserException("filter --and needs an expression");
            if (view == null) session.out().printf("no filter: all %d packets%n", total);
            else session.out().printf("%s: %d of %d packets%n", view.expression(), view.packets().length, total);
            return;
        }
        String expr = join(words);
        Filter f;
        try {
            f = Filter.compile(expr, t);
        } catch (FilterException e) {
            throw new UserException(e.getMessage(), e.caretLines());
        }
        long t0 = System.nanoTime();
        int[] base = and && view != null ? view.packets() : null;
        int[] selected = f.select(base);
        List<String> exprs = new ArrayList<>();
        if (and && view != null) exprs.addAll(view.expressions());
        exprs.add(expr);
        PacketView v = new PacketView(t, exprs, selected);
        session.view(v);
        int of = base == null ? total : base.length;
        session.out().printf("%d of %d packets match%s%n", selected.length, of,
                base == null ? "" : " (view: " + v.expression() + ")");
        if (session.interactive()) {
            session.err().printf("(%.3f s)%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The shell split the line into words and removed quotes: put it back together, quoting
     * words that held spaces so that {@code contains "a b"} keeps its meaning. A single word is
     * a whole expression quoted by the user ({@code filter 'a == "b c"'}) and is kept as is.
     */
    static String join(List<String> words) {
        if (words.size() == 1) return words.get(0);
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) sb.append(' ');
            if (w.chars().anyMatch(Character::isWhitespace) || w.isEmpty()) {
                sb.append('"').append(w.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(w);
            }
        }
        return sb.toString();
    }
}
