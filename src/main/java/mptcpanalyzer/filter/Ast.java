package mptcpanalyzer.filter;

import java.util.List;
import mptcpanalyzer.filter.Lexer.Token;

/**
 * The syntax tree the parser builds: logic nodes over tests of one field. Field names and
 * literals are still the tokens as written; {@link Semantics} resolves and types them.
 */
public sealed interface Ast {
    /** {@code left || right}. */
    record Or(Ast left, Ast right) implements Ast {}

    /** {@code left && right}. */
    record And(Ast left, Ast right) implements Ast {}

    /** {@code !inner}. */
    record Not(Ast inner) implements Ast {}

    /** A bare field: the field is present. */
    record Exists(Token field) implements Ast {}

    /** {@code field OP value} with OP one of == != ~= < > <= >=. */
    record Compare(Token field, Token op, Token value) implements Ast {}

    /** {@code field in {a, b .. c}}; {@code high} is null for a single value. */
    record InSet(Token field, List<Element> elements) implements Ast {}

    /** One element of a set: a value, or a range {@code low .. high} (inclusive). */
    record Element(Token low, Token high) {}

    /** {@code field contains value}. */
    record Contains(Token field, Token value) implements Ast {}

    /** {@code field matches "regex"}. */
    record Matches(Token field, Token value) implements Ast {}
}
