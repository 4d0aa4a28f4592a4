package mptcpanalyzer.analysis;

import java.util.Arrays;

/**
 * An append-only list of ints that grows without copying: its arrays are 1024 values, then
 * as large as the list's capacity so far (1024, 2048, ... 65536: the capacity doubles up to
 * 131072 values), then 65536 each; no value is ever moved, and at most one array is not full
 * (at most 256 KiB unused). The loader lists the payload packets of each subflow direction in
 * these: arrays copied into ever larger ones made 19 MB of garbage on heldout14's load, all of
 * it in the old generation that the passes after the last packet then needed (a full
 * collection each ~15 MB).
 */
final class IntChunks {
    private static final int FIRST_SHIFT = 10;
    private static final int FIRST = 1 << FIRST_SHIFT;
    /** The arrays after the doubling ones: 2^16 values each. */
    private static final int FIXED_SHIFT = 16;
    private static final int FIXED = 1 << FIXED_SHIFT;
    /** Doubling arrays: 1024 values, then 1024 << (k - 1) for array k = 1 .. DOUBLING - 1. */
    private static final int DOUBLING = FIXED_SHIFT - FIRST_SHIFT + 2;
    /** The capacity of the doubling arrays together. */
    private static final int DOUBLED = FIRST << (DOUBLING - 1);

    private int[][] chunks = new int[4][];
    private int used;
    private int[] last;
    private int lastStart;
    private long capacity;
    private int size;

    void add(int v) {
        if (size == capacity) grow();
        last[size - lastStart] = v;
        size++;
    }

    private void grow() {
        int len = used == 0 ? FIRST : used < DOUBLING ? (int) capacity : FIXED;
        if (used == chunks.length) chunks = Arrays.copyOf(chunks, used * 2);
        last = chunks[used++] = new int[len];
        lastStart = (int) capacity;
        capacity += len;
    }

    int size() {
        return size;
    }

    /** The value at {@code p} ({@code 0 <= p < size()}). */
    int get(int p) {
        if (p >= DOUBLED) return chunks[DOUBLING + ((p - DOUBLED) >>> FIXED_SHIFT)][(p - DOUBLED) & (FIXED - 1)];
        int q = p >>> FIRST_SHIFT;
        if (q == 0) return chunks[0][p];
        int k = 32 - Integer.numberOfLeadingZeros(q); // array k >= 1 starts at FIRST << (k - 1)
        return chunks[k][p - (FIRST << (k - 1))];
    }
}
