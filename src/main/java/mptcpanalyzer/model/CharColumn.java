package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * A column of non-negative ints stored in 2 bytes per element; the rare values of 0xffff and
 * more (a jumbo or GRO-merged frame length) go to a sparse side table of exceptions sorted by
 * index, so every value stays exact.
 */
final class CharColumn {
    /** Marks an element stored in the exception table. */
    private static final char ESCAPE = 0xffff;

    private final char[] low;
    private final int[] excIndex;
    private final long[] excValue;

    private CharColumn(char[] low, int[] excIndex, long[] excValue) {
        this.low = low;
        this.excIndex = excIndex;
        this.excValue = excValue;
    }

    int get(int i) {
        char c = low[i];
        return c != ESCAPE ? c : (int) SideTable.find(excIndex, excValue, i);
    }

    /** Retained bytes beyond the 2 per element. */
    long extraBytes() { return 12L * excIndex.length; }

    /** Fills a column; values must be set in ascending index order (the same index may repeat). */
    static final class Builder {
        private char[] low = new char[0];
        private final SideTable exceptions = new SideTable();

        /** Makes room for {@code n} elements. */
        void capacity(int n) {
            if (n > low.length) resize(n);
        }

        /** Room for exactly {@code n} elements: grows, or drops the unused ones. */
        void resize(int n) {
            resize(n, null);
        }

        /** {@link #resize(int)} with an array of {@code stash} (may be null). */
        void resize(int n, ArrayStash stash) {
            if (n != low.length) low = ArrayStash.copyOf(stash, low, n);
        }

        /** Growth toward {@code full} elements, through {@code stash}: {@link ArrayStash#grow}. */
        void grow(int need, int full, ArrayStash stash) {
            low = ArrayStash.grow(stash, low, need, full);
        }

        int capacity() { return low.length; }

        void set(int i, int v) {
            // 0 <= v < ESCAPE in one unsigned compare; the rest out of line, so that the JIT's
            // first tier (methods of at most 35 bytes) inlines this one into the per-packet paths
            if (Integer.compareUnsigned(v, ESCAPE) < 0) low[i] = (char) v;
            else escape(i, v);
        }

        private void escape(int i, int v) {
            low[i] = ESCAPE;
            exceptions.set(i, v);
        }

        /** Value of element {@code i} set so far. */
        int get(int i) {
            char c = low[i];
            return c != ESCAPE ? c : (int) exceptions.get(i);
        }

        /** Freezes the first {@code n} elements. */
        CharColumn build(int n) {
            return new CharColumn(Columns.fit(low, n), exceptions.indexes(), exceptions.values());
        }
    }
}
