package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DSS checksum verification (RFC 8684 3.3.1) on real kernel traffic, whose checksums are right
 * by construction (the receiver would have reset the subflow otherwise), and on copies with one
 * payload byte flipped.
 */
class DssChecksumTest {
    static final Path FULL = Path.of("testdata/v1-checksum-full.pcap");
    static final Path CUT = Path.of("testdata/v1-checksum.pcap");
    static final Path V0 = Path.of("testdata/public/tcpdump/mptcp-v0.pcap");

    @Test
    void everyChecksumOfAFullCaptureVerifies() throws IOException {
        for (Path capture : List.of(FULL, V0)) {
            Trace t = Loader.load(capture, null);
            Mappings ms = t.dataLevel().mappings();
            assertTrue(ms.count() >= 3, capture + ": mappings");
            for (int m = 0; m < ms.count(); m++) {
                assertTrue(ms.has(m, Mappings.F_CHECKSUM), capture + ": mapping " + m + " has a checksum");
                assertEquals(Mappings.CHECKSUM_OK, ms.checksum(m), capture + ": mapping of frame " + ms.firstFrame(m));
            }
            for (int i : dataFrames(t)) assertEquals(1, t.dataLevel().checksumOk(i), capture + ": frame " + (i + 1));
        }
    }

    @Test
    void theV0CaptureUsesFourByteDsnsInItsPseudoHeader() throws IOException {
        Mappings ms = Loader.load(V0, null).dataLevel().mappings();
        assertTrue(ms.has(0, Mappings.F_DSN4 | Mappings.F_CHECKSUM));
    }

    /** Snap length 128: a mapping is verifiable exactly when all frames it covers were captured whole. */
    @Test
    void payloadCutBySnapLengthIsUnverifiable() throws IOException {
        Trace t = Loader.load(CUT, null);
        Golden g = Golden.of(CUT);
        DataLevel d = t.dataLevel();
        Mappings ms = d.mappings();
        int ok = 0, unverifiable = 0;
        for (int m = 0; m < ms.count(); m++) {
            boolean whole = true;
            for (int i : dataFrames(t)) {
                for (int k : d.mappingsOf(i)) {
                    if (k == m && !g.get(i + 1, "frame.len").equals(g.get(i + 1, "frame.cap_len"))) whole = false;
                }
            }
            int want = whole ? Mappings.CHECKSUM_OK : Mappings.CHECKSUM_UNVERIFIABLE;
            assertEquals(want, ms.checksum(m), "mapping of frame " + ms.firstFrame(m));
            if (whole) ok++; else unverifiable++;
        }
        assertTrue(ok >= 1 && unverifiable >= 1, ok + " ok, " + unverifiable + " unverifiable");
    }

    /** Flips the last payload byte of {@code frame} in a copy; checks which frames go bad. */
    private static Trace flipped(Path dir, int frame) throws IOException {
        Trace t = Loader.load(FULL, null);
        PacketTable p = t.packets();
        int i = frame - 1;
        assertEquals(p.wireLen(i), p.capLen(i));
        assertTrue(p.payloadLen(i) > 0);
        // classic pcap: 16-byte record header, then the packet; the payload ends the packet
        long at = p.fileOffset(i) + 16 + p.capLen(i) - 1;
        byte[] b = Files.readAllBytes(FULL);
        b[(int) at] ^= 0x5a;
        Path copy = dir.resolve("flipped-" + frame + ".pcap");
        Files.write(copy, b);
        return Loader.load(copy, null);
    }

    @Test
    void aFlippedByteFailsExactlyTheFramesOfItsMapping(@TempDir Path dir) throws IOException {
        Golden g = Golden.of(FULL);
        // frame 4: the MP_CAPABLE with 16 bytes of data, a mapping of its own (tshark: datalvllen 16)
        assertEquals("16", g.get(4, "tcp.len"));
        assertEquals("16", g.get(4, "tcp.options.mptcp.datalvllen"));
        Trace t = flipped(dir, 4);
        for (int i : dataFrames(t)) {
            assertEquals(i == 3 ? 0 : 1, t.dataLevel().checksumOk(i), "frame " + (i + 1));
        }
        assertEquals(List.of(4), badChecksumFrames(t));

        // frame 12: inside the 16384-byte mapping first announced by frame 10; the frames that
        // mapping covers are those of the same subflow and direction whose tcp.seq lies in it
        assertEquals("1", g.get(12, "tcp.options.mptcp.subflowseqno"));
        assertEquals("16384", g.get(12, "tcp.options.mptcp.datalvllen"));
        List<Integer> want = new ArrayList<>();
        for (int f = 1; f <= g.size(); f++) {
            if (!g.get(f, "tcp.stream").equals(g.get(12, "tcp.stream"))) continue;
            if (!g.get(f, "tcp.srcport").equals(g.get(12, "tcp.srcport"))) continue;
            long seq = Long.parseLong(g.get(f, "tcp.seq"));
            if (Integer.parseInt(g.get(f, "tcp.len")) > 0 && seq >= 1 && seq < 1 + 16384) want.add(f);
        }
        assertTrue(want.size() > 5, "the mapping spans frames " + want);
        Trace u = flipped(dir, 12);
        List<Integer> bad = new ArrayList<>();
        for (int i : dataFrames(u)) if (u.dataLevel().checksumOk(i) == 0) bad.add(i + 1);
        assertEquals(want, bad);
        assertEquals(List.of(want.get(0)), badChecksumFrames(u), "one anomaly, on the announcing frame");
    }

    private static List<Integer> badChecksumFrames(Trace t) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < t.anomalies().size(); k++) {
            if (t.anomalies().anomaly(k) == Anomaly.DSS_CHECKSUM_BAD) out.add(t.anomalies().frame(k));
        }
        return out;
    }

    private static List<Integer> dataFrames(Trace t) {
        List<Integer> out = new ArrayList<>();
        PacketTable p = t.packets();
        for (int i = 0; i < p.size(); i++) {
            if (p.subflow(i) >= 0 && p.payloadLen(i) > 0 && t.subflows().get(p.subflow(i)).conn >= 0) out.add(i);
        }
        return out;
    }
}
