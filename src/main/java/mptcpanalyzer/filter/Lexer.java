package mptcpanalyzer.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * First stage: splits an expression into tokens with their positions (for the caret of errors).
 *
 * <p>As in Wireshark, an unquoted word runs over letters, digits and {@code _ . : / -}, so that
 * field names, numbers, addresses and CIDR blocks ({@code fe80::1/64}) are one token; the
 * parser decides what a word means. {@code ..} inside a word splits it ({@code 1..5}).
 */
public final class Lexer {
    /** Token kinds. */
    public enum Kind {
        WORD, STRING, LPAREN, RPAREN, LBRACE, RBRACE, COMMA, RANGE,
        EQ, NE, ANY_NE, LT, GT, LE, GE, AND, OR, NOT, IN, CONTAINS, MATCHES, EOF
    }

    /** One token: kind, text as written, start index and end index (exclusive). */
    public record Token(Kind kind, String text, int start, int end) {
        public int length() { return end - start; }
    }

    private Lexer() {}

    /** Tokens of {@code expr}, ending with an EOF token at its end. */
    public static List<Token> tokens(String expr) {
        List<Token> out = new ArrayList<>();
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            int start = i;
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = expr.charAt(i);
                    if (d == '\\' && i + 1 < n) { sb.append(expr.charAt(i + 1)); i += 2; continue; }
                    if (d == '"') { closed = true; i++; break; }
                    sb.append(d);
                    i++;
                }
                if (!closed) throw new FilterException("The string is not terminated.", expr, start, n - start);
                out.add(new Token(Kind.STRING, sb.toString(), start, i));
                continue;
            }
            if (isWordChar(c)) {
                while (i < n && isWordChar(expr.charAt(i))) i++;
                addWord(out, expr, start, i);
                continue;
            }
            String two = i + 1 < n ? expr.substring(i, i + 2) : "";
            Kind k = switch (two) {
                case "==" -> Kind.EQ;
                case "!=" -> Kind.NE;
                case "~=" -> Kind.ANY_NE;
                case "<=" -> Kind.LE;
                case ">=" -> Kind.GE;
                case "&&" -> Kind.AND;
                case "||" -> Kind.OR;
                default -> null;
            };
            if (k != null) {
                // "!==" is Wireshark's explicit all-not-equal, the same as "!="
                int len = k == Kind.NE && i + 2 < n && expr.charAt(i + 2) == '=' ? 3 : 2;
                out.add(new Token(k, expr.substring(i, i + len), i, i + len));
                i += len;
                continue;
            }
            k = switch (c) {
                case '(' -> Kind.LPAREN;
                case ')' -> Kind.RPAREN;
                case '{' -> Kind.LBRACE;
                case '}' -> Kind.RBRACE;
                case ',' -> Kind.COMMA;
                case '<' -> Kind.LT;
                case '>' -> Kind.GT;
                case '!' -> Kind.NOT;
                default -> null;
            };
            if (k == null) {
                throw new FilterException("\"" + c + "\" was unexpected in this context.", expr, i, 1);
            }
            out.add(new Token(k, String.valueOf(c), i, i + 1));
            i++;
        }
        out.add(new Token(Kind.EOF, "", n, n));
        return out;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
    }

    /** Adds the word expr[start, end), split at "..", with keywords recognised. */
    private static void addWord(List<Token> out, String expr, int start, int end) {
        int dots = expr.indexOf("..", start);
        if (dots >= 0 && dots < end) {
            if (dots > start) addWord(out, expr, start, dots);
            out.add(new Token(Kind.RANGE, "..", dots, dots + 2));
            if (dots + 2 < end) addWord(out, expr, dots + 2, end);
            return;
        }
        String w = expr.substring(start, end);
        Kind k = switch (w) {
            case "eq" -> Kind.EQ;
            case "ne" -> Kind.NE;
            case "any_ne" -> Kind.ANY_NE;
            case "all_ne" -> Kind.NE;
            case "lt" -> Kind.LT;
            case "gt" -> Kind.GT;
            case "le" -> Kind.LE;
            case "ge" -> Kind.GE;
            case "and" -> Kind.AND;
            case "or" -> Kind.OR;
            case "not" -> Kind.NOT;
            case "in" -> Kind.IN;
            case "contains" -> Kind.CONTAINS;
            case "matches" -> Kind.MATCHES;
            default -> Kind.WORD;
        };
        out.add(new Token(k, w, start, end));
    }
}
