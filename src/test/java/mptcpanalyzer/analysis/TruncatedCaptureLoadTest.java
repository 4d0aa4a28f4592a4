package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import mptcpanalyzer.capture.CaptureDamage;
import mptcpanalyzer.capture.CaptureException;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.CaptureFile;
import mptcpanalyzer.testutil.TraceInvariants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real capture cut at every record boundary and at random places inside records (new places
 * each run) goes through the whole Loader: everything before the cut loads, and the cut is
 * reported once, as {@code capture_truncated}, with the right offset and byte count. Lengths
 * that cannot be believed are {@code capture_bad_record} instead.
 */
class TruncatedCaptureLoadTest {
    @TempDir
    Path dir;

    private Trace loadBytes(byte[] b, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        Trace t = Loader.load(p, null);
        assertEquals(List.of(), TraceInvariants.violations(t), name);
        assertTrue(Arrays.equals(b, Files.readAllBytes(p)), "input modified");
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"testdata/demo.pcap", "testdata/v1-backup.pcapng"})
    void cutAtEveryRecordBoundaryAndInsideRecords(String capture) throws IOException {
        CaptureFile f = new CaptureFile(Path.of(capture));
        String ext = f.pcapng ? ".pcapng" : ".pcap";
        // at every boundary: no damage, exactly the records before it
        for (int k = 0; k <= f.records.size(); k++) {
            int cut = k == f.records.size() ? f.bytes.length : f.records.get(k).start();
            Trace t = loadBytes(Arrays.copyOf(f.bytes, cut), "b" + ext);
            assertEquals(k, t.packets().size(), "cut at " + cut);
            assertNull(t.damage(), "cut at boundary " + cut);
        }
        // inside records: the records before load, the cut one is reported
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int n = 0; n < 150; n++) {
            int k = rnd.nextInt(f.records.size());
            CaptureFile.Rec r = f.records.get(k);
            int cut = r.start() + 1 + rnd.nextInt(r.length() - 1);
            String where = capture + " cut at " + cut + " inside record " + k + " (seed " + seed + ")";
            Trace t = loadBytes(Arrays.copyOf(f.bytes, cut), "r" + ext);
            assertEquals(k, t.packets().size(), where);
            CaptureDamage d = t.damage();
            assertNotNull(d, where);
            assertEquals(CaptureDamage.Kind.TRUNCATED, d.kind(), where + ": " + d);
            assertEquals(r.start(), d.offset(), where);
            assertEquals(cut - r.start(), d.unreadableBytes(), where);
            assertEquals(Anomaly.CAPTURE_TRUNCATED, t.anomalies().anomaly(0), where);
            assertEquals(0, t.anomalies().frame(0), where);
            assertTrue(t.anomalies().detail(0).startsWith((cut - r.start()) + " unreadable bytes from offset "
                    + r.start() + ": "), t.anomalies().detail(0));
        }
    }

    @Test
    void cutInsideTheFileHeader() throws IOException {
        byte[] b = Files.readAllBytes(Path.of("testdata/demo.pcap"));
        for (int cut = 1; cut < 24; cut++) {
            try {
                Trace t = loadBytes(Arrays.copyOf(b, cut), "h.pcap");
                assertEquals(0, t.packets().size());
                assertEquals(CaptureDamage.Kind.TRUNCATED, t.damage().kind(), "cut at " + cut);
                assertEquals(cut, t.damage().unreadableBytes());
            } catch (CaptureException e) {
                assertTrue(cut < 4, "only a file without a whole magic number is refused, cut " + cut);
                assertFalse(e.getMessage().contains("\n"));
            }
        }
    }

    /** A record length above the limit, or above the snap length and the file, is not a cut. */
    @Test
    void impossibleRecordLengthIsBadRecord() throws IOException {
        CaptureFile f = new CaptureFile(Path.of("testdata/demo.pcap"));
        int k = 100;
        CaptureFile.Rec r = f.records.get(k);
        for (int claimed : new int[] {16 * 1024 * 1024 + 1, -1, 1_000_000, Integer.MAX_VALUE}) {
            byte[] b = f.bytes.clone();
            f.putInt(b, f.capLenField(k), claimed);
            Trace t = loadBytes(b, "bad.pcap");
            assertEquals(k, t.packets().size(), "records before the bad one load");
            assertEquals(CaptureDamage.Kind.BAD_RECORD, t.damage().kind(), "claimed " + claimed);
            assertEquals(Anomaly.CAPTURE_BAD_RECORD, t.anomalies().anomaly(0));
            assertEquals(r.start(), t.damage().offset());
            assertEquals(f.bytes.length - r.start(), t.damage().unreadableBytes());
        }
    }

    @Test
    void pcapngBlockLengthNotAMultipleOf4IsBadRecord() throws IOException {
        CaptureFile f = new CaptureFile(Path.of("testdata/v1-backup.pcapng"));
        int k = 50;
        byte[] b = f.bytes.clone();
        f.putInt(b, f.records.get(k).start() + 4, f.records.get(k).length() + 2);
        Trace t = loadBytes(b, "bad.pcapng");
        assertEquals(k, t.packets().size());
        assertEquals(CaptureDamage.Kind.BAD_RECORD, t.damage().kind());
        assertEquals(f.records.get(k).start(), t.damage().offset());
    }
}
