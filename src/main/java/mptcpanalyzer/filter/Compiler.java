package mptcpanalyzer.filter;

import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.filter.Fields.BytesGetter;
import mptcpanalyzer.filter.Fields.Field;
import mptcpanalyzer.filter.Fields.Getter;
import mptcpanalyzer.filter.Fields.StringGetter;
import mptcpanalyzer.filter.Fields.Type;
import mptcpanalyzer.filter.Semantics.Node;
import mptcpanalyzer.filter.Semantics.Op;
import mptcpanalyzer.filter.Semantics.Test;
import mptcpanalyzer.filter.Semantics.Value;

/**
 * Last stage: turns the checked tree into a predicate over a packet index. Literals are
 * converted once; string tests are decided once per dictionary entry; each test owns one
 * scratch buffer its getter fills, so the hot path allocates nothing and boxes nothing.
 */
public final class Compiler {
    /** A compiled filter over packet indexes (0-based). Not thread-safe. */
    public interface Predicate {
        boolean test(int i);
    }

    /** Tests one value of a field (index {@code k} in the getter's output). */
    interface ValueTest {
        boolean test(long[] v, int k);
    }

    private final FieldContext ctx;

    private Compiler(FieldContext ctx) { this.ctx = ctx; }

    /** Compiles {@code node} against the trace of {@code ctx}. */
    public static Predicate compile(Node node, FieldContext ctx) { return new Compiler(ctx).node(node); }

    private Predicate node(Node n) {
        if (n instanceof Semantics.Or o) {
            Predicate l = node(o.left()), r = node(o.right());
            return i -> l.test(i) || r.test(i);
        }
        if (n instanceof Semantics.And a) {
            Predicate l = node(a.left()), r = node(a.right());
            return i -> l.test(i) && r.test(i);
        }
        if (n instanceof Semantics.Not x) {
            Predicate in = node(x.inner());
            return i -> !in.test(i);
        }
        return test((Test) n);
    }

    private Predicate test(Test t) {
        Field f = t.field();
        Getter g = f.binder().apply(ctx);
        long[] buf = new long[2 * Fields.MAX_VALUES + 8];
        switch (t.op()) {
            case EXISTS:
                return i -> g.get(i, buf) > 0;
            case ALL_NE: {
                ValueTest eq = valueTest(f, g, Op.EQ, t.values());
                return i -> {
                    int n = g.get(i, buf);
                    for (int k = 0; k < n; k++) if (eq.test(buf, k)) return false;
                    return n > 0;
                };
            }
            case ANY_NE: {
                ValueTest eq = valueTest(f, g, Op.EQ, t.values());
                return i -> {
                    int n = g.get(i, buf);
                    for (int k = 0; k < n; k++) if (!eq.test(buf, k)) return true;
                    return false;
                };
            }
            default: {
                ValueTest vt = valueTest(f, g, t.op(), t.values());
                return i -> {
                    int n = g.get(i, buf);
                    for (int k = 0; k < n; k++) if (vt.test(buf, k)) return true;
                    return false;
                };
            }
        }
    }

    private ValueTest valueTest(Field f, Getter g, Op op, List<Value> values) {
        if (f.type() == Type.STRING) return stringTest((StringGetter) g, op, values);
        if (op == Op.IN) {
            ValueTest[] any = new ValueTest[values.size()];
            for (int k = 0; k < any.length; k++) {
                Value v = values.get(k);
                if (v.high() == null) {
                    any[k] = scalar(f, g, Op.EQ, v);
                } else {
                    ValueTest lo = scalar(f, g, Op.GE, v), hi = scalar(f, g, Op.LE, v.high());
                    any[k] = (b, j) -> lo.test(b, j) && hi.test(b, j);
                }
            }
            if (any.length == 1) return any[0];
            return (b, j) -> {
                for (ValueTest vt : any) if (vt.test(b, j)) return true;
                return false;
            };
        }
        return scalar(f, g, op, values.get(0));
    }

    /** Wireshark compares with the sign of a three-way comparison. */
    private static boolean holds(Op op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case LT -> cmp < 0;
            case GT -> cmp > 0;
            case LE -> cmp <= 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalStateException("operator " + op);
        };
    }

    private ValueTest scalar(Field f, Getter g, Op op, Value v) {
        switch (f.type()) {
            case UINT, FRAMENUM: {
                long lit = v.n();
                return switch (op) {
                    case EQ -> (b, k) -> b[k] == lit;
                    case LT -> (b, k) -> Long.compareUnsigned(b[k], lit) < 0;
                    case GT -> (b, k) -> Long.compareUnsigned(b[k], lit) > 0;
                    case LE -> (b, k) -> Long.compareUnsigned(b[k], lit) <= 0;
                    default -> (b, k) -> Long.compareUnsigned(b[k], lit) >= 0;
                };
            }
            case BOOLEAN: {
                long lit = v.n();
                return (b, k) -> holds(op, Long.compare(b[k] != 0 ? 1 : 0, lit));
            }
            case DOUBLE: {
                double lit = v.d();
                return (b, k) -> holds(op, Double.compare(Double.longBitsToDouble(b[k]), lit));
            }
            case IPV4: {
                int p = v.prefix() < 0 ? 32 : v.prefix();
                long mask = p == 0 ? 0 : (0xffffffffL << (32 - p)) & 0xffffffffL;
                long lit = v.n() & mask;
                return (b, k) -> holds(op, Long.compare(b[k] & mask, lit));
            }
            case IPV6: {
                int p = v.prefix() < 0 ? 128 : v.prefix();
                long mhi = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
                long mlo = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
                long hi = v.n() & mhi, lo = v.n2() & mlo;
                return (b, k) -> {
                    int c = Long.compareUnsigned(b[2 * k] & mhi, hi);
                    if (c == 0) c = Long.compareUnsigned(b[2 * k + 1] & mlo, lo);
                    return holds(op, c);
                };
            }
            case BYTES: {
                BytesGetter bg = (BytesGetter) g;
                int w = bg.width();
                byte[] lit = v.bytes();
                if (lit.length != w) return (b, k) -> false;
                return (b, k) -> Arrays.equals(bg.array(b[k]), (int) b[k], (int) b[k] + w, lit, 0, w);
            }
            default:
                throw new IllegalStateException("type " + f.type());
        }
    }

    private ValueTest stringTest(StringGetter g, Op op, List<Value> values) {
        String[] dict = g.dictionary();
        boolean[] ok = new boolean[dict.length];
        for (int d = 0; d < dict.length; d++) {
            String s = dict[d];
            for (Value v : values) {
                ok[d] |= switch (op) {
                    case CONTAINS -> s.contains(v.s());
                    case MATCHES -> v.regex().matcher(s).find();
                    case IN -> s.equals(v.s());
                    default -> holds(op, Integer.signum(s.compareTo(v.s())));
                };
            }
        }
        return (b, k) -> ok[(int) b[k]];
    }
}
