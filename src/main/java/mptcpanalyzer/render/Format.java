package mptcpanalyzer.render;

import java.util.Locale;

/** Output formats of list commands. */
public enum Format {
    TABLE, CSV, JSON;

    /** Parses "table", "csv" or "json" (any case). */
    public static Format parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown format '" + s + "' (expected: table, csv or json)", e);
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
