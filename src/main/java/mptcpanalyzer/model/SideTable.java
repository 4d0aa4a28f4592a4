package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * The exact values of the few elements a compact column cannot hold, by ascending element
 * index, while the column is filled: set in index order, an element set again keeps its last
 * value. {@link #indexes()} and {@link #values()} freeze it; read frozen ones with
 * {@link #find}.
 */
final class SideTable {
    private int count;
    private int[] index = new int[0];
    private long[] value = new long[0];

    /** Element {@code i} (not below the last one set) has value {@code v}. */
    void set(int i, long v) {
        int k = count;
        if (k > 0 && index[k - 1] == i) {
            value[k - 1] = v;
            return;
        }
        index = Columns.ensure(index, k + 1);
        value = Columns.ensure(value, k + 1);
        index[k] = i;
        value[k] = v;
        count = k + 1;
    }

    /** The value set for element {@code i}, which must have one. */
    long get(int i) { return value[Arrays.binarySearch(index, 0, count, i)]; }

    int[] indexes() { return Arrays.copyOf(index, count); }

    long[] values() { return Arrays.copyOf(value, count); }

    /** The value of element {@code i} in frozen {@code indexes}/{@code values}, which has one. */
    static long find(int[] indexes, long[] values, int i) {
        return values[Arrays.binarySearch(indexes, i)];
    }
}
