package mptcpanalyzer.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a list command answers: named columns and rows of values. Values are {@code null}
 * (unknown: empty in text, null in JSON), Boolean, Number, String, or a List of those.
 *
 * @param columns snake_case column names (a public interface: see README)
 * @param rows one Object[] per row, {@code columns.size()} values each
 * @param vertical render as "name: value" lines in table format (for one-record answers)
 */
public record Table(List<String> columns, List<Object[]> rows, boolean vertical) {
    public Table {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
        for (Object[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException(
                        "row has " + r.length + " values (expected: " + columns.size() + ")");
            }
        }
    }

    /** A builder that checks each row's width. */
    public static Builder of(String... columns) { return new Builder(List.of(columns)); }

    /** Collects rows. */
    public static final class Builder {
        private final List<String> columns;
        private final List<Object[]> rows = new ArrayList<>();
        private boolean vertical;

        Builder(List<String> columns) { this.columns = columns; }

        public Builder row(Object... values) {
            rows.add(values);
            return this;
        }

        public Builder vertical() {
            vertical = true;
            return this;
        }

        public Table build() { return new Table(columns, rows, vertical); }
    }
}
