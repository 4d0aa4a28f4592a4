package mptcpanalyzer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The option pool: kept at a size the other thread estimated, taken when at least as long
     * as asked for (the whole array, contents copied in front), else allocated at the size
     * asked for; a builder pools options into it as into its own.
     */
    @Test
    void aPoolIsTakenWhenLargeEnough() {
        ArrayStash s = new ArrayStash();
        ArrayStash.copyOf(s, new byte[0], 100);
        s.seal();
        byte[] own = ArrayStash.copyOfAtLeast(s, new byte[] {5}, 101, 120);
        assertEquals(120, own.length, "too short: allocated as asked");
        assertEquals(5, own[0]);
        assertEquals(100, s.bytes(), "and kept");
        byte[] taken = ArrayStash.copyOfAtLeast(s, new byte[] {1, 2}, 90, 95);
        assertEquals(100, taken.length, "taken whole");
        assertEquals(2, taken[1]);
        assertEquals(0, s.bytes());
        assertEquals(7, ArrayStash.copyOfAtLeast(null, new byte[] {3}, 7, 7).length);

        PacketTable.Builder b = new PacketTable.Builder();
        b.add(0, 60, 60, 24);
        int at = b.addOption(new byte[] {30, 4, 0x20, 1}, 0, 4);
        ArrayStash pool = new ArrayStash();
        ArrayStash.copyOf(pool, new byte[0], 1 << 16);
        pool.seal();
        b.reserve(10, 40_000, 50_000, pool); // more than a new builder's pool
        assertEquals(0, pool.bytes(), "the stashed pool taken");
        b.add(1, 60, 60, 100);
        b.addOption(new byte[] {30, 8, 0x20, 1, 9, 9, 9, 9}, 0, 8);
        PacketTable t = b.build();
        assertEquals(2, t.size());
        assertEquals(0, at);
        assertEquals(4, t.optionsEnd(0) - t.optionsStart(0));
        assertEquals(8, t.optionsEnd(1) - t.optionsStart(1));
        assertEquals(9, t.optionPool()[t.optionsStart(1) + 4]);
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
        b.reserve(packets, 4096, s);
        assertEquals(0, s.bytes(), "every stashed column taken");
        for (int i = 0; i < 3000; i++) {
            int k = b.add(1_000_000L * (3000 + i), 60, 54, 24L + 80L * (3000 + i));
            b.setTcp(k, 1, 4000 + i, 2000 - i, 0x18, 256, 100);
        }
        PacketTable t = b.build();
        assertEquals(6000, t.size());
        for (int i = 0; i < 3000; i++) {
            assertEquals(1_000_000L * i, t.tsNanos(i));
            assertEquals(60 + i % 7, t.wireLen(i));
            assertEquals(24L + 80L * i, t.fileOffset(i));
            assertEquals(i % 3, t.subflow(i));
            assertEquals(1000 + i, t.seq(i));
            assertEquals(i % 5, t.payloadLen(i));
        }
        assertEquals(1_000_000L * 5999, t.tsNanos(5999));
        assertEquals(1, t.subflow(5999));
        assertEquals(4000 + 2999, t.seq(5999));
    }
}
