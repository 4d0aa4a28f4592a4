package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file cut anywhere delivers exactly its complete records and says where it was cut. */
class TruncationTest {
    @TempDir Path dir;

    /** Record/block start offsets of a full file, plus its length as the last boundary. */
    private static List<Long> pcapBoundaries(List<Recorded> full, long fileLen) {
        List<Long> b = new ArrayList<>();
        b.add(24L);
        for (int i = 1; i < full.size(); i++) {
            b.add(full.get(i).fileOffset());
        }
        b.add(fileLen);
        return b;
    }

    /** Walks a little-endian pcapng's blocks by their length fields. */
    private static List<Long> pcapngBoundaries(byte[] file) {
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> b = new ArrayList<>();
        long at = 0;
        while (at < file.length) {
            b.add(at);
            at += bb.getInt((int) at + 4);
        }
        b.add(at);
        return b;
    }

    /** Cuts at every boundary and at offsets inside every record. */
    private static TreeSet<Long> cuts(List<Long> bounds) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long s = bounds.get(i);
            long e = bounds.get(i + 1);
            for (long c : new long[] {s, s + 1, s + 4, s + 8, s + 11, s + 12, s + 15, s + 16, s + 17,
                    s + 27, s + 28, (s + e) / 2, e - 4, e - 1}) {
                if (c >= s && c < e) {
                    cuts.add(c);
                }
            }
        }
        return cuts;
    }

    /**
     * Reads {@code file} cut at {@code cut}: the packets must be those whose record ends before
     * the cut, and damage must point at the cut record unless the cut is on a boundary.
     */
    private void checkCut(byte[] file, long cut, List<Recorded> full, List<Long> bounds,
            List<Long> recordEnds, String ext) throws IOException {
        Path p = Files.write(dir.resolve("cut." + ext), Arrays.copyOf(file, (int) cut));
        var read = Recorded.readAll(p);
        List<Recorded> expect = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            if (recordEnds.get(i) <= cut) {
                expect.add(full.get(i));
            }
        }
        assertEquals(expect, read.packets(), "cut at " + cut);
        CaptureDamage d = read.reader().damage();
        if (bounds.contains(cut)) {
            assertNull(d, "cut at boundary " + cut);
            return;
        }
        assertNotNull(d, "cut at " + cut);
        long recordStart = bounds.stream().filter(b -> b < cut).max(Long::compare).orElse(0L);
        assertEquals(recordStart, d.offset(), "damage offset for cut at " + cut);
        assertEquals(cut - recordStart, d.unreadableBytes(), "cut at " + cut);
        assertFalse(d.message().contains("\n"));
        assertTrue(d.message().contains(String.valueOf(recordStart)), d.message());
    }

    @Test
    void pcapCutAnywhere() throws IOException {
        Path src = TestCaptures.resource("mptcp-v1.pcap");
        byte[] file = Files.readAllBytes(src);
        List<Recorded> full = Recorded.readAll(src).packets();
        List<Long> bounds = pcapBoundaries(full, file.length);
        List<Long> ends = bounds.subList(1, bounds.size());
        TreeSet<Long> cuts = cuts(bounds);
        for (long c = 4; c < 24; c++) {
            cuts.add(c); // inside the global header: damage at offset 0
        }
        List<Long> withHeader = new ArrayList<>(bounds);
        withHeader.add(0, 0L);
        for (long cut : cuts) {
            checkCut(file, cut, full, withHeader, ends, "pcap");
        }
        assertTrue(cuts.size() > 200, "cuts " + cuts.size());
    }

    @Test
    void pcapCutInsideTheMagicIsTooShort() throws IOException {
        byte[] file = Files.readAllBytes(TestCaptures.resource("mptcp-v1.pcap"));
        for (int cut = 1; cut < 4; cut++) {
            Path p = Files.write(dir.resolve("short.pcap"), Arrays.copyOf(file, cut));
            CaptureException e = assertThrows(CaptureException.class, () -> Captures.open(p));
            assertTrue(e.getMessage().contains("too short"), e.getMessage());
        }
    }

    @Test
    void pcapngCutAnywhere() throws IOException {
        Path src = TestCaptures.resource("merged-v1-tfo.pcapng");
        byte[] file = Files.readAllBytes(src);
        List<Recorded> full = Recorded.readAll(src).packets();
        List<Long> bounds = pcapngBoundaries(file);
        List<Long> ends = new ArrayList<>();
        for (Recorded r : full) {
            ends.add(bounds.get(bounds.indexOf(r.fileOffset()) + 1));
        }
        TreeSet<Long> cuts = cuts(bounds);
        cuts.remove(0L);
        cuts.removeIf(c -> c < 4); // shorter than the magic: refused at open, tested above
        for (long cut : cuts) {
            checkCut(file, cut, full, bounds, ends, "pcapng");
        }
        assertTrue(cuts.size() > 200, "cuts " + cuts.size());
    }

    @Test
    void completeGzipOfACutFileReportsTheExactCut() throws IOException {
        Path src = TestCaptures.resource("mptcp-v1.pcap");
        byte[] file = Files.readAllBytes(src);
        List<Recorded> full = Recorded.readAll(src).packets();
        long cut = full.get(7).fileOffset() + 30;
        Path p = Files.write(dir.resolve("cut.pcap.gz"),
                CaptureBytes.gzip(Arrays.copyOf(file, (int) cut)));
        var read = Recorded.readAll(p);
        assertEquals(full.subList(0, 7), read.packets());
        CaptureDamage d = read.reader().damage();
        assertNotNull(d);
        assertEquals(full.get(7).fileOffset(), d.offset());
        assertEquals(30, d.unreadableBytes());
    }

    @Test
    void truncatedGzipStreamIsDamageNotAnError() throws IOException {
        for (String name : new String[] {"mptcp-v0.pcap", "merged-v1-tfo.pcapng"}) {
            Path src = TestCaptures.resource(name);
            List<Recorded> full = Recorded.readAll(src).packets();
            byte[] gz = CaptureBytes.gzip(Files.readAllBytes(src));
            // Cut the compressed stream anywhere past its header, including just its trailer.
            for (int cut : new int[] {200, gz.length / 3, gz.length / 2, gz.length - 9, gz.length - 1}) {
                Path p = Files.write(dir.resolve("trunc.gz"), Arrays.copyOf(gz, cut));
                var read = Recorded.readAll(p);
                List<Recorded> got = read.packets();
                assertTrue(got.size() < full.size() || cut >= gz.length - 9, name + " cut " + cut);
                assertEquals(full.subList(0, got.size()), got, name + " cut " + cut);
                CaptureDamage d = read.reader().damage();
                assertNotNull(d, name + " cut " + cut);
                assertEquals(-1, d.unreadableBytes());
                assertTrue(d.message().contains("gzip stream is truncated"), d.message());
                assertFalse(d.message().contains("\n"));
            }
        }
    }
}
