package mptcpanalyzer.analysis;

import java.util.Arrays;

/**
 * Ordering values that arrive as a few interleaved ascending sequences: the DSN ranges of a
 * connection direction in frame order are those of each subflow (each in order but for its
 * retransmissions), interleaved; the sequence ranges of one subflow direction are in order but
 * for its retransmissions. A general sort does not see that order (the interleaving leaves no
 * long run); dealing the values onto a few ascending piles and merging the piles does, in time
 * linear in the values for a fixed number of piles.
 */
final class Runs {
    /**
     * Most piles tried before falling back to merging the natural runs. heldout14's larger DSN
     * group (1,001,773 ranges, three subflows, reinjections after loss) needs 17: with at most
     * 16 it fell back to its 31,343 natural runs, 15 merge levels over a million indexes (~100
     * ms of a load) instead of 5. The piles' tops are kept in descending order, so a value
     * finds its pile by binary search.
     */
    static final int MAX_PILES = 64;

    private Runs() {}

    /**
     * The indexes {@code 0..k-1} ordered by {@code v[base + index]} ascending (equal values in
     * index order): dealt onto a few ascending piles and merged when the values are a few
     * interleaved ascending sequences, else merged from the natural ascending runs. The order
     * is made in {@code a} or {@code b} (each of k values or more), whichever it returns; the
     * other one is free for the caller after (an array of k fewer).
     */
    static int[] order(long[] v, int base, int k, int[] a, int[] b) {
        if (k == 0) return a;
        long[] top = new long[MAX_PILES];
        int[] size = new int[MAX_PILES + 1];
        byte[] pileOf = new byte[k];
        int piles = 0;
        int hint = 0;
        boolean dealt = true;
        for (int p = 0; p < k; p++) {
            long x = v[base + p];
            int q;
            if (hint < piles && top[hint] <= x && (hint == 0 || top[hint - 1] > x)) {
                q = hint;
            } else {
                // the first pile whose top is at most x (tops descend), piles when none is
                int lo = 0;
                int hi = piles;
                while (lo < hi) {
                    int m = (lo + hi) >>> 1;
                    if (top[m] > x) lo = m + 1; else hi = m;
                }
                q = lo;
                if (q == piles) {
                    if (piles == MAX_PILES) {
                        dealt = false;
                        break;
                    }
                    piles++;
                }
            }
            top[q] = x;
            size[q + 1]++;
            pileOf[p] = (byte) q;
            hint = q;
        }
        int[] run;
        int n;
        if (dealt) {
            run = new int[piles + 1];
            for (int q = 0; q < piles; q++) run[q + 1] = run[q] + size[q + 1];
            int[] fill = Arrays.copyOf(run, piles);
            for (int p = 0; p < k; p++) a[fill[pileOf[p]]++] = p;
            n = piles;
        } else {
            // many piles: the natural runs of the frame order instead (a general merge sort)
            run = new int[k + 1];
            n = 0;
            for (int p = 0; p < k; p++) {
                a[p] = p;
                if (p == 0 || v[base + p] < v[base + p - 1]) run[n++] = p;
            }
            run[n] = k;
        }
        if (n == 1) return a;
        while (n > 1) {
            int m = 0;
            for (int q = 0; q < n; q += 2) {
                if (q + 1 == n) {
                    System.arraycopy(a, run[q], b, run[q], run[q + 1] - run[q]);
                } else {
                    mergeOrder(v, base, a, run[q], run[q + 1], run[q + 2], b);
                }
                run[m++] = run[q];
            }
            run[m] = k;
            n = m;
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Merges the index runs {@code a[lo..mid)} and {@code a[mid..hi)}, ascending by
     * {@code v[base + index]}.
     */
    private static void mergeOrder(long[] v, int base, int[] a, int lo, int mid, int hi, int[] b) {
        if (v[base + a[mid - 1]] <= v[base + a[mid]]) {
            System.arraycopy(a, lo, b, lo, hi - lo);
            return;
        }
        if ((long) (hi - mid) * 16 < mid - lo) { // a few retransmissions into a long run
            insertFew(v, base, a, lo, mid, hi, b);
            return;
        }
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) b[o++] = v[base + a[i]] <= v[base + a[j]] ? a[i++] : a[j++];
        if (i < mid) System.arraycopy(a, i, b, o, mid - i);
        else System.arraycopy(a, j, b, o, hi - j);
    }

    /**
     * {@link #mergeOrder} when the right run is short: each of its indexes goes after the left
     * run's indexes of values up to its own (found by binary search), the left run is copied in
     * between in blocks.
     */
    private static void insertFew(long[] v, int base, int[] a, int lo, int mid, int hi, int[] b) {
        int o = lo;
        int from = lo; // left run copied up to here
        for (int j = mid; j < hi; j++) {
            long x = v[base + a[j]];
            int l = from;
            int h = mid; // first left index with a value above x: in [l, h]
            while (l < h) {
                int m = (l + h) >>> 1;
                if (v[base + a[m]] <= x) l = m + 1; else h = m;
            }
            System.arraycopy(a, from, b, o, l - from);
            o += l - from;
            from = l;
            b[o++] = a[j];
        }
        System.arraycopy(a, from, b, o, mid - from);
    }
}
