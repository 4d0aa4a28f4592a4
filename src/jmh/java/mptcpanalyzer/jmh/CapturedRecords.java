package mptcpanalyzer.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.Captures;
import mptcpanalyzer.capture.PacketRecord;

/**
 * Every record of a capture copied into memory once, so that a benchmark can hand them to the
 * decoder without any I/O. The bytes are packed one after another into large arenas (the
 * reader's order, as a streaming load meets them), with one column per record field.
 */
final class CapturedRecords {
    /** Arena size; a record never spans two arenas (records are at most 16 MiB). */
    private static final int ARENA_BYTES = 64 << 20;

    private final byte[][] arenas;
    private final int[] arena;
    private final int[] offset;
    private final int[] capLen;
    private final int[] origLen;
    private final int[] linkType;
    private final int size;
    private final long bytes;

    private CapturedRecords(byte[][] arenas, int[] arena, int[] offset, int[] capLen, int[] origLen,
            int[] linkType, int size, long bytes) {
        this.arenas = arenas;
        this.arena = arena;
        this.offset = offset;
        this.capLen = capLen;
        this.origLen = origLen;
        this.linkType = linkType;
        this.size = size;
        this.bytes = bytes;
    }

    /** Reads all records of {@code path}. */
    static CapturedRecords read(Path path) throws IOException {
        List<byte[]> arenas = new ArrayList<>();
        int cap = 1 << 16;
        int[] arena = new int[cap];
        int[] offset = new int[cap];
        int[] capLen = new int[cap];
        int[] origLen = new int[cap];
        int[] linkType = new int[cap];
        int n = 0;
        long bytes = 0;
        byte[] current = null;
        int used = 0;
        PacketRecord rec = new PacketRecord();
        try (CaptureReader r = Captures.open(path)) {
            while (r.next(rec)) {
                if (current == null || used + rec.capLen > current.length) {
                    if (current != null) arenas.set(arenas.size() - 1, Arrays.copyOf(current, used));
                    current = new byte[Math.max(ARENA_BYTES, rec.capLen)];
                    arenas.add(current);
                    used = 0;
                }
                if (n == cap) {
                    cap *= 2;
                    arena = Arrays.copyOf(arena, cap);
                    offset = Arrays.copyOf(offset, cap);
                    capLen = Arrays.copyOf(capLen, cap);
                    origLen = Arrays.copyOf(origLen, cap);
                    linkType = Arrays.copyOf(linkType, cap);
                }
                System.arraycopy(rec.buf, rec.offset, current, used, rec.capLen);
                arena[n] = arenas.size() - 1;
                offset[n] = used;
                capLen[n] = rec.capLen;
                origLen[n] = rec.origLen;
                linkType[n] = rec.linkType;
                used += rec.capLen;
                bytes += rec.capLen;
                n++;
            }
            if (r.damage() != null) {
                // the records before the damage are benchmarked; say that the rest is not
                System.out.println("note: " + path + ": " + r.damage().summary());
            }
        }
        if (current != null) arenas.set(arenas.size() - 1, Arrays.copyOf(current, used));
        return new CapturedRecords(arenas.toArray(new byte[0][]), arena, offset, capLen, origLen,
                linkType, n, bytes);
    }

    /** Number of records. */
    int size() { return size; }

    /** Captured bytes of all records. */
    long bytes() { return bytes; }

    /** Points {@code rec} at record {@code i} (0-based), as a reader would fill it. */
    void point(int i, PacketRecord rec) {
        rec.buf = arenas[arena[i]];
        rec.offset = offset[i];
        rec.capLen = capLen[i];
        rec.origLen = origLen[i];
        rec.linkType = linkType[i];
    }
}
