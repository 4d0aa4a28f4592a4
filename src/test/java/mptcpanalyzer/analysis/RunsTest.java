package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunsTest {
    private static void check(long[] v) {
        long[] expected = v.clone();
        Arrays.sort(expected);
        long[] before = v.clone();
        assertArrayEquals(expected, Runs.sortedCopy(v, v.length));
        assertArrayEquals(before, v, "input left alone");
    }

    @Test
    void emptyAndSingle() {
        check(new long[0]);
        check(new long[] {5});
        check(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0});
    }

    @Test
    void interleavedAscendingSequences() {
        Random r = new Random(7);
        for (int piles = 1; piles <= 20; piles++) { // past MAX_PILES: the fallback
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
