package mptcpanalyzer.analysis;

import java.util.Arrays;

/**
 * Sorting values that arrive as a few interleaved ascending sequences: the DSN ranges of a
 * connection direction in frame order are those of each subflow (each in order but for its
 * retransmissions), interleaved. A general sort does not see that order (the interleaving
 * leaves no long run); dealing the values onto a few ascending piles and merging the piles does,
 * in time linear in the values for a fixed number of piles.
 */
final class Runs {
    /** Most piles tried before falling back to a general sort. */
    static final int MAX_PILES = 16;

    private Runs() {}

    /** A sorted copy of {@code v[0..k)}. */
    static long[] sortedCopy(long[] v, int k) {
        long[] out = new long[k];
        if (k == 0) return out;
        long[] top = new long[MAX_PILES];
        int[] size = new int[MAX_PILES + 1];
        byte[] pileOf = new byte[k];
        int piles = 0;
        int hint = 0; // the pile of the previous value: runs of one subflow stay on it
        for (int p = 0; p < k; p++) {
            long x = v[p];
            int q;
            if (hint < piles && top[hint] <= x && (hint == 0 || top[hint - 1] > x)) {
                q = hint;
            } else {
                q = 0;
                while (q < piles && top[q] > x) q++;
                if (q == piles) {
                    if (piles == MAX_PILES) return sortedFallback(v, k, out);
                    piles++;
                }
            }
            top[q] = x;
            size[q + 1]++;
            pileOf[p] = (byte) q;
            hint = q;
        }
        if (piles == 1) {
            System.arraycopy(v, 0, out, 0, k);
            return out;
        }
        // lay the piles out one after the other, then merge neighbours until one is left
        int[] from = new int[piles + 1];
        for (int q = 0; q < piles; q++) from[q + 1] = from[q] + size[q + 1];
        int[] fill = Arrays.copyOf(from, piles);
        long[] a = new long[k];
        for (int p = 0; p < k; p++) a[fill[pileOf[p]]++] = v[p];
        long[] b = out;
        int n = piles;
        while (n > 1) {
            int m = 0;
            for (int q = 0; q < n; q += 2) {
                if (q + 1 == n) {
                    System.arraycopy(a, from[q], b, from[q], from[q + 1] - from[q]);
                } else {
                    merge(a, from[q], from[q + 1], from[q + 2], b);
                }
                from[m++] = from[q];
            }
            from[m] = k;
            n = m;
            long[] t = a;
            a = b;
            b = t;
        }
        if (a != out) System.arraycopy(a, 0, out, 0, k);
        return out;
    }

    private static long[] sortedFallback(long[] v, int k, long[] out) {
        System.arraycopy(v, 0, out, 0, k);
        Arrays.sort(out);
        return out;
    }

    /** Merges the ascending {@code a[lo..mid)} and {@code a[mid..hi)} into {@code b[lo..hi)}. */
    private static void merge(long[] a, int lo, int mid, int hi, long[] b) {
        int i = lo;
        int j = mid;
        int o = lo;
        if (a[mid - 1] <= a[mid]) { // already in order: one copy
            System.arraycopy(a, lo, b, lo, hi - lo);
            return;
        }
        while (i < mid && j < hi) b[o++] = a[i] <= a[j] ? a[i++] : a[j++];
        if (i < mid) System.arraycopy(a, i, b, o, mid - i);
        else System.arraycopy(a, j, b, o, hi - j);
    }
}
