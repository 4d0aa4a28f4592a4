package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-packet DSNs, DATA_ACKs and mappings against tshark 4.0 ({@code mptcp.analyze_mappings}
 * on) on every testdata capture with a golden file: for each data frame on which tshark shows
 * them, {@code mptcp.rawdsn64} and {@code mptcp.dsn} equal ours, the frame tshark names as
 * {@code mptcp.related_mapping} is among the announcing frames of a mapping that covers the
 * frame, and that mapping has the DSN, subflow sequence number and data-level length of the
 * option tshark decoded in that frame. {@code mptcp.ack} equals ours on every frame with a
 * DATA_ACK.
 *
 * <p>tshark keeps only the newest announcement of a repeated mapping; we keep all, so its
 * {@code related_mapping} is one of ours. None of these captures has a case where tshark's
 * numbers are wrong (4-byte DSNs that cross 2^32, a DSS whose DSN and DATA_ACK widths differ,
 * conflicting mappings): DataLevelSyntheticTest covers those.
 */
class DataLevelGoldenTest {
    static List<Path> captures() { return Golden.captures(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dsnAndRelatedMappingEqualTshark(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Golden g = Golden.of(capture);
        DataLevel d = t.dataLevel();
        Mappings ms = d.mappings();
        PacketTable p = t.packets();
        List<String> bad = new ArrayList<>();
        int related = 0;
        for (int f = 1; f <= g.size(); f++) {
            int i = f - 1;
            if (p.subflow(i) < 0 || p.payloadLen(i) == 0) continue;
            String raw = g.get(f, "mptcp.rawdsn64");
            String rel = g.get(f, "mptcp.dsn");
            String rm = g.get(f, "mptcp.related_mapping");
            if (raw.isEmpty() && rm.isEmpty()) continue;
            String ours = d.hasDsn(i) ? Long.toUnsignedString(d.rawDsn(i)) : "";
            String oursRel = d.hasRelativeDsn(i) ? Long.toUnsignedString(d.relativeDsn(i)) : "";
            if (!raw.equals(ours) || !rel.equals(oursRel)) {
                bad.add(f + ": rawdsn64/dsn " + raw + "/" + rel + ", ours " + ours + "/" + oursRel);
            }
            if (rm.isEmpty()) continue;
            int r = Integer.parseInt(rm);
            int found = -1;
            for (int m : d.mappingsOf(i)) {
                for (int a : ms.frames(m)) if (a == r) found = m;
            }
            if (found < 0) {
                bad.add(f + ": related_mapping " + rm + " not among " + Arrays.toString(d.relatedMappings(i)));
                continue;
            }
            String want = optionMapping(g, r);
            // tshark's rawdataseqno is the option field: the low 32 bits of a 4-byte DSN
            long dsn = ms.has(found, Mappings.F_DSN4) ? ms.rawDsn(found) & 0xffffffffL : ms.rawDsn(found);
            String got = Long.toUnsignedString(dsn) + "/" + ms.ssn(found) + "/" + ms.length(found);
            if (!want.equals(got)) bad.add(f + ": mapping of frame " + r + " is " + want + ", ours " + got);
            related++;
        }
        for (int f = 1; f <= g.size(); f++) {
            if (g.get(f, "tcp.options.mptcp.rawdataack").isEmpty()) continue;
            int i = f - 1;
            String ours = d.hasRelativeDataAck(i) ? Long.toUnsignedString(d.relativeDataAck(i)) : "";
            if (!g.get(f, "mptcp.ack").equals(ours)) {
                bad.add(f + ": mptcp.ack " + g.get(f, "mptcp.ack") + ", ours " + ours);
            }
        }
        assertEquals(List.of(), bad.subList(0, Math.min(10, bad.size())), bad.size() + " differences");
        if (!t.connections().isEmpty() && t.stats().mptcpPackets() > 10) {
            assertTrue(related > 0, "some related_mapping compared");
        }
    }

    /** DSN/ssn/length of the mapping tshark decoded in frame {@code r}. */
    private static String optionMapping(Golden g, int r) {
        String dsn = g.get(r, "tcp.options.mptcp.rawdataseqno");
        String ssn = g.get(r, "tcp.options.mptcp.subflowseqno");
        String len = g.get(r, "tcp.options.mptcp.datalvllen");
        if (dsn.isEmpty()) return g.get(r, "mptcp.rawdsn64") + "/1/" + len; // MP_CAPABLE with data
        return dsn + "/" + ssn + "/" + len;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void realCapturesHaveNoDataLevelAnomaly(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        List<String> found = new ArrayList<>();
        for (int k = 0; k < t.anomalies().size(); k++) {
            String id = t.anomalies().anomaly(k).id();
            if (id.startsWith("dss_") || id.startsWith("data_ack")) {
                found.add(t.anomalies().frame(k) + " " + id + " " + t.anomalies().detail(k));
            }
        }
        assertEquals(List.of(), found);
        assertTrue(t.dataLevel().mappings().count() > 0 || t.connections().isEmpty()
                || capture.toString().contains("mptcp-aa-echo") || capture.toString().contains("tcprst")
                || capture.toString().contains("oobr"), "mappings found");
    }
}
