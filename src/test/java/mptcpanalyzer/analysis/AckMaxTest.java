package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AckMaxTest {
    /** The running maximum of {@code v[0..q] - base}, signed 64-bit, as the analysis defines it. */
    private static long expected(long[] v, int q, long base) {
        long m = Long.MIN_VALUE;
        for (int x = 0; x <= q; x++) m = Math.max(m, v[x] - base);
        return m;
    }

    /** Both ways of ReinjectionAnalyzer.AckMax (block maxima, and every value) against the definition, for every q. */
    private static void check(long[] v, long base, boolean blocksExpected) {
        ReinjectionAnalyzer.AckMax.Reader read = (from, to, out) -> System.arraycopy(v, from, out, 0, to - from);
        long[] bm = ReinjectionAnalyzer.AckMax.blockMaxima(read, v.length, v[0]);
        if (blocksExpected) assertNotNull(bm); else assertNull(bm);
        ReinjectionAnalyzer.AckMax blocks = new ReinjectionAnalyzer.AckMax(read, v.length, bm, v[0], base);
        ReinjectionAnalyzer.AckMax full = new ReinjectionAnalyzer.AckMax(read, v.length, null, 0, base);
        for (int q = 0; q < v.length; q++) {
            long want = expected(v, q, base);
            assertEquals(want, blocks.upTo(q), "blocks, q " + q + " of " + v.length);
            assertEquals(want, full.upTo(q), "full, q " + q + " of " + v.length);
        }
    }

    @Test
    void dataAcksOfARealTransferAroundTheBase() {
        Random r = new Random(5);
        for (int n : new int[] {1, 2, 63, 64, 65, 127, 128, 129, 1000}) {
            for (long start : new long[] {0, 123_456_789L, -1L, Long.MAX_VALUE - 500_000, Long.MIN_VALUE}) {
                long[] v = new long[n];
                long ack = start;
                for (int x = 0; x < n; x++) {
                    // mostly ascending, with repeats and a few reordered (older) values; across
                    // the 64-bit wrap for the starts near its ends
                    ack += r.nextInt(10) < 2 ? 0 : r.nextInt(3000);
                    v[x] = r.nextInt(20) == 0 ? ack - r.nextInt(50_000) : ack;
                }
                // the DSN base: at the first DATA_ACK, before it, after all of them
                for (long base : new long[] {start, start - 1_000_000, ack + 10}) check(v, base, true);
            }
        }
    }

    @Test
    void valuesOrABaseFarApartFallBackToEveryValue() {
        Random r = new Random(9);
        for (int n : new int[] {1, 64, 300}) {
            long[] v = new long[n];
            for (int x = 0; x < n; x++) v[x] = r.nextLong(); // hostile: anywhere in the space
            check(v, r.nextLong(), n == 1);
            // values near each other, a base far from them: the blocks are made, then not used
            long[] near = new long[n];
            for (int x = 0; x < n; x++) near[x] = 1000 + r.nextInt(100);
            check(near, 1000 + (1L << 62) + 5, true);
            check(near, Long.MIN_VALUE + 3, true);
        }
    }
}
