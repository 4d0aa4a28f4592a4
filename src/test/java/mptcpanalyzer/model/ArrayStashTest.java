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
     * whatever the interleaving. When the recorder finished before the builder could double a
     * column to the whole file's length on its own (before half the packets), every column is
     * taken; a slower recorder leaves the columns the builder no longer needed
     * ({@link #aBuilderTakesEveryStashedColumnAndKeepsItsPackets} takes them all, in order).
     */
    @Test
    void aBuilderGrowingWhileTheStashFillsKeepsItsPackets() throws Exception {
        int full = 300_000;
        ArrayStash s = new ArrayStash();
        ArrayStash rec = s.recorder();
        s.seal();
        Thread other = new Thread(() -> {
            PacketTable.Builder.stash(full, rec);
            PacketTable.Builder.stashChunk(rec); // the option pool's second chunk
            rec.finish();
        });
        PacketTable.Builder b = new PacketTable.Builder();
        b.reserve(1024);
        other.start();
        byte[] opt = {30, 4, 0x20, 1};
        boolean finishedEarly = false;
        for (int i = 0; i < full; i++) {
            if (b.nearlyFull() || (i & 4095) == 0 && s.anyKept()) {
                boolean last = s.finished();
                b.grow(i + 1, full, s);
                b.chunksFrom(s);
                // growing to i + 1 or doubling below it stays under the whole file's length
                if (last && 2 * (i + 1) <= full) finishedEarly = true;
            }
            int k = b.add(1_000L * i, 60 + i % 7, 54, 24L + 80L * i);
            b.setTcp(k, i % 3, 1000 + i, 5000 - i, 0x10, 512, i % 5);
            if (i % 3 == 0) b.addOption(opt, 0, 4);
        }
        other.join();
        b.grow(full, full, s);
        assertTrue(b.holds(full));
        int chunk = (1 << PacketTable.Builder.CHUNK_SHIFT) + PacketTable.CHUNK_OVER;
        // the option pool's second chunk may have been needed before it was there
        if (finishedEarly) assertTrue(s.bytes() == 0 || s.bytes() == chunk, "every stashed column taken: " + s.bytes());
        PacketTable t = b.build();
        assertEquals(full, t.size());
        assertPackets(t, full, 997, 1_000L);
        for (int i = 0; i < full; i += 997) {
            assertEquals(i % 3 == 0 ? 4 : 0, t.optionsEnd(i) - t.optionsStart(i));
        }
    }

    @Test
    void theStashedChunksOfThePoolAreUsedBeforeAnyIsAllocated() {
        ArrayStash s = new ArrayStash();
        ArrayStash rec = s.recorder();
        s.seal();
        for (int k = 0; k < 3; k++) PacketTable.Builder.stashChunk(rec);
        int chunk = (1 << PacketTable.Builder.CHUNK_SHIFT) + PacketTable.CHUNK_OVER;
        PacketTable.Builder b = new PacketTable.Builder();
        b.chunksFrom(s);
        assertEquals(3L * chunk, s.bytes(), "taken as needed, not before");
        byte[] opt = new byte[40];
        int packets = (5 << PacketTable.Builder.CHUNK_SHIFT - 1) / 40; // two chunks and a half
        for (int i = 0; i < packets; i++) {
            b.add(i, 60, 60, 24);
            opt[0] = 30;
            opt[1] = 40;
            opt[39] = (byte) i;
            b.addOption(opt, 0, 40);
        }
        assertEquals(0, s.bytes(), "all three used");
        assertEquals(3L * chunk, b.poolCapacity(), "no chunk allocated");
        b.trimToSize();
        PacketTable t = b.build();
        assertEquals(40L * packets + 2 * PacketTable.CHUNK_OVER, t.retainedBytes() - emptyRetained(packets),
                "the pool as used (and each full chunk's copy of the next one's first bytes)");
        for (int i = 0; i < packets; i += 101) {
            assertEquals((byte) i, t.optionChunk(i)[t.optionsEnd(i) - 1]);
        }
    }

    /** {@link PacketTable#retainedBytes} of {@code packets} packets without options. */
    private static long emptyRetained(int packets) {
        PacketTable.Builder b = new PacketTable.Builder();
        for (int i = 0; i < packets; i++) b.add(i, 60, 60, 24);
        return b.build().retainedBytes();
    }

    @Test
    void aSmallPoolTakesOnlyWhatItUses() {
        PacketTable.Builder b = new PacketTable.Builder();
        for (int i = 0; i < 1000; i++) {
            b.add(i, 60, 60, 24);
            b.addOption(new byte[] {30, 12, 0x20, 3, 0, 0, 0, 0, 0, 0, 0, (byte) i}, 0, 12);
        }
        assertTrue(b.poolCapacity() <= 16_384, "grown by doubling from a few KB: " + b.poolCapacity());
        PacketTable t = b.build();
        assertEquals(12_000, t.chunkAt(0).length);
        assertEquals(0, t.chunkAt(1).length, "past the last chunk");
    }

    /**
     * Packets' options written across many tiny chunks (64 pool bytes each, as long as the
     * copy of the next one's first bytes): each reads back whole from the chunk it starts in,
     * on the builder (its DATA_ACKs) and in the frozen table, and each DATA_ACK is the one set.
     */
    @Test
    void optionsReadWholeFromTheChunkTheyStartInAcrossChunkBoundaries() {
        java.util.Random rnd = new java.util.Random(7);
        PacketTable.Builder b = new PacketTable.Builder(6);
        int packets = 5_000;
        byte[][] want = new byte[packets][];
        long[] dack = new long[packets];
        for (int i = 0; i < packets; i++) {
            b.add(i, 60, 60, 24);
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            int left = 40;
            int ackAt = -1;
            for (int o = rnd.nextInt(4); o > 0 && left >= 12; o--) {
                byte[] opt;
                if (rnd.nextBoolean()) { // a DSS option with an 8-byte DATA_ACK
                    opt = new byte[12];
                    opt[0] = 30;
                    opt[1] = 12;
                    opt[2] = 0x20;
                    opt[3] = 3;
                    dack[i] = rnd.nextLong();
                    for (int k = 0; k < 8; k++) opt[4 + k] = (byte) (dack[i] >>> 56 - 8 * k);
                } else { // another MPTCP option of 3 to 12 bytes
                    opt = new byte[3 + rnd.nextInt(10)];
                    rnd.nextBytes(opt);
                    opt[0] = 30;
                    opt[1] = (byte) opt.length;
                    opt[2] = 0x50;
                }
                int at = b.addOption(opt, 0, opt.length);
                if (opt[2] == 0x20) ackAt = PacketTable.Builder.dataAckAt(at, true);
                all.write(opt, 0, opt.length);
                left -= opt.length;
            }
            want[i] = all.toByteArray();
            if (ackAt >= 0) {
                if (i % 2 == 0) b.setRawDataAck(i, dack[i], ackAt);
                else b.setRawDataAck(i, dack[i]); // the options walked
            }
        }
        int[] idx = new int[packets];
        for (int i = 0; i < packets; i++) idx[i] = i;
        long[] fromBuilder = new long[packets];
        b.rawDataAcks(idx, 0, packets, fromBuilder, 0);
        PacketTable t = b.build();
        for (int i = 0; i < packets; i++) {
            byte[] c = t.optionChunk(i);
            assertArrayEquals(want[i], Arrays.copyOfRange(c, t.optionsStart(i), t.optionsEnd(i)), "frame " + (i + 1));
            boolean has = t.has(i, PacketTable.F_HAS_DACK);
            assertEquals(has ? dack[i] : 0, t.rawDataAck(i), "frame " + (i + 1));
            assertEquals(has ? dack[i] : 0, fromBuilder[i], "frame " + (i + 1));
        }
        assertTrue(t.chunkIndex(packets - 1) > 1000, "many chunks crossed: " + t.chunkIndex(packets - 1));
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
