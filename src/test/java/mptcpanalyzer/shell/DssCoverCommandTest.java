package mptcpanalyzer.shell;

import static mptcpanalyzer.shell.BatchModeTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.testutil.Golden;
import mptcpanalyzer.testutil.SyntheticPcap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dss-cover} end to end, checked against tshark's decoding of the options (golden). */
class DssCoverCommandTest {
    static final String TSO = "testdata/v1-tso.pcap";
    static final Golden G = Golden.of(Path.of(TSO));

    /** Data frames of frame {@code f}'s subflow direction whose first byte lies in [ssn, ssn+len). */
    static List<Integer> framesIn(int f, long ssn, long len) {
        List<Integer> out = new ArrayList<>();
        for (int k = 1; k <= G.size(); k++) {
            if (!G.get(k, "tcp.stream").equals(G.get(f, "tcp.stream"))) continue;
            if (!G.get(k, "tcp.srcport").equals(G.get(f, "tcp.srcport"))) continue;
            long seq = Long.parseLong(G.get(k, "tcp.seq"));
            if (Integer.parseInt(G.get(k, "tcp.len")) > 0 && seq >= ssn && seq < ssn + len) out.add(k);
        }
        return out;
    }

    @Test
    void oneRowPerCoveringMappingWithAllItsAnnouncingFrames() {
        Run r = Run.of(TSO, "dss-cover 14 --format csv");
        assertEquals("frame,mapping_frame,frames,conn,subflow,raw_dsn,dsn,dsn_base,ssn,length,covers,"
                + "kind,data_fin,checksum,checksum_ok", r.lines[0]);
        assertEquals(2, r.lines.length, r.out);
        String[] c = r.lines[1].split(",", -1);
        // tshark: related_mapping of 14 is 14 itself (the newest announcement); its option says
        long ssn = Long.parseLong(G.get(14, "tcp.options.mptcp.subflowseqno"));
        long len = Long.parseLong(G.get(14, "tcp.options.mptcp.datalvllen"));
        assertEquals("14", G.get(14, "mptcp.related_mapping"));
        List<Integer> announcing = new ArrayList<>();
        for (int k : framesIn(14, ssn, len)) {
            if (G.get(k, "tcp.options.mptcp.subflowseqno").equals(Long.toString(ssn))) announcing.add(k);
        }
        assertEquals("14", c[0]);
        assertEquals(announcing.get(0).toString(), c[1]);
        assertEquals(String.join(" ", announcing.stream().map(String::valueOf).toList()), c[2]);
        assertTrue(c[2].split(" ").length > 1, "Linux repeated the mapping");
        assertEquals(G.get(14, "tcp.stream"), c[4]);
        assertEquals(G.get(14, "tcp.options.mptcp.rawdataseqno"), c[5]);
        assertEquals(Long.toString(ssn), c[8]);
        assertEquals(Long.toString(len), c[9]);
        long seq = Long.parseLong(G.get(14, "tcp.seq"));
        long plen = Long.parseLong(G.get(14, "tcp.len"));
        assertEquals((seq - ssn) + "-" + (seq - ssn + plen - 1), c[10]);
        assertEquals("none", c[13]);
        assertEquals("", c[14], "no checksum: checksum_ok unknown");
    }

    @Test
    void coveredListsTheDataFramesOfTheMappingsAFrameAnnounced() {
        Run r = Run.of(TSO, "dss-cover 16 --covered --format csv");
        long ssn = Long.parseLong(G.get(16, "tcp.options.mptcp.subflowseqno"));
        long len = Long.parseLong(G.get(16, "tcp.options.mptcp.datalvllen"));
        List<String> want = new ArrayList<>();
        for (int k : framesIn(16, ssn, len)) want.add(Integer.toString(k));
        List<String> got = new ArrayList<>();
        for (int i = 1; i < r.lines.length; i++) got.add(r.lines[i].split(",")[0]);
        assertEquals(want, got);
        assertTrue(want.size() > 5);
    }

    @Test
    void jsonFramesIsAnArray() {
        Run r = Run.of(TSO, "dss-cover 4 --format json");
        assertTrue(r.out.contains("\"frames\": [4]"), r.out);
        assertTrue(r.out.contains("\"kind\": \"mp_capable\""), r.out);
        assertTrue(r.out.contains("\"raw_dsn\": " + G.get(4, "mptcp.rawdsn64") + ","), r.out);
    }

    @Test
    void checksumColumnsOnACheckedTrace() {
        Run r = Run.of("testdata/v1-checksum-full.pcap", "dss-cover 12 --format csv");
        String[] c = r.lines[1].split(",", -1);
        assertEquals("ok", c[13]);
        assertEquals("true", c[14]);
    }

    /** info counts distinct mappings: distinct (subflow, sender, ssn, length) in tshark's options. */
    @Test
    void infoSummarisesMappingsAndChecksums() {
        String cap = "testdata/v1-checksum-full.pcap";
        Golden g = Golden.of(Path.of(cap));
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int f = 1; f <= g.size(); f++) {
            String len = g.get(f, "tcp.options.mptcp.datalvllen");
            String ssn = g.get(f, "tcp.options.mptcp.subflowseqno");
            if (len.isEmpty() || ssn.equals("0")) continue; // no mapping, or a DATA_FIN alone
            distinct.add(g.get(f, "tcp.stream") + "/" + g.get(f, "tcp.srcport") + "/"
                    + (ssn.isEmpty() ? "1" : ssn) + "/" + len);
        }
        Run r = Run.of(cap, "info --format json");
        assertTrue(r.out.contains("\"dss_mappings\": " + distinct.size() + ","), r.out);
        assertTrue(r.out.contains("\"dsn_base\": \"idsn\""), r.out);
        assertTrue(r.out.contains("\"dss_checksums\": \"ok " + distinct.size() + " bad 0 unverifiable 0\""), r.out);
    }

    /** A segment that spans two mappings (hand-built: bytes 301-400, mappings 301+50 and 351+50). */
    @Test
    void aSegmentSpanningTwoMappingsHasTwoRows(@TempDir Path dir) throws java.io.IOException {
        SyntheticPcap p = new SyntheticPcap();
        int pa = SyntheticPcap.ACK | SyntheticPcap.PSH;
        p.tcp(true, 1301, 9000, pa, SyntheticPcap.dss(0x0C, 0, 7000, 301, 50, null), SyntheticPcap.payload(100, 1));
        p.tcp(true, 1351, 9000, pa, SyntheticPcap.dss(0x0C, 0, 7050, 351, 50, null), SyntheticPcap.payload(50, 2));
        Path f = p.write(dir.resolve("span.pcap"));
        Run r = Run.of(f.toString(), "dss-cover 1 --format csv");
        assertEquals(3, r.lines.length, r.out);
        assertEquals("1,1,1,0,0,7000,0,first_dsn,301,50,0-49,dss,false,none,", r.lines[1]);
        assertEquals("1,2,2,0,0,7050,50,first_dsn,351,50,0-49,dss,false,none,", r.lines[2]);
        Run c = Run.of(f.toString(), "dss-cover 2 --covered --format csv");
        assertEquals(List.of("1", "2"), List.of(c.lines[1].split(",")[0], c.lines[2].split(",")[0]));
    }

    @Test
    void framesThatDoNotFitAreOneLineErrors() {
        for (String[] t : new String[][] {
            {TSO, "dss-cover 5", "error: frame 5 carries no payload"},
            {TSO, "dss-cover 9999", "error: no frame 9999 (the capture has " + G.size() + " frames: 1.." + G.size() + ")"},
            {TSO, "dss-cover 1 --covered", "error: frame 1 announces no DSS mapping"},
            {"testdata/v1-strip-initial.pcap", "dss-cover 4", "error: frame 4 is not on an MPTCP subflow (tcp.stream 0 is plain TCP)"},
        }) {
            BatchModeTest.Result r = run("", t[0], "-c", t[1]);
            assertEquals(1, r.status(), t[1]);
            assertEquals(t[2] + "\n", r.err(), t[1]);
            assertEquals("", r.out());
        }
    }

    record Run(String out, String[] lines) {
        static Run of(String capture, String command) {
            BatchModeTest.Result r = run("", capture, "-c", command);
            assertEquals(0, r.status(), r.err());
            assertEquals("", r.err());
            return new Run(r.out(), r.out().split("\r\n"));
        }
    }
}
