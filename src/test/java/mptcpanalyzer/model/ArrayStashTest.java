package mptcpanalyzer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Arrays allocated ahead ({@link ArrayStash}): recorded, then taken by exact type and length
 * with the old contents copied in; anything else is allocated as before, and a builder resized
 * with a stash holds what it held.
 */
class ArrayStashTest {
    @Test
    void recordsThenTakesByTypeAndLength() {
        ArrayStash s = new ArrayStash();
        assertTrue(s.recording());
        int[] kept = ArrayStash.copyOf(s, new int[] {7, 8}, 5);
        assertArrayEquals(new int[] {7, 8, 0, 0, 0}, kept);
        long[] keptLong = ArrayStash.copyOf(s, new long[0], 3);
        assertEquals(5 * 4 + 3 * 8, s.bytes());
        s.seal();
        assertFalse(s.recording());

        // another length, another type: allocated, the stash keeps its arrays
        int[] other = ArrayStash.copyOf(s, new int[] {1}, 4);
        assertNotSame(kept, other);
        char[] c = ArrayStash.copyOf(s, new char[] {'a'}, 5);
        assertEquals(5, c.length);
        assertEquals(5 * 4 + 3 * 8, s.bytes());

        // the kept int[5]: the old contents in front, zeros after
        int[] taken = ArrayStash.copyOf(s, new int[] {1, 2, 3}, 5);
        assertSame(kept, taken);
        assertArrayEquals(new int[] {1, 2, 3, 0, 0}, taken);
        assertEquals(3 * 8, s.bytes());
        // taken once: the next int[5] is a new one
        assertNotSame(kept, ArrayStash.copyOf(s, new int[0], 5));
        assertSame(keptLong, ArrayStash.copyOf(s, new long[] {4}, 3));
        assertEquals(4, keptLong[0]);
        assertEquals(0, s.bytes());
    }

    @Test
    void withoutAStashOrAfterClearItIsArraysCopyOf() {
        assertArrayEquals(new long[] {1, 0}, ArrayStash.copyOf(null, new long[] {1}, 2));
        ArrayStash s = new ArrayStash();
        byte[] kept = ArrayStash.copyOf(s, new byte[0], 8);
        s.clear();
        assertEquals(0, s.bytes());
        assertNotSame(kept, ArrayStash.copyOf(s, new byte[0], 8));
        assertFalse(s.recording());
    }

    @Test
    void aBuilderTakesEveryStashedColumnAndKeepsItsPackets() {
        PacketTable.Builder b = new PacketTable.Builder();
        for (int i = 0; i < 3000; i++) {
            int k = b.add(1_000_000L * i, 60 + i % 7, 54, 24L + 80L * i);
            b.setTcp(k, i % 3, 1000 + i, 5000 - i, 0x10, 512, i % 5);
        }
        int packets = 100_000;
        ArrayStash s = new ArrayStash();
        PacketTable.Builder.stash(packets, s); // what the counting thread does
        long stashed = s.bytes();
        assertTrue(stashed >= packets * 30L, "stashed " + stashed);
        s.seal();
        b.grow(3001, packets, s);
        assertTrue(b.holds(packets));
        assertEquals(0, s.bytes(), "every stashed column taken");
        for (int i = 0; i < 3000; i++) {
            int k = b.add(1_000_000L * (3000 + i), 60, 54, 24L + 80L * (3000 + i));
            b.setTcp(k, 1, 4000 + i, 2000 - i, 0x18, 256, 100);
        }
        PacketTable t = b.build();
        assertEquals(6000, t.size());
        assertPackets(t, 3000, 1, 1_000_000L);
        assertEquals(1_000_000L * 5999, t.tsNanos(5999));
        assertEquals(1, t.subflow(5999));
        assertEquals(4000 + 2999, t.seq(5999));
    }

    /**
     * The concurrent way: a recorder view allocates into the stash while its owner, sealed,
     * takes from it; {@code grow} takes a kept array of the final length when there is one,
     * else doubles only what is full.
     */
    @Test
    void growTakesWhatTheRecorderKeptElseDoublesOnlyWhenFull() {
        ArrayStash s = new ArrayStash();
        ArrayStash rec = s.recorder();
        s.seal();
        assertTrue(rec.recording());
        assertFalse(s.anyKept());
        // nothing kept: doubled when full (at least need, at most full), else left as it is
        int[] a = {1, 2, 3, 4};
        int[] b = ArrayStash.grow(s, a, 5, 100);
        assertEquals(8, b.length);
        assertArrayEquals(new int[] {1, 2, 3, 4, 0, 0, 0, 0}, b);
        assertSame(b, ArrayStash.grow(s, b, 8, 100), "holds what is needed");
        assertEquals(100, ArrayStash.grow(s, new int[60], 61, 100).length, "never past full");
        assertEquals(40, ArrayStash.grow(null, new int[3], 40, 100).length, "at least need");
        int[] whole = new int[100];
        assertSame(whole, ArrayStash.grow(s, whole, 101, 100), "full already");

        int[] kept = ArrayStash.copyOf(rec, new int[0], 100); // on the other thread, normally
        assertTrue(s.anyKept());
        assertFalse(s.finished());
        int[] c = ArrayStash.grow(s, b, 5, 100); // not full yet, but the final array is there
        assertSame(kept, c);
        assertArrayEquals(new int[] {1, 2, 3, 4, 0}, Arrays.copyOf(c, 5));
        assertFalse(s.anyKept());
        rec.finish();
        assertTrue(s.finished(), "told through the shared state");
    }

    @Test
    void takeAllTakesEveryArrayOfAColumnOrNone() {
        ArrayStash s = new ArrayStash();
        ArrayStash.copyOf(s, new int[0], 5);
        ArrayStash.copyOf(s, new long[0], 3);
        s.seal();
        Class<?>[] column = {int[].class, long[].class, boolean[].class};
        assertNull(s.takeAll(column, new int[] {5, 3, 3}), "the boolean[] is missing");
        assertEquals(5 * 4 + 3 * 8, s.bytes(), "and nothing was taken");
        assertNull(s.takeAll(new Class<?>[] {int[].class, int[].class}, new int[] {5, 5}),
                "one int[5] cannot serve twice");
        ArrayStash.copyOf(s.recorder(), new boolean[0], 3);
        Object[] t = s.takeAll(column, new int[] {5, 3, 3});
        assertEquals(5, ((int[]) t[0]).length);
        assertEquals(3, ((long[]) t[1]).length);
        assertEquals(3, ((boolean[]) t[2]).length);
        assertEquals(0, s.bytes());
        assertFalse(s.anyKept());
    }

    /**
     * A builder that grows while another thread records the columns for the whole file into
     * the stash, taking each as it comes (the loader's way): every packet keeps its values
     * whatever the interleaving, and once the recorder finished every column is taken.
     */
    @Test
    void aBuilderGrowingWhileTheStashFillsKeepsItsPackets() throws Exception {
        int full = 300_000;
        ArrayStash s = new ArrayStash();
        ArrayStash rec = s.recorder();
        s.seal();
        Thread other = new Thread(() -> {
            PacketTable.Builder.stash(full, rec);
            ArrayStash.copyOf(rec, new byte[0], 2 * full + 4096); // the option pool
            rec.finish();
        });
        PacketTable.Builder b = new PacketTable.Builder();
        b.reserve(1024, 4096);
        other.start();
        byte[] opt = {30, 4, 0x20, 1};
        boolean finishedSeen = false;
        for (int i = 0; i < full; i++) {
            if (b.nearlyFull() || (i & 4095) == 0 && s.anyKept()) {
                boolean last = s.finished();
                b.grow(i + 1, full, s);
                b.growPool(2 * full + 1024, 2 * full + 4096, s);
                if (last) finishedSeen = true;
            }
            int k = b.add(1_000L * i, 60 + i % 7, 54, 24L + 80L * i);
            b.setTcp(k, i % 3, 1000 + i, 5000 - i, 0x10, 512, i % 5);
            if (i % 3 == 0) b.addOption(opt, 0, 4);
        }
        other.join();
        b.grow(full, full, s);
        b.growPool(2 * full + 1024, 2 * full + 4096, s);
        assertTrue(b.holds(full));
        if (finishedSeen) assertEquals(0, s.bytes(), "every stashed array taken");
        PacketTable t = b.build();
        assertEquals(full, t.size());
        assertPackets(t, full, 997, 1_000L);
        for (int i = 0; i < full; i += 997) {
            assertEquals(i % 3 == 0 ? 4 : 0, t.optionsEnd(i) - t.optionsStart(i));
        }
    }

    @Test
    void thePoolIsTakenWhenLargeEnoughElseDoubledOnlyWhenNearlyFull() {
        PacketTable.Builder b = new PacketTable.Builder();
        b.reserve(16, 2048);
        b.add(0, 60, 60, 24);
        b.addOption(new byte[] {30, 4, 0x20, 1}, 0, 4);
        b.growPool(10_000, 12_000, null);
        assertEquals(2048, b.poolCapacity(), "not nearly full: left as it is");
        ArrayStash s = new ArrayStash();
        ArrayStash rec = s.recorder();
        s.seal();
        ArrayStash.copyOf(rec, new byte[0], 9_000);
        b.growPool(10_000, 12_000, s);
        assertEquals(2048, b.poolCapacity(), "the kept pool is too small for what is asked");
        ArrayStash.copyOf(rec, new byte[0], 11_000);
        b.growPool(10_000, 12_000, s);
        assertEquals(11_000, b.poolCapacity(), "taken whole");
        assertEquals(9_000, s.bytes());
        for (int i = 1; i <= 50; i++) { // 10,004 bytes: within 1024 of the end
            b.add(i, 60, 60, 24);
            b.addOption(new byte[200], 0, 200);
        }
        assertEquals(11_000, b.poolCapacity());
        b.growPool(20_000, 30_000, null);
        assertEquals(22_000, b.poolCapacity(), "nearly full: doubled");
        PacketTable t = b.build();
        assertEquals(4, t.optionsEnd(0) - t.optionsStart(0));
        assertEquals(200, t.optionsEnd(50) - t.optionsStart(50));
    }

    /**
     * Packets {@code 0, step, 2 step, ...} below {@code n} of {@code t} hold what these tests add:
     * timestamp {@code tsUnit * i}, wire length {@code 60 + i % 7}, file offset {@code 24 + 80 i},
     * subflow {@code i % 3}, sequence number {@code 1000 + i}, payload length {@code i % 5}.
     */
    private static void assertPackets(PacketTable t, int n, int step, long tsUnit) {
        for (int i = 0; i < n; i += step) {
            assertEquals(tsUnit * i, t.tsNanos(i));
            assertEquals(60 + i % 7, t.wireLen(i));
            assertEquals(24L + 80L * i, t.fileOffset(i));
            assertEquals(i % 3, t.subflow(i));
            assertEquals(1000 + i, t.seq(i));
            assertEquals(i % 5, t.payloadLen(i));
        }
    }
}
