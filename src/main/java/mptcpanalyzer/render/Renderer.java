package mptcpanalyzer.render;

import java.io.PrintWriter;
import java.util.List;

/** Writes a {@link Table} as an aligned text table, CSV (RFC 4180, header row) or JSON. */
public final class Renderer {
    private Renderer() {}

    /** Renders {@code t} in format {@code f} to {@code out}, ending with a newline. */
    public static void render(Table t, Format f, PrintWriter out) {
        switch (f) {
            case TABLE -> { if (t.vertical()) vertical(t, out); else text(t, out); }
            case CSV -> csv(t, out);
            case JSON -> json(t, out);
        }
        out.flush();
    }

    // ---------------------------------------------------------------- text
    private static void text(Table t, PrintWriter out) {
        int n = t.columns().size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = t.columns().get(c).length();
            numeric[c] = true;
        }
        String[][] cells = new String[t.rows().size()][];
        for (int r = 0; r < cells.length; r++) {
            Object[] row = t.rows().get(r);
            cells[r] = new String[n];
            for (int c = 0; c < n; c++) {
                String s = plain(row[c], " ");
                cells[r][c] = s;
                width[c] = Math.max(width[c], s.length());
                if (row[c] != null && !(row[c] instanceof Number)) numeric[c] = false;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < n; c++) pad(sb, t.columns().get(c), width[c], false, c == n - 1);
        out.println(sb.toString().stripTrailing());
        for (String[] row : cells) {
            sb.setLength(0);
            for (int c = 0; c < n; c++) pad(sb, row[c], width[c], numeric[c], c == n - 1);
            out.println(sb.toString().stripTrailing());
        }
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right, boolean last) {
        int fill = width - s.length();
        if (right) sb.append(" ".repeat(fill)).append(s);
        else sb.append(s).append(last ? "" : " ".repeat(fill));
        if (!last) sb.append("  ");
    }

    private static void vertical(Table t, PrintWriter out) {
        int w = 0;
        for (String c : t.columns()) w = Math.max(w, c.length());
        boolean first = true;
        for (Object[] row : t.rows()) {
            if (!first) out.println();
            first = false;
            for (int c = 0; c < row.length; c++) {
                String name = t.columns().get(c);
                out.println((name + ":" + " ".repeat(w - name.length() + 1) + plain(row[c], " "))
                        .stripTrailing());
            }
        }
    }

    /** Text of a value; lists joined with {@code sep}; null is empty. */
    static String plain(Object v, String sep) {
        if (v == null) return "";
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (Object o : l) {
                if (sb.length() > 0) sb.append(sep);
                sb.append(plain(o, sep));
            }
            return sb.toString();
        }
        if (v instanceof java.math.BigDecimal d) return d.toPlainString();
        return v.toString();
    }

    // ---------------------------------------------------------------- csv
    private static void csv(Table t, PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < t.columns().size(); c++) {
            if (c > 0) sb.append(',');
            sb.append(csvCell(t.columns().get(c)));
        }
        out.print(sb.append("\r\n"));
        for (Object[] row : t.rows()) {
            sb.setLength(0);
            for (int c = 0; c < row.length; c++) {
                if (c > 0) sb.append(',');
                sb.append(csvCell(plain(row[c], " ")));
            }
            out.print(sb.append("\r\n"));
        }
    }

    static String csvCell(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') { quote = true; break; }
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    // ---------------------------------------------------------------- json
    private static void json(Table t, PrintWriter out) {
        StringBuilder sb = new StringBuilder("[");
        boolean firstRow = true;
        for (Object[] row : t.rows()) {
            sb.append(firstRow ? "\n  {" : ",\n  {");
            firstRow = false;
            for (int c = 0; c < row.length; c++) {
                if (c > 0) sb.append(", ");
                jsonString(sb, t.columns().get(c));
                sb.append(": ");
                jsonValue(sb, row[c]);
            }
            sb.append('}');
        }
        sb.append(firstRow ? "]" : "\n]");
        out.println(sb);
    }

    /**
     * Writes one JSON object (for one-record answers with nested lists, e.g. {@code handshake}):
     * top-level members one per line, nested values on one line; values as in a table cell,
     * plus {@code Map<String, ?>} for nested objects.
     */
    public static void jsonObject(java.util.Map<String, ?> object, PrintWriter out) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (java.util.Map.Entry<String, ?> e : object.entrySet()) {
            sb.append(first ? "\n  " : ",\n  ");
            first = false;
            jsonString(sb, e.getKey());
            sb.append(": ");
            jsonValue(sb, e.getValue());
        }
        sb.append(first ? "}" : "\n}");
        out.println(sb);
        out.flush();
    }

    static void jsonValue(StringBuilder sb, Object v) {
        if (v instanceof java.util.Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                jsonString(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                jsonValue(sb, e.getValue());
            }
            sb.append('}');
            return;
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) sb.append("null");
            else if (v instanceof java.math.BigDecimal bd) sb.append(bd.toPlainString());
            else sb.append(v instanceof Double || v instanceof Float ? trimDouble(d) : v.toString());
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                jsonValue(sb, l.get(i));
            }
            sb.append(']');
        } else {
            jsonString(sb, v.toString());
        }
    }

    private static String trimDouble(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        sb.append('"');
    }
}
