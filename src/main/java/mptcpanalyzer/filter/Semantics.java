package mptcpanalyzer.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import mptcpanalyzer.filter.Fields.Field;
import mptcpanalyzer.filter.Fields.Type;
import mptcpanalyzer.filter.Lexer.Kind;
import mptcpanalyzer.filter.Lexer.Token;
import mptcpanalyzer.model.Anomaly;

/**
 * Third stage: resolves field names against {@link Fields}, checks that each operator suits
 * the field's type and converts the literals to typed values. Errors quote the bad token.
 */
public final class Semantics {
    /** Test operators; {@code ALL_NE} is Wireshark 4's {@code !=} (present and no value equal). */
    public enum Op { EXISTS, EQ, ALL_NE, ANY_NE, LT, GT, LE, GE, IN, CONTAINS, MATCHES }

    /** The checked tree. */
    public sealed interface Node {}

    public record Or(Node left, Node right) implements Node {}

    public record And(Node left, Node right) implements Node {}

    public record Not(Node inner) implements Node {}

    /** A test of one field; {@code values} has one element except for IN. */
    public record Test(Field field, Op op, List<Value> values) implements Node {}

    /**
     * A typed literal: {@code n} holds integers, booleans (0/1), IPv4 addresses and the high 64
     * bits of IPv6 ones ({@code n2} the low bits); {@code prefix} a CIDR length or -1; {@code d}
     * doubles; {@code s} strings; {@code regex} for matches; {@code bytes} byte strings;
     * {@code high} the end of a range in a set, or null.
     */
    public record Value(long n, long n2, int prefix, double d, String s, Pattern regex, byte[] bytes,
            Value high) {
        static Value num(long n) { return new Value(n, 0, -1, 0, null, null, null, null); }

        Value withHigh(Value h) { return new Value(n, n2, prefix, d, s, regex, bytes, h); }
    }

    private final String expr;

    private Semantics(String expr) { this.expr = expr; }

    /** Checks {@code ast}, parsed from {@code expr}. */
    public static Node check(Ast ast, String expr) { return new Semantics(expr).node(ast); }

    private Node node(Ast a) {
        if (a instanceof Ast.Or o) return new Or(node(o.left()), node(o.right()));
        if (a instanceof Ast.And x) return new And(node(x.left()), node(x.right()));
        if (a instanceof Ast.Not x) return new Not(node(x.inner()));
        if (a instanceof Ast.Exists e) return new Test(field(e.field()), Op.EXISTS, List.of());
        if (a instanceof Ast.Compare c) {
            Field f = field(c.field());
            Op op = switch (c.op().kind()) {
                case EQ -> Op.EQ;
                case NE -> Op.ALL_NE;
                case ANY_NE -> Op.ANY_NE;
                case LT -> Op.LT;
                case GT -> Op.GT;
                case LE -> Op.LE;
                default -> Op.GE;
            };
            boolean ordering = op == Op.LT || op == Op.GT || op == Op.LE || op == Op.GE;
            if (f.type() == Type.PROTOCOL || (ordering && f.type() == Type.BYTES)) {
                throw cannot(f, c.field(), "\"" + c.op().text() + "\"");
            }
            return new Test(f, op, List.of(value(f, c.value())));
        }
        if (a instanceof Ast.InSet s) {
            Field f = field(s.field());
            if (f.type() == Type.PROTOCOL) throw cannot(f, s.field(), "\"in\"");
            List<Value> vs = new ArrayList<>();
            for (Ast.Element e : s.elements()) {
                Value low = value(f, e.low());
                if (e.high() != null) {
                    if (f.type() != Type.UINT && f.type() != Type.FRAMENUM && f.type() != Type.DOUBLE) {
                        throw new FilterException("A range needs a numeric field; " + f.name()
                                + " is of type " + f.typeLabel() + ".", expr, e.low().start(),
                                e.high().end() - e.low().start());
                    }
                    low = low.withHigh(value(f, e.high()));
                }
                vs.add(low);
            }
            return new Test(f, Op.IN, vs);
        }
        if (a instanceof Ast.Contains c) {
            Field f = field(c.field());
            if (f.type() != Type.STRING) throw cannot(f, c.field(), "contains");
            return new Test(f, Op.CONTAINS, List.of(stringValue(c.value())));
        }
        Ast.Matches m = (Ast.Matches) a;
        Field f = field(m.field());
        if (f.type() != Type.STRING) throw cannot(f, m.field(), "matches");
        try {
            Pattern p = Pattern.compile(m.value().text());
            return new Test(f, Op.MATCHES, List.of(new Value(0, 0, -1, 0, m.value().text(), p, null, null)));
        } catch (PatternSyntaxException e) {
            throw err("\"" + m.value().text() + "\" is not a valid regular expression: "
                    + e.getDescription() + ".", m.value());
        }
    }

    private FilterException cannot(Field f, Token at, String op) {
        return err(f.name() + " (type=" + f.typeLabel() + ") cannot participate in " + op + " comparison.", at);
    }

    private FilterException err(String message, Token at) {
        return new FilterException(message, expr, at.start(), at.length());
    }

    private Field field(Token t) {
        Field f = Fields.get(t.text());
        if (f != null) return f;
        String hint = Fields.suggest(t.text());
        throw err(t.text() + " is neither a field nor a protocol name"
                + (hint == null ? "" : " (did you mean " + hint + "?)") + ".", t);
    }

    private Value stringValue(Token t) {
        return new Value(0, 0, -1, 0, t.text(), null, null, null);
    }

    private Value value(Field f, Token t) {
        String s = t.text();
        boolean quoted = t.kind() == Kind.STRING;
        switch (f.type()) {
            case STRING -> {
                if (f.name().equals("mptcp.anomaly") && Anomaly.byId(s) == null) {
                    String best = null;
                    int bestD = 4;
                    for (Anomaly a : Anomaly.values()) {
                        int d = Fields.distance(s, a.id());
                        if (d < bestD) { bestD = d; best = a.id(); }
                    }
                    throw err("\"" + s + "\" is not an anomaly name" + (best == null ? "" : " (did you mean "
                            + best + "?)") + ".", t);
                }
                return stringValue(t);
            }
            case UINT, FRAMENUM -> {
                if (quoted) throw err(f.typeLabel() + " cannot be converted from a string (\"" + s + "\").", t);
                long v = parseUnsigned(s, t);
                if (f.bits() < 64 && Long.compareUnsigned(v, f.max()) > 0) {
                    throw err("\"" + s + "\" too big for this field, maximum " + Long.toUnsignedString(f.max()) + ".", t);
                }
                return Value.num(v);
            }
            case BOOLEAN -> {
                if (s.equalsIgnoreCase("true")) return Value.num(1);
                if (s.equalsIgnoreCase("false")) return Value.num(0);
                try {
                    if (quoted) throw new FilterException("", expr, 0, 1);
                    return Value.num(parseUnsigned(s, t) != 0 ? 1 : 0);
                } catch (FilterException e) {
                    throw err("\"" + s + "\" is not a valid boolean.", t);
                }
            }
            case DOUBLE -> {
                try {
                    if (quoted) throw new NumberFormatException();
                    return new Value(0, 0, -1, Double.parseDouble(s), null, null, null, null);
                } catch (NumberFormatException e) {
                    throw err("\"" + s + "\" is not a valid number.", t);
                }
            }
            case IPV4 -> {
                return ipv4(s, t);
            }
            case IPV6 -> {
                return ipv6(s, t);
            }
            case BYTES -> {
                return bytes(s, t);
            }
            default -> throw cannot(f, t, "this");
        }
    }

    /** Decimal, 0x hex or (leading 0) octal, as Wireshark's strtoull with base 0. */
    private long parseUnsigned(String s, Token t) {
        try {
            if (s.startsWith("-")) throw new NumberFormatException();
            if (s.startsWith("0x") || s.startsWith("0X")) return Long.parseUnsignedLong(s.substring(2), 16);
            if (s.length() > 1 && s.startsWith("0")) return Long.parseUnsignedLong(s.substring(1), 8);
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw err("\"" + s + "\" is not a valid number.", t);
        }
    }

    private Value ipv4(String s, Token t) {
        String bad = "\"" + s + "\" is not a valid IPv4 address.";
        int slash = s.indexOf('/');
        String a = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        if (slash >= 0) {
            prefix = smallInt(s.substring(slash + 1), 32);
            if (prefix < 0) throw err(bad, t);
        }
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) throw err(bad, t);
        long v = 0;
        for (String p : parts) {
            int b = smallInt(p, 255);
            if (b < 0) throw err(bad, t);
            v = v << 8 | b;
        }
        return new Value(v, 0, prefix, 0, s, null, null, null);
    }

    /** A decimal 0..max, or -1. */
    private static int smallInt(String s, int max) {
        if (s.isEmpty() || s.length() > 3) return -1;
        for (int k = 0; k < s.length(); k++) if (!Character.isDigit(s.charAt(k))) return -1;
        int v = Integer.parseInt(s);
        return v <= max ? v : -1;
    }

    private Value ipv6(String s, Token t) {
        String bad = "\"" + s + "\" is not a valid IPv6 address.";
        int slash = s.indexOf('/');
        String a = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        if (slash >= 0) {
            prefix = smallInt(s.substring(slash + 1), 128);
            if (prefix < 0) throw err(bad, t);
        }
        int[] groups = parseIpv6(a);
        if (groups == null) throw err(bad, t);
        long hi = 0, lo = 0;
        for (int k = 0; k < 4; k++) hi = hi << 16 | groups[k];
        for (int k = 4; k < 8; k++) lo = lo << 16 | groups[k];
        return new Value(hi, lo, prefix, 0, s, null, null, null);
    }

    /** The 8 groups of an IPv6 address (with :: and an optional IPv4 tail), or null. */
    static int[] parseIpv6(String a) {
        if (a.indexOf(':') < 0) return null;
        int dbl = a.indexOf("::");
        if (dbl >= 0 && a.indexOf("::", dbl + 1) >= 0) return null;
        String head = dbl < 0 ? a : a.substring(0, dbl);
        String tail = dbl < 0 ? "" : a.substring(dbl + 2);
        List<Integer> h = groups(head);
        List<Integer> tl = groups(tail);
        if (h == null || tl == null) return null;
        int total = h.size() + tl.size();
        if (dbl < 0 ? total != 8 : total > 7) return null;
        int[] out = new int[8];
        for (int k = 0; k < h.size(); k++) out[k] = h.get(k);
        for (int k = 0; k < tl.size(); k++) out[8 - tl.size() + k] = tl.get(k);
        return out;
    }

    private static List<Integer> groups(String s) {
        List<Integer> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        String[] parts = s.split(":", -1);
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k];
            if (k == parts.length - 1 && p.indexOf('.') >= 0) {
                String[] q = p.split("\\.", -1);
                if (q.length != 4) return null;
                int[] b = new int[4];
                for (int j = 0; j < 4; j++) {
                    b[j] = smallInt(q[j], 255);
                    if (b[j] < 0) return null;
                }
                out.add(b[0] << 8 | b[1]);
                out.add(b[2] << 8 | b[3]);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return null;
            for (int j = 0; j < p.length(); j++) if (Character.digit(p.charAt(j), 16) < 0) return null;
            out.add(Integer.parseInt(p, 16));
        }
        return out;
    }

    /** aa:bb:cc, aa-bb-cc, aa.bb.cc or aabbcc. */
    private Value bytes(String s, Token t) {
        String clean = s.replace(":", "").replace("-", "").replace(".", "");
        boolean sep = clean.length() != s.length();
        if (clean.isEmpty() || clean.length() % 2 != 0) throw err("\"" + s + "\" is not a valid byte string.", t);
        if (sep) {
            for (String p : s.split("[:.-]", -1)) {
                if (p.length() != 2) throw err("\"" + s + "\" is not a valid byte string.", t);
            }
        }
        byte[] out = new byte[clean.length() / 2];
        for (int k = 0; k < out.length; k++) {
            int hi = Character.digit(clean.charAt(2 * k), 16);
            int lo = Character.digit(clean.charAt(2 * k + 1), 16);
            if (hi < 0 || lo < 0) throw err("\"" + s + "\" is not a valid byte string.", t);
            out[k] = (byte) (hi << 4 | lo);
        }
        return new Value(0, 0, -1, 0, s, null, out, null);
    }
}
