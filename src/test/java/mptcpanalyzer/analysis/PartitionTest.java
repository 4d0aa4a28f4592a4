package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ReinjectionAnalyzer.DsnGroups.partition against a stable sort by key. */
class PartitionTest {
    private static void check(int[] key, int groups, int extra) {
        int n = key.length;
        Random r = new Random(n * 31L + groups);
        // arrays longer than n (as the data level's columns are): the tail stays as it was
        int[] idx = new int[n + extra];
        long[] v = new long[n + extra];
        for (int x = 0; x < idx.length; x++) {
            idx[x] = x;
            v[x] = r.nextLong();
        }
        int[] wantIdx = new int[n + extra];
        long[] wantV = new long[n + extra];
        int[] wantStart = new int[groups + 1];
        int o = 0;
        for (int g = 0; g < groups; g++) {
            wantStart[g] = o;
            for (int x = 0; x < n; x++) {
                if (key[x] != g) continue;
                wantIdx[o] = idx[x];
                wantV[o++] = v[x];
            }
        }
        wantStart[groups] = o;
        for (int x = n; x < n + extra; x++) {
            wantIdx[x] = idx[x];
            wantV[x] = v[x];
        }
        int[] keyBefore = key.clone();
        int[] start = ReinjectionAnalyzer.DsnGroups.partition(key, n, groups, idx, v);
        String what = "n " + n + ", groups " + groups + ", keys " + Arrays.toString(Arrays.copyOf(key, Math.min(n, 20)));
        assertArrayEquals(wantStart, start, what);
        assertArrayEquals(wantIdx, idx, what);
        assertArrayEquals(wantV, v, what);
        assertArrayEquals(keyBefore, key, "keys left as they were");
    }

    @Test
    void emptyAndOneGroup() {
        check(new int[0], 0, 0);
        check(new int[0], 0, 3);
        check(new int[] {0}, 1, 2);
        check(new int[] {1, 1, 1}, 2, 0);
    }

    @Test
    void theLargestGroupFirstInTheMiddleOrLastAmongInterleavedOthers() {
        Random r = new Random(3);
        for (int groups : new int[] {2, 3, 4, 7}) {
            for (int big = 0; big < groups; big++) {
                for (int rep = 0; rep < 30; rep++) {
                    int n = 1 + r.nextInt(400);
                    int[] key = new int[n];
                    for (int x = 0; x < n; x++) key[x] = r.nextInt(3) > 0 ? big : r.nextInt(groups);
                    check(key, groups, r.nextInt(3));
                }
            }
        }
    }

    @Test
    void runsOfOneGroupAfterAnother() {
        // every value of the largest group moves one way only: all left, or all right
        check(new int[] {1, 1, 1, 0, 0, 0, 0, 0}, 2, 0);
        check(new int[] {0, 0, 0, 0, 0, 1, 1, 1}, 2, 0);
        check(new int[] {1, 0, 0, 0, 0, 2, 2, 0, 0, 1}, 3, 1);
    }
}
