package mptcpanalyzer.capture;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * Copies chosen packets of a capture file into a new file, byte for byte: the records are read
 * again from the source (so the bytes written are the captured bytes, not a re-encoding), and
 * the source must still be the file that was loaded.
 *
 * <p>The source is read sequentially, which also works for gzip-compressed files; every record's
 * offset is compared with the one recorded at load time, so a file changed since is detected.
 * The destination is written to a hidden temporary file beside it and renamed at the end: a
 * failed export leaves no partial file.
 */
public final class Exporter {
    private Exporter() {}

    /**
     * Writes the packets of {@code source} whose 0-based index passes {@code selected} to
     * {@code dest} (pcap, or pcapng per {@link PcapWriter#kindFor}).
     *
     * @param linkTypes every link type of the source (the loaded trace's)
     * @param expectedPackets packets the source held when it was loaded
     * @param expectedOffset offset of each record when it was loaded
     * @return packets written
     * @throws CaptureException one line: the source is gone or changed, the destination cannot
     *     be written, or the link types do not fit a pcap file
     */
    public static long export(Path source, Path dest, IntPredicate selected, List<Integer> linkTypes,
            int expectedPackets, IntToLongFunction expectedOffset) throws IOException {
        Path abs = dest.toAbsolutePath();
        if (Files.exists(abs) && Files.exists(source) && Files.isSameFile(abs, source)) {
            throw new CaptureException(dest + ": is the loaded capture itself");
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) throw new CaptureException(dest + ": no such directory");
        if (!Files.isWritable(dir)) throw new CaptureException(dest + ": permission denied");
        Path tmp = dir.resolve("." + abs.getFileName() + ".part");
        boolean done = false;
        long written;
        try (CaptureReader in = Captures.open(source);
                PcapWriter out = PcapWriter.create(tmp, PcapWriter.kindFor(dest), linkTypes,
                        PcapWriter.DEFAULT_SNAPLEN)) {
            written = copy(in, out, source, selected, expectedPackets, expectedOffset);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        return written;
    }

    private static long copy(CaptureReader in, PcapWriter out, Path source, IntPredicate selected,
            int expectedPackets, IntToLongFunction expectedOffset) throws IOException {
        PacketRecord rec = new PacketRecord();
        int i = 0;
        long written = 0;
        while (i < expectedPackets && in.next(rec)) {
            if (rec.fileOffset != expectedOffset.applyAsLong(i)) {
                throw changed(source, "frame " + (i + 1) + " is at offset " + rec.fileOffset
                        + " (expected: " + expectedOffset.applyAsLong(i) + ")");
            }
            if (selected.test(i)) {
                out.write(rec);
                written++;
            }
            i++;
            if ((i & 0x3fff) == 0 && Thread.interrupted()) {
                throw new java.util.concurrent.CancellationException("export cancelled");
            }
        }
        if (i < expectedPackets) {
            throw changed(source, "it now holds " + i + " packets (expected: " + expectedPackets + ")");
        }
        return written;
    }

    private static CaptureException changed(Path source, String why) {
        return new CaptureException(source + " changed since it was loaded: " + why);
    }
}
