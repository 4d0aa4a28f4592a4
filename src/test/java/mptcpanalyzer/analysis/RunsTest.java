package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunsTest {
    /** Runs.order against a stable sort of boxed indexes by value (ties in index order). */
    private static void check(long[] v) {
        Integer[] expected = new Integer[v.length];
        for (int i = 0; i < v.length; i++) expected[i] = i;
        Arrays.sort(expected, Comparator.comparingLong(i -> v[i])); // stable: a merge sort
        long[] before = v.clone();
        int[] want = Arrays.stream(expected).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(want, order(v, 0, v.length));
        assertArrayEquals(before, v, "input left alone");
        // the same values at an offset of a larger array, between values that would sort first
        // and last: only v[base..base + k) is read
        long[] padded = new long[v.length + 5];
        Arrays.fill(padded, Long.MIN_VALUE);
        padded[padded.length - 1] = Long.MAX_VALUE;
        padded[0] = Long.MAX_VALUE;
        System.arraycopy(v, 0, padded, 3, v.length);
        assertArrayEquals(want, order(padded, 3, v.length), "at an offset");
    }

    /** Runs.order into two arrays longer than k: the order is in the one it returns. */
    private static int[] order(long[] v, int base, int k) {
        int[] a = new int[k + 2];
        int[] b = new int[k + 2];
        int[] got = Runs.order(v, base, k, a, b);
        assertTrue(got == a || got == b, "one of the two arrays given");
        return Arrays.copyOf(got, k);
    }

    @Test
    void emptySingleAndExtremes() {
        check(new long[0]);
        check(new long[] {5});
        check(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, Long.MIN_VALUE});
    }

    @Test
    void interleavedAscendingSequences() {
        Random r = new Random(7);
        // up to MAX_PILES and past it (the natural runs then)
        for (int piles : new int[] {1, 2, 3, 5, 16, 17, 31, Runs.MAX_PILES - 1, Runs.MAX_PILES, Runs.MAX_PILES + 1, 100}) {
            for (int rep = 0; rep < 20; rep++) {
                int k = r.nextInt(3000);
                long[] next = new long[piles];
                for (int q = 0; q < piles; q++) next[q] = r.nextInt(1_000_000) - 500_000;
                long[] v = new long[k];
                for (int p = 0; p < k; p++) {
                    int q = r.nextInt(piles);
                    next[q] += r.nextInt(3) == 0 ? 0 : r.nextInt(1500); // repeats too
                    v[p] = next[q];
                }
                check(v);
            }
        }
    }

    @Test
    void ascendingWithOccasionalStepsBack() {
        Random r = new Random(11);
        for (int rep = 0; rep < 200; rep++) {
            int k = 1 + r.nextInt(5000);
            long[] v = new long[k];
            long x = r.nextLong() >> 8;
            for (int p = 0; p < k; p++) {
                x += r.nextInt(100) < 3 ? -r.nextInt(20_000) : r.nextInt(1448);
                v[p] = x;
            }
            check(v);
        }
    }

    @Test
    void longRunWithAFewLateValues() {
        // one long ascending run and a handful of earlier values coming late (retransmissions):
        // the short pile is merged by binary search, ties included
        Random r = new Random(19);
        for (int rep = 0; rep < 100; rep++) {
            int k = 200 + r.nextInt(5000);
            long[] v = new long[k];
            long x = 0;
            for (int p = 0; p < k; p++) {
                if (p > 10 && r.nextInt(200) == 0) {
                    v[p] = v[r.nextInt(p)] + (r.nextBoolean() ? 0 : 1); // equal to an earlier one, or just above
                } else {
                    x += r.nextInt(3);
                    v[p] = x;
                }
            }
            check(v);
        }
    }

    @Test
    void randomAndDescending() {
        Random r = new Random(3);
        for (int rep = 0; rep < 100; rep++) {
            long[] v = new long[r.nextInt(2000)];
            for (int p = 0; p < v.length; p++) v[p] = r.nextInt(50) == 0 ? r.nextLong() : r.nextInt(100);
            check(v);
        }
        long[] down = new long[1000];
        for (int p = 0; p < down.length; p++) down[p] = -p;
        check(down);
    }
}
