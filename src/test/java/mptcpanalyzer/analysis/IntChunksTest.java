package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IntChunksTest {
    @Test
    void everyValueReadsBackAtItsIndexAcrossChunkBoundaries() {
        Random r = new Random(11);
        // 0, one value, around the ends of the first arrays (1024, 2048), of the doubling ones
        // (131072), and of the fixed ones after them (65536 values each)
        for (int n : new int[] {0, 1, 1023, 1024, 1025, 2047, 2048, 2049, 4096, 70_001, 131_071,
                131_072, 131_073, 196_608, 196_609, 400_000}) {
            IntChunks list = new IntChunks();
            int[] want = new int[n];
            for (int p = 0; p < n; p++) {
                want[p] = r.nextInt();
                list.add(want[p]);
                assertEquals(p + 1, list.size());
            }
            for (int p = 0; p < n; p++) assertEquals(want[p], list.get(p), "n " + n + ", index " + p);
        }
    }

    @Test
    void valuesAddedAfterReadsAreKept() {
        IntChunks list = new IntChunks();
        for (int p = 0; p < 5000; p++) {
            list.add(p * 7);
            // reading while the list grows changes nothing in it
            assertEquals((p / 2) * 7, list.get(p / 2));
        }
        for (int p = 0; p < 5000; p++) assertEquals(p * 7, list.get(p));
    }
}
