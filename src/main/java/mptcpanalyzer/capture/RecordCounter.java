package mptcpanalyzer.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Counts the packet records of an uncompressed capture by walking their headers alone over a
 * read-only mapping of the file (the packet bytes are never touched, nothing is read into the
 * heap): a 1.4-million-packet file in a few tens of milliseconds, so that a load can size its
 * columns exactly instead of estimating from the first packets and copying them at the end.
 *
 * <p>The walk follows the framing the readers follow and stops where they would stop (a length
 * out of bounds, a record cut by the end of the file); the count is a size hint, not a promise:
 * a pcapng packet block naming an unknown interface is counted although the reader skips it.
 * Mapping and walking do not move the channel's position, so the count may run on another
 * thread while a reader reads the same channel.
 */
final class RecordCounter {
    /** Bytes mapped at a time: the walk maps the next window where a header crosses the end. */
    private static final int WINDOW = 16 << 20;

    private final FileChannel channel;
    private final long size;
    private MappedByteBuffer map;
    private long base;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    private RecordCounter(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Records of a pcap file (records start after its 24-byte header). */
    static long pcap(FileChannel channel, long size, boolean big) throws IOException {
        return walk(channel, size, big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                RecordCounter::pcapRecords);
    }

    /** Packet blocks (enhanced, simple, obsolete) of a pcapng file, section by section. */
    static long pcapng(FileChannel channel, long size) throws IOException {
        return walk(channel, size, ByteOrder.BIG_ENDIAN, RecordCounter::pcapngBlocks);
    }

    private interface Walk {
        long count(RecordCounter c) throws IOException;
    }

    /** Runs {@code w} over the file, its last window unmapped however it ends. */
    private static long walk(FileChannel channel, long size, ByteOrder order, Walk w) throws IOException {
        RecordCounter c = new RecordCounter(channel, size);
        c.order = order;
        try {
            return w.count(c);
        } finally {
            c.release();
        }
    }

    private long pcapRecords() throws IOException {
        long count = 0;
        long off = PcapReader.GLOBAL_HEADER_LEN;
        while (off + PcapReader.RECORD_HEADER_LEN <= size) {
            int incl = i32(off + PcapReader.OFF_INCL_LEN);
            if (incl < 0 || incl > Captures.MAX_RECORD_BYTES) break;
            long next = off + PcapReader.RECORD_HEADER_LEN + incl;
            if (next > size) break;
            count++;
            off = next;
        }
        return count;
    }

    private long pcapngBlocks() throws IOException {
        long count = 0;
        long off = 0;
        while (off + PcapNgReader.MIN_BLOCK_LEN <= size) {
            int type = i32(off + PcapNgReader.OFF_TYPE);
            if (type == PcapNgReader.BLOCK_SHB) {
                // read in the order of the section before, or big-endian: either form tells
                int magic = i32(off + PcapNgReader.OFF_SHB_BOM);
                boolean same = magic == PcapNgReader.BYTE_ORDER_MAGIC;
                if (!same && magic != PcapNgReader.BYTE_ORDER_MAGIC_SWAPPED) break;
                boolean big = same == (order == ByteOrder.BIG_ENDIAN);
                order = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            }
            int len = i32(off + PcapNgReader.OFF_LENGTH);
            if (len < PcapNgReader.MIN_BLOCK_LEN || (len & 3) != 0 || len > PcapNgReader.MAX_BLOCK_LEN
                    || off + len > size) {
                break;
            }
            if (PcapNgReader.isPacketBlock(type)) count++;
            off += len;
        }
        return count;
    }

    /**
     * The 32-bit value at file offset {@code at} in the current byte order, mapping the next
     * window when it is not in the current one (a window starts a little before: the fields
     * of a header are read out of order).
     */
    private int i32(long at) throws IOException {
        if (map == null || at < base || at + 4 > base + map.limit()) {
            release();
            base = Math.max(0, at - 16);
            map = channel.map(FileChannel.MapMode.READ_ONLY, base, Math.min(WINDOW, size - base));
        }
        return map.order(order).getInt((int) (at - base));
    }

    /**
     * Unmaps the current window now rather than when it is collected: its pages would count in
     * the process's resident set meanwhile (the whole file, window after window).
     */
    private void release() {
        MappedByteBuffer m = map;
        map = null;
        if (m != null && UNMAP != null) {
            try {
                UNMAP.invoke(UNSAFE, m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the collector
            }
        }
    }

    /*
     * The JDK's unmap of a mapped buffer, sun.misc.Unsafe.invokeCleaner (module jdk.unsupported,
     * there since Java 9), found by reflection: null where it is not there, and then the
     * collector unmaps the windows.
     */
    private static final Object UNSAFE;
    private static final java.lang.reflect.Method UNMAP;

    static {
        Object unsafe = null;
        java.lang.reflect.Method unmap = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            unmap = c.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unsafe = null;
            unmap = null;
        }
        UNSAFE = unsafe;
        UNMAP = unmap;
    }
}
