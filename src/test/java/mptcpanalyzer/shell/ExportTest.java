package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.Captures;
import mptcpanalyzer.capture.PacketRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 'export': load, export, load the export, compare record by record and table by table. */
class ExportTest {
    @TempDir Path dir;

    /** The packets of {@code p} (bytes, wire length, timestamp, link type), as read by our reader. */
    static List<String> records(Path p) throws IOException {
        List<String> out = new ArrayList<>();
        try (CaptureReader r = Captures.open(p)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                out.add(Arrays.toString(Arrays.copyOfRange(rec.buf, rec.offset, rec.offset + rec.capLen))
                        + " orig=" + rec.origLen + " ts=" + rec.tsNanos + " lt=" + rec.linkType);
            }
            assertEquals(null, r.damage());
        }
        return out;
    }

    static BatchModeTest.Result run(String... args) { return BatchModeTest.run("", args); }

    /** Every table a loaded capture answers, as CSV, minus what names the file. */
    static String tables(Path p) {
        BatchModeTest.Result r = run(p.toString(), "--format", "csv", "-c", "connections",
                "-c", "subflows");
        assertEquals(0, r.status(), r.err());
        return r.out();
    }

    @ParameterizedTest
    @CsvSource({
        "v1-2paths.pcap, all.pcap",
        "v1-backup.pcapng, all.pcapng",
        "v1-3paths-ipv6.pcap, all.pcap.gz",
        "v1-lossy.pcap, all.pcapng",
        "public/tcpdump/mptcp-v0.pcap, all.pcap",
    })
    void exportOfEverythingLoadsAsTheOriginal(String source, String out) throws IOException {
        Path src = Path.of("testdata", source);
        Path dest = dir.resolve(out);
        BatchModeTest.Result r = run(src.toString(), "-c", "export " + dest);
        assertEquals(0, r.status(), r.err());
        List<String> want = records(src);
        assertTrue(r.out().startsWith("exported " + want.size() + " packets to " + dest), r.out());
        assertEquals(want, records(dest));
        assertEquals(tables(src), tables(dest));
    }

    @Test
    void framesSelectsRecords() throws IOException {
        Path src = Path.of("testdata", "v1-2paths.pcap");
        Path dest = dir.resolve("some.pcap");
        BatchModeTest.Result r = run(src.toString(), "-c", "export " + dest + " --frames 2-5,10,3");
        assertEquals(0, r.status(), r.err());
        List<String> all = records(src);
        List<String> want = List.of(all.get(1), all.get(2), all.get(3), all.get(4), all.get(9));
        assertEquals(want, records(dest));
        assertEquals("exported 5 packets to " + dest + " (pcap)", r.out().strip());

        Path tail = dir.resolve("tail.pcapng");
        r = run(src.toString(), "-c", "export " + tail + " --frames " + (all.size() - 1) + "-");
        assertEquals(0, r.status(), r.err());
        assertEquals(all.subList(all.size() - 2, all.size()), records(tail));
    }

    @Test
    void gzipSourceIsReadAgainByStreaming() throws IOException {
        Path plain = Path.of("testdata", "v1-signal.pcap");
        Path gz = dir.resolve("signal.pcap.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz))) {
            os.write(Files.readAllBytes(plain));
        }
        Path dest = dir.resolve("from-gz.pcap");
        BatchModeTest.Result r = run(gz.toString(), "-c", "export " + dest + " --frames 7-");
        assertEquals(0, r.status(), r.err());
        List<String> all = records(plain);
        assertEquals(all.subList(6, all.size()), records(dest));
    }

    @Test
    void mistakesAreOneLineErrors() throws IOException {
        Path src = Path.of("testdata", "v1-2paths.pcap");
        int n = records(src).size();
        Path dest = dir.resolve("x.pcap");
        Files.writeString(dest, "keep me");
        assertError("error: " + dest + ": exists (add --force to replace it)",
                run(src.toString(), "-c", "export " + dest));
        assertEquals("keep me", Files.readString(dest));
        assertEquals(0, run(src.toString(), "-c", "export " + dest + " --force").status());
        assertEquals(n, records(dest).size());

        Path other = dir.resolve("y.pcap");
        assertError("error: export: bad frame range 'a-3' (expected: N, A-B, A- or -B)",
                run(src.toString(), "-c", "export " + other + " --frames a-3"));
        assertError("error: export: bad frame range '5-2' (frames start at 1)",
                run(src.toString(), "-c", "export " + other + " --frames 5-2"));
        assertError("error: export: frame " + (n + 1) + " is past the end (the capture has " + n
                + " frames)", run(src.toString(), "-c", "export " + other + " --frames " + (n + 1)));
        assertError("error: " + dir.resolve("no/such.pcap") + ": no such directory",
                run(src.toString(), "-c", "export " + dir.resolve("no/such.pcap")));
        assertFalse(Files.exists(other));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dest), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aSourceChangedSinceLoadingIsDetected() throws IOException {
        Path copy = dir.resolve("copy.pcap");
        byte[] original = Files.readAllBytes(Path.of("testdata", "v1-2paths.pcap"));
        Files.write(copy, original);
        Path dest = dir.resolve("out.pcap");
        java.io.StringWriter err = new java.io.StringWriter();
        Session s = new Session(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err), false);
        s.load(copy);
        // the file is cut to its first 2000 bytes after loading
        Files.write(copy, Arrays.copyOf(original, 2000));
        assertFalse(new CommandRunner(s).run("export " + dest));
        assertTrue(err.toString().startsWith("error: " + copy + " changed since it was loaded: "),
                err.toString());
        assertFalse(Files.exists(dest));
    }

    @Test
    void exportOntoTheLoadedFileIsRefused() throws IOException {
        Path copy = dir.resolve("copy.pcap");
        Files.copy(Path.of("testdata", "v1-2paths.pcap"), copy);
        byte[] before = Files.readAllBytes(copy);
        assertError("error: " + copy + ": is the loaded capture itself",
                run(copy.toString(), "-c", "export " + copy + " --force"));
        assertArrayEquals(before, Files.readAllBytes(copy));
    }

    static void assertError(String line, BatchModeTest.Result r) {
        assertEquals(1, r.status(), r.out());
        assertEquals(line, r.err().strip());
    }
}
