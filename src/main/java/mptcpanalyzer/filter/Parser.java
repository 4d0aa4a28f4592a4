package mptcpanalyzer.filter;

import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.filter.Lexer.Kind;
import mptcpanalyzer.filter.Lexer.Token;

/**
 * Second stage: tokens to an {@link Ast}, with Wireshark's precedence: {@code not} binds
 * tightest, then {@code and}, then {@code or}; parentheses group.
 *
 * <pre>
 * expr    := and { (or | ||) and }
 * and     := unary { (and | &&) unary }
 * unary   := (not | !) unary | primary
 * primary := ( expr ) | FIELD [ relop VALUE | in { elem , ... } | contains VALUE | matches VALUE ]
 * elem    := VALUE [ .. VALUE ]
 * </pre>
 */
public final class Parser {
    private final String expr;
    private final List<Token> tokens;
    private int pos;

    private Parser(String expr) {
        this.expr = expr;
        this.tokens = Lexer.tokens(expr);
    }

    /** Parses {@code expr}; throws {@link FilterException} at the first bad token. */
    public static Ast parse(String expr) {
        Parser p = new Parser(expr);
        if (p.peek().kind() == Kind.EOF) {
            throw new FilterException("The filter expression is empty.", expr, 0, 1);
        }
        Ast a = p.or();
        if (p.peek().kind() != Kind.EOF) throw p.unexpected(p.peek());
        return a;
    }

    private Token peek() { return tokens.get(pos); }

    private Token next() { return tokens.get(pos++); }

    private Ast or() {
        Ast left = and();
        while (peek().kind() == Kind.OR) {
            next();
            left = new Ast.Or(left, and());
        }
        return left;
    }

    private Ast and() {
        Ast left = unary();
        while (peek().kind() == Kind.AND) {
            next();
            left = new Ast.And(left, unary());
        }
        return left;
    }

    private Ast unary() {
        if (peek().kind() == Kind.NOT) {
            next();
            return new Ast.Not(unary());
        }
        return primary();
    }

    private Ast primary() {
        Token t = next();
        if (t.kind() == Kind.LPAREN) {
            Ast inner = or();
            Token close = next();
            if (close.kind() != Kind.RPAREN) throw unexpected(close);
            return inner;
        }
        if (t.kind() != Kind.WORD) throw unexpected(t);
        Token op = peek();
        switch (op.kind()) {
            case EQ, NE, ANY_NE, LT, GT, LE, GE -> {
                next();
                Token v = value();
                Kind after = peek().kind();
                if (after == Kind.EQ || after == Kind.NE || after == Kind.LT || after == Kind.GT
                        || after == Kind.LE || after == Kind.GE || after == Kind.ANY_NE) {
                    throw new FilterException("Left side of \"" + peek().text()
                            + "\" expression must be a field or function, not " + v.text() + ".",
                            expr, v.start(), v.length());
                }
                return new Ast.Compare(t, op, v);
            }
            case IN -> {
                next();
                return new Ast.InSet(t, set());
            }
            case CONTAINS -> {
                next();
                return new Ast.Contains(t, value());
            }
            case MATCHES -> {
                next();
                return new Ast.Matches(t, value());
            }
            default -> {
                return new Ast.Exists(t);
            }
        }
    }

    private Token value() {
        Token v = next();
        if (v.kind() != Kind.WORD && v.kind() != Kind.STRING) throw unexpected(v);
        return v;
    }

    private List<Ast.Element> set() {
        Token open = next();
        if (open.kind() != Kind.LBRACE) throw unexpected(open);
        List<Ast.Element> out = new ArrayList<>();
        while (true) {
            Token low = value();
            Token high = null;
            if (peek().kind() == Kind.RANGE) {
                next();
                high = value();
            }
            out.add(new Ast.Element(low, high));
            Token sep = next();
            if (sep.kind() == Kind.RBRACE) return out;
            if (sep.kind() != Kind.COMMA) throw unexpected(sep);
        }
    }

    private FilterException unexpected(Token t) {
        if (t.kind() == Kind.EOF) {
            return new FilterException("Unexpected end of filter expression.", expr, t.start(), 1);
        }
        return new FilterException("\"" + t.text() + "\" was unexpected in this context.", expr,
                t.start(), t.length());
    }
}
