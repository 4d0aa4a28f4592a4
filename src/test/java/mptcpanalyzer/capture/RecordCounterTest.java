package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CaptureReader#countRecords}: the records a reader delivers, counted from their headers alone. */
class RecordCounterTest {
    @TempDir
    Path tmp;

    /** Every capture of testdata/ and the test resources, pcap and pcapng. */
    static List<Path> captures() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : List.of(Path.of("testdata"), TestCaptures.resource("mptcp-v1.pcap").getParent())) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                        .sorted().forEach(all::add);
            }
        }
        return all;
    }

    private static long delivered(Path p) throws IOException {
        long n = 0;
        try (CaptureReader r = Captures.open(p)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) n++;
            n += r.skippedPackets();
        }
        return n;
    }

    private static long counted(Path p) throws IOException {
        try (CaptureReader r = Captures.open(p)) {
            return r.countRecords();
        }
    }

    @Test
    void countsWhatTheReaderDeliversOnEveryCapture() throws IOException {
        List<Path> all = captures();
        assertTrue(all.size() >= 20, "captures found: " + all.size());
        boolean pcapng = false;
        for (Path p : all) {
            pcapng |= p.toString().endsWith(".pcapng");
            assertEquals(delivered(p), counted(p), p.toString());
        }
        assertTrue(pcapng, "a pcapng capture among them");
    }

    @Test
    void countWhileTheReaderReads() throws IOException {
        Path p = TestCaptures.resource("merged-v1-tfo.pcapng");
        long expected = delivered(p);
        try (CaptureReader r = Captures.open(p)) {
            PacketRecord rec = new PacketRecord();
            r.next(rec);
            assertEquals(expected, r.countRecords());
            long n = 1;
            while (r.next(rec)) n++; // the reader goes on where it was
            assertEquals(expected, n + r.skippedPackets());
        }
    }

    @Test
    void aCutFileCountsItsWholeRecords() throws IOException {
        for (String name : List.of("mptcp-v1.pcap", "merged-v1-tfo.pcapng")) {
            byte[] b = Files.readAllBytes(TestCaptures.resource(name));
            for (int cut : new int[] {b.length - 1, b.length - 37, b.length / 2, b.length / 3 + 5}) {
                Path p = tmp.resolve(cut + "-" + name);
                Files.write(p, Arrays.copyOf(b, cut));
                assertEquals(delivered(p), counted(p), p.getFileName().toString());
            }
        }
    }

    /**
     * Files of several read windows ({@link RecordCounter#WINDOW}): headers at every offset
     * relative to a window's end, in either byte order, and pcapng sections one after another.
     */
    @Test
    void filesOfManyWindows() throws IOException {
        for (boolean big : new boolean[] {false, true}) {
            int n = 5000;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(h.array());
            for (int k = 0; k < n; k++) {
                int len = 1 + (k * 37) % 1500;
                java.nio.ByteBuffer r = java.nio.ByteBuffer.allocate(16 + len).order(h.order());
                r.putInt(k).putInt(0).putInt(len).putInt(len);
                out.write(r.array());
            }
            Path p = tmp.resolve("many-" + big + ".pcap");
            Files.write(p, out.toByteArray());
            assertTrue(Files.size(p) > 3L * RecordCounter.WINDOW, "size " + Files.size(p));
            assertEquals(n, counted(p), p.getFileName().toString());
            assertEquals(n, delivered(p));
        }
        byte[] one = Files.readAllBytes(TestCaptures.resource("merged-v1-tfo.pcapng"));
        int copies = 2 + 3 * RecordCounter.WINDOW / one.length;
        Path p = tmp.resolve("sections.pcapng");
        try (var o = Files.newOutputStream(p)) {
            for (int k = 0; k < copies; k++) o.write(one);
        }
        long each = counted(TestCaptures.resource("merged-v1-tfo.pcapng"));
        assertTrue(each > 0);
        assertEquals(copies * each, counted(p));
        assertEquals(delivered(p), counted(p));
    }

    @Test
    void aBadLengthEndsTheCountWhereTheReaderStops() throws IOException {
        byte[] b = Files.readAllBytes(TestCaptures.resource("mptcp-v1.pcap"));
        // the third record's captured length (little-endian file): beyond any limit
        int off = 24;
        for (int k = 0; k < 2; k++) off += 16 + (b[off + 8] & 0xff | (b[off + 9] & 0xff) << 8);
        b[off + 11] = (byte) 0x7f;
        Path p = tmp.resolve("bad.pcap");
        Files.write(p, b);
        assertEquals(2, counted(p));
        assertEquals(2, delivered(p));
    }

    @Test
    void sectionsOfEitherByteOrderOneAfterTheOther() throws IOException {
        CaptureBytes b = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).shb().idb(1, 0, null, null);
        for (int k = 0; k < 3; k++) b.epb(0, k, CaptureBytes.packet(k, 60), 60);
        b.order(ByteOrder.BIG_ENDIAN).shb().idb(1, 0, null, null);
        for (int k = 0; k < 4; k++) b.epb(0, k, CaptureBytes.packet(k, 70), 70);
        b.order(ByteOrder.LITTLE_ENDIAN).shb().idb(1, 0, null, null);
        for (int k = 0; k < 2; k++) b.epb(0, k, CaptureBytes.packet(k, 80), 80);
        Path p = tmp.resolve("sections.pcapng");
        Files.write(p, b.bytes());
        assertEquals(9, delivered(p));
        assertEquals(9, counted(p));
    }

    @Test
    void unknownForACompressedFile() throws IOException {
        Path p = tmp.resolve("v1.pcap.gz");
        Files.write(p, CaptureBytes.gzip(Files.readAllBytes(TestCaptures.resource("mptcp-v1.pcap"))));
        assertEquals(-1, counted(p));
        assertTrue(delivered(p) > 0);
    }
}
