package mptcpanalyzer.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads one packet of a capture back from the file after the load, for commands that show a
 * frame's bytes ({@code explain}). The model keeps only each record's offset in the
 * uncompressed stream; this re-opens the file read-only and streams to that offset (for a gzip
 * capture the stream cannot seek, so it is read from the start; plain files go as fast).
 */
public final class RecordAt {
    private RecordAt() {}

    /**
     * The record of frame {@code frame} (1-based) at stream offset {@code fileOffset}, with its
     * bytes copied into a buffer of its own ({@code offset} 0).
     *
     * @throws IOException when the file cannot be opened or no longer holds that record (it
     *     changed since the load)
     */
    public static PacketRecord read(Path file, int frame, long fileOffset) throws IOException {
        try (CaptureReader reader = Captures.open(file)) {
            PacketRecord rec = new PacketRecord();
            for (int n = 1; reader.next(rec); n++) {
                if (n < frame) continue;
                if (rec.fileOffset != fileOffset) break;
                PacketRecord copy = new PacketRecord();
                copy.buf = Arrays.copyOfRange(rec.buf, rec.offset,
                        (int) Math.min((long) rec.offset + rec.capLen, rec.buf.length));
                copy.offset = 0;
                copy.copyFieldsFrom(rec);
                return copy;
            }
        }
        throw new IOException(file + ": frame " + frame + " is not at offset " + fileOffset
                + " any more (was the file changed since it was loaded?)");
    }
}
