package mptcpanalyzer.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Reinjections;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.api.Test;

/**
 * Fields whose oracle is not tshark -Y: data-level fields over a small fake DataLevel (the real
 * DSS analysis lands separately), our own fields (HMAC verdicts, anomalies), and relative
 * sequence numbers against the tshark golden columns.
 */
class FilterFieldsTest {
    static final Path V1 = Path.of("testdata/v1-2paths.pcap");
    static final Path V0 = Path.of("testdata/public/tcpdump/mptcp-v0.pcap");

    /** Fake: every 3rd packet has a DSN 10*i, every 2nd a DATA_ACK 7*i; mappings {i+1, 1}. */
    static final class FakeDataLevel implements DataLevel {
        @Override public boolean hasDsn(int i) { return i % 3 == 0; }
        @Override public long rawDsn(int i) { return 1000 + 10L * i; }
        @Override public long relativeDsn(int i) { return 10L * i; }
        @Override public boolean hasDataAck(int i) { return i % 2 == 0; }
        @Override public long rawDataAck(int i) { return 7L * i; }
        @Override public long relativeDataAck(int i) { return 7L * i; }
        @Override public int[] relatedMappings(int i) { return i % 5 == 0 ? new int[] {i + 1, 1} : new int[0]; }
        @Override public int checksumOk(int i) { return i % 4 == 0 ? 1 : i % 4 == 1 ? 0 : -1; }
    }

    static Trace withFake(Trace t) {
        return new Trace(t.path(), t.format(), t.linkTypes(), t.packets(), t.subflows(), t.connections(),
                t.anomalies(), t.stats(), t.damage(), t.loadNanos(), new FakeDataLevel(), new Reinjections() {
                    @Override public int[] reinjectionOf(int i) { return i == 10 ? new int[] {3, 4} : new int[0]; }
                    @Override public int[] reinjectedIn(int i) { return i == 3 ? new int[] {11} : new int[0]; }
                });
    }

    static int[] expected(Trace t, IntPredicate p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.packets().size(); i++) if (p.test(i)) out.add(i);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Where tshark shows its MPTCP analysis: an MPTCP option, a known connection. */
    static boolean analysed(Trace t, int i) {
        PacketTable p = t.packets();
        return p.has(i, PacketTable.F_MPTCP) && !p.has(i, PacketTable.F_BEFORE_CONNECTION)
                && p.subflow(i) >= 0 && t.subflows().get(p.subflow(i)).conn >= 0;
    }

    @Test
    void dataLevelFieldsReadTheDataLevelWhereTsharkShowsAnalysis() throws IOException {
        Trace t = withFake(Loader.load(V1, null));
        // mptcp.dsn, mptcp.rawdsn64 and mptcp.ack follow tshark's rule over the real mappings and
        // keys (FilterDsnValuesTest checks them on every frame); the fake has no mappings
        // multi-valued: either mapping frame matches
        assertArrayEquals(expected(t, i -> analysed(t, i) && i % 5 == 0),
                Filter.compile("mptcp.related_mapping == 1", t).select(null));
        assertArrayEquals(expected(t, i -> analysed(t, i) && i == 20),
                Filter.compile("mptcp.related_mapping == 21", t).select(null));
        assertArrayEquals(expected(t, i -> analysed(t, i) && i == 10),
                Filter.compile("mptcp.reinjection_of in {4 .. 9}", t).select(null));
        assertArrayEquals(expected(t, i -> analysed(t, i) && i == 3),
                Filter.compile("mptcp.reinjected_in", t).select(null));
        assertArrayEquals(expected(t, i -> i % 4 == 1), Filter.compile("mptcp.checksum_ok == 0", t).select(null));
        assertArrayEquals(expected(t, i -> i % 4 < 2), Filter.compile("mptcp.checksum_ok", t).select(null));
    }

    /**
     * Without the analyses (DataLevel.NONE, Reinjections.NONE) the fields that need them are
     * absent, and mptcp.dsn keeps only the frames tshark numbers from the IDSN alone: SYNs and
     * segments without payload at relative sequence number 1 (tshark's frames, from the golden).
     */
    @Test
    void withoutTheAnalysesOnlyTheIdsnDsnsRemain() throws IOException {
        Trace l = Loader.load(V1, null);
        Trace t = new Trace(l.path(), l.format(), l.linkTypes(), l.packets(), l.subflows(), l.connections(),
                l.anomalies(), l.stats(), l.damage(), l.loadNanos(), DataLevel.NONE, Reinjections.NONE);
        assertEquals(0, Filter.compile("mptcp.ack || mptcp.related_mapping || mptcp.checksum_ok"
                + " || mptcp.reinjection_of || mptcp.reinjected_in", t).select(null).length);
        Golden g = Golden.of(V1);
        int[] want = expected(t, i -> !g.get(i + 1, "mptcp.dsn").isEmpty()
                && ((Integer.decode(g.get(i + 1, "tcp.flags")) & 0x02) != 0
                    || g.get(i + 1, "tcp.seq").equals("1") && g.get(i + 1, "tcp.len").equals("0")));
        assertTrue(want.length >= 5, "handshakes and first ACKs");
        assertArrayEquals(want, Filter.compile("mptcp.dsn", t).select(null));
        assertArrayEquals(want, Filter.compile("mptcp.dsn <= 1 && mptcp.rawdsn64", t).select(null));
        // with the analysis, more frames: every payload frame and pure ACKs inside a mapping
        assertTrue(Filter.compile("mptcp.dsn", l).select(null).length > want.length + 100);
    }

    /** The HMACs captured in every MP_JOIN SYN/ACK and third ACK verify (v1 SHA-256, v0 SHA-1). */
    @Test
    void joinHmacsVerify() throws IOException {
        for (Path cap : List.of(V1, V0)) {
            Trace t = Loader.load(cap, null);
            Golden g = Golden.of(cap);
            // tshark: SYN/ACK has sendtrunchmac; the third ACK is an MP_JOIN without SYN
            int[] want = expected(t, i -> !g.get(i + 1, "tcp.options.mptcp.sendtrunchmac").isEmpty()
                    || (g.all(i + 1, "tcp.options.mptcp.subtype").contains("1")
                        && (Integer.decode(g.get(i + 1, "tcp.flags")) & 0x02) == 0));
            assertTrue(want.length >= 2, cap + ": joins in the capture");
            assertArrayEquals(want, Filter.compile("mptcp.hmac_ok == 1", t).select(null), cap.toString());
            assertEquals(0, Filter.compile("mptcp.hmac_ok == 0", t).select(null).length, cap.toString());
        }
    }

    @Test
    void anomalyFieldsListTheFramesAnomalies() throws IOException {
        Trace t = Loader.load(Path.of("testdata/v1-strip.pcap"), null);
        Anomalies a = t.anomalies();
        assertTrue(a.size() > 0, "v1-strip has anomalies");
        String id = a.anomaly(0).id();
        int[] any = expected(t, i -> a.firstOf(i + 1) >= 0);
        assertArrayEquals(any, Filter.compile("mptcp.anomaly", t).select(null));
        int[] named = expected(t, i -> {
            for (int k = a.firstOf(i + 1); k >= 0 && k < a.size() && a.frame(k) == i + 1; k++) {
                if (a.anomaly(k).id().equals(id)) return true;
            }
            return false;
        });
        assertTrue(named.length > 0);
        assertArrayEquals(named, Filter.compile("mptcp.anomaly == " + id, t).select(null));
        assertArrayEquals(named, Filter.compile("mptcp.anomaly." + id, t).select(null));
        assertArrayEquals(named, Filter.compile("mptcp.anomaly contains \"" + id.substring(2) + "\" && mptcp.anomaly in {"
                + id + "}", t).select(null));
    }

    /** tcp.seq / tcp.ack against tshark's relative numbers, every frame of every capture. */
    @Test
    void relativeSequenceNumbersEqualTsharks() throws IOException {
        for (Path cap : Golden.captures()) {
            Trace t = Loader.load(cap, null);
            Golden g = Golden.of(cap);
            Filter seq = Filter.compile("tcp.seq == 1", t);
            for (int f = 1; f <= g.size(); f++) {
                String want = g.get(f, "tcp.seq");
                if (want.isEmpty()) continue;
                assertEquals(want.equals("1"), seq.test(f - 1), cap + " frame " + f + " tcp.seq " + want);
            }
        }
    }

    @Test
    void selectNarrowsAGivenView() throws IOException {
        Trace t = Loader.load(V1, null);
        int[] first = Filter.compile("frame.number <= 20", t).select(null);
        int[] both = Filter.compile("tcp.len > 0", t).select(first);
        assertArrayEquals(Filter.compile("frame.number <= 20 && tcp.len > 0", t).select(null), both);
    }
}
