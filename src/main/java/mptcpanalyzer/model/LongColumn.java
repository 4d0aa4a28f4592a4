package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * A column of 64-bit values stored in 4 bytes per element: a signed 32-bit offset from a base
 * kept once per block of {@link #BLOCK} elements (the first value set in the block). Values
 * that do not fit (a jump of more than 2^31 from the block's base) go to a sparse side table
 * of exceptions, sorted by index, so every value stays exact. Suits columns whose neighbouring
 * values are close: timestamps, file offsets, sequence numbers of one connection.
 *
 * <p>With 4 lanes, each block has up to 4 bases (the first 4 values that are far apart) and an
 * element keeps the lane of its base in the 2 low bits of its offset (then 30 bits signed): a
 * block mixing the sequence spaces of both directions of a connection, or of two connections,
 * stays compact.
 *
 * <pre>
 *  index   0      1      2   ...  4095 | 4096 ...
 *  value   1000   1010   1025      ... | 9000000000 ...
 *  low     0      10     25        ... | 0 ...          base[0] = 1000, base[1] = 9000000000
 * </pre>
 */
final class LongColumn {
    /** log2 of the block size. */
    static final int SHIFT = 12;
    /** Elements per block. */
    static final int BLOCK = 1 << SHIFT;
    /** Offset marking an element stored in the exception table. */
    private static final int ESCAPE = Integer.MIN_VALUE;

    private final int laneBits;
    private final int laneMask;
    private final int[] low;
    private final long[] base;
    private final int[] excIndex;
    private final long[] excValue;

    private LongColumn(int laneBits, int[] low, long[] base, int[] excIndex, long[] excValue) {
        this.laneBits = laneBits;
        this.laneMask = (1 << laneBits) - 1;
        this.low = low;
        this.base = base;
        this.excIndex = excIndex;
        this.excValue = excValue;
    }

    /** Value of element {@code i}; 0 when it was never set. */
    long get(int i) {
        int o = low[i];
        if (o != ESCAPE) return base[(i >>> SHIFT) << laneBits | (o & laneMask)] + (o >> laneBits);
        return SideTable.find(excIndex, excValue, i);
    }

    /** Retained bytes beyond the 4 per element. */
    long extraBytes() { return 8L * base.length + 12L * excIndex.length; }

    /** Number of values kept in the exception table. */
    int exceptions() { return excIndex.length; }

    /** Fills a column; values must be set in ascending index order (the same index may repeat). */
    static final class Builder {
        private final int laneBits;
        private final long min;
        private final long max;
        int[] low = new int[0];
        private long[] base = new long[0];
        private boolean[] baseSet = new boolean[0];
        private final SideTable exceptions = new SideTable();

        /** A builder with 1 lane (32-bit offsets). */
        Builder() { this(1); }

        /** A builder with 1 or 4 lanes per block. */
        Builder(int lanes) {
            if (lanes != 1 && lanes != 4) throw new IllegalArgumentException("lanes: " + lanes);
            laneBits = lanes == 4 ? 2 : 0;
            min = Integer.MIN_VALUE >> laneBits;
            max = Integer.MAX_VALUE >> laneBits;
        }

        /** Makes room for {@code n} elements (exactly, for a pre-sized load). */
        void capacity(int n) {
            if (n > low.length) resize(n);
        }

        /** Room for exactly {@code n} elements: grows, or drops the unused ones. */
        void resize(int n) {
            resize(n, null);
        }

        /** {@link #resize(int)} with arrays of {@code stash} (may be null). */
        void resize(int n, ArrayStash stash) {
            if (n == low.length) return;
            low = ArrayStash.copyOf(stash, low, n);
            int bases = ((n + BLOCK - 1) >>> SHIFT) << laneBits;
            base = ArrayStash.copyOf(stash, base, bases);
            baseSet = ArrayStash.copyOf(stash, baseSet, bases);
        }

        /**
         * Growth toward {@code full} elements: the three arrays of a stashed column of that
         * length when {@code stash} holds them all (may be null), else doubled when fewer than
         * {@code need} ({@link ArrayStash#grow}).
         */
        void grow(int need, int full, ArrayStash stash) {
            if (low.length >= full) return;
            int bases = ((full + BLOCK - 1) >>> SHIFT) << laneBits;
            Object[] t = stash == null ? null : stash.takeAll(
                    new Class<?>[] {int[].class, long[].class, boolean[].class}, new int[] {full, bases, bases});
            if (t != null) {
                low = (int[]) ArrayStash.copyInto(low, t[0]);
                base = (long[]) ArrayStash.copyInto(base, t[1]);
                baseSet = (boolean[]) ArrayStash.copyInto(baseSet, t[2]);
            } else if (low.length < need) {
                resize((int) Math.min(full, Math.max(need, 2L * low.length)));
            }
        }

        int capacity() { return low.length; }

        void set(int i, long v) {
            int b0 = (i >>> SHIFT) << laneBits;
            long d0 = v - base[b0];
            if (d0 > min && d0 <= max && baseSet[b0]) { // the common case: near lane 0's base
                low[i] = (int) d0 << laneBits;
                return;
            }
            for (int lane = 0; lane <= (1 << laneBits) - 1; lane++) {
                int b = b0 | lane;
                if (!baseSet[b]) {
                    baseSet[b] = true;
                    base[b] = v;
                }
                long d = v - base[b];
                if (d > min && d <= max) {
                    low[i] = (int) d << laneBits | lane;
                    return;
                }
            }
            low[i] = ESCAPE;
            exceptions.set(i, v);
        }

        /** Value of element {@code i} set so far. */
        long get(int i) {
            int o = low[i];
            int lane = o & ((1 << laneBits) - 1);
            if (o != ESCAPE) return base[(i >>> SHIFT) << laneBits | lane] + (o >> laneBits);
            return exceptions.get(i);
        }

        /** Freezes the first {@code n} elements. */
        LongColumn build(int n) {
            int bases = ((n + BLOCK - 1) >>> SHIFT) << laneBits;
            return new LongColumn(laneBits, Columns.fit(low, n), Arrays.copyOf(base, bases),
                    exceptions.indexes(), exceptions.values());
        }
    }
}
