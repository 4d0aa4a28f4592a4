package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.CaptureFile;
import mptcpanalyzer.testutil.TraceInvariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crafted captures of testdata/crafted/ (made by scripts/craft-testdata from the first 60
 * records of demo.pcap, see testdata/crafted/README.md) and the public malformed ones: each
 * edit must show up as the anomalies the edit implies, at the edited frame, and nowhere else.
 * tshark's expert messages (testdata/crafted/golden/) confirm independently that the edited
 * frames are broken.
 *
 * <p>"Nowhere else" is judged against the unedited 60 records: the crafted file may not gain
 * any other decode or connection-level anomaly. Data-level findings (dss_*, data_ack_*) are
 * left out of that comparison: a DSS option made unreadable legitimately leaves its payload
 * unmapped, and that is the data-level analysis' business.
 */
class CraftedCapturesTest {
    private static final Path CRAFTED = Path.of("testdata", "crafted");
    private static final int KEPT = 60;

    @TempDir
    static Path tmp;

    /** The unedited source of the crafted files: demo.pcap cut after record 60. */
    private static Trace baseline() throws IOException {
        CaptureFile demo = new CaptureFile(Path.of("testdata", "demo.pcap"));
        byte[] cut = Arrays.copyOf(demo.bytes, demo.records.get(KEPT).start());
        Path p = tmp.resolve("demo-60.pcap");
        Files.write(p, cut);
        return Loader.load(p, null);
    }

    /** "frame:anomaly_id" for each decode/connection-level anomaly. */
    private static Set<String> found(Trace t) {
        Set<String> out = new TreeSet<>();
        Anomalies a = t.anomalies();
        for (int i = 0; i < a.size(); i++) {
            String id = a.anomaly(i).id();
            if (id.startsWith("dss_") || id.startsWith("data_ack_")) continue;
            out.add(a.frame(i) + ":" + id);
        }
        return out;
    }

    private static Trace load(String name) throws IOException {
        Trace t = Loader.load(CRAFTED.resolve(name), null);
        assertEquals(List.of(), TraceInvariants.violations(t));
        assertEquals(KEPT, t.packets().size(), "every record loads");
        return t;
    }

    /** Asserts that {@code crafted} has exactly the baseline's anomalies plus {@code added}. */
    private static void assertAdds(Trace crafted, String... added) throws IOException {
        Set<String> expected = new TreeSet<>(found(baseline()));
        expected.addAll(List.of(added));
        assertEquals(expected, found(crafted));
        for (String a : added) assertTrue(!found(baseline()).contains(a), "already in the source: " + a);
    }

    /** tshark's expert message of {@code frame} in the crafted file's golden. */
    private static String tsharkExpert(String name, int frame) throws IOException {
        List<String> lines = Files.readAllLines(CRAFTED.resolve("golden").resolve(name + ".tsv"),
                StandardCharsets.UTF_8);
        int col = Arrays.asList(lines.get(0).split("\t", -1)).indexOf("_ws.expert.message");
        return lines.get(frame).split("\t", -1)[col];
    }

    @Test
    void echoedKeyMismatch() throws IOException {
        Trace t = load("echoed-key-mismatch.pcap");
        assertAdds(t, "3:mptcp_echoed_key_mismatch");
        assertTrue(tsharkExpert("echoed-key-mismatch.pcap", 3).contains("echoed key"),
                tsharkExpert("echoed-key-mismatch.pcap", 3));
        // the anomaly belongs to the connection, and the connection keeps the SYN/ACK's key
        int k = t.anomalies().firstOf(3);
        assertEquals(0, t.anomalies().conn(k));
        assertEquals(1, t.connections().size());
        // the server key: tshark's sendkey of frame 2 (unchanged), not the altered echo
        assertEquals(Long.parseUnsignedLong("1709402120527416693"), t.connections().get(0).key[1]);
    }

    @Test
    void joinWithUnknownTokenStartsItsOwnConnection() throws IOException {
        Trace t = load("join-unknown-token.pcap");
        assertAdds(t, "6:mptcp_join_unknown_token");
        // tshark gives the subflow of frames 6..9 its own mptcp.stream 1 (golden, column mptcp.stream)
        assertEquals(2, t.connections().size());
        assertEquals(1, t.subflows().get(t.packets().subflow(5)).conn);
        assertEquals(1, t.anomalies().conn(t.anomalies().firstOf(6)));
        // the original token 3508745510 (golden of demo.pcap) with every bit inverted
        assertEquals(~3508745510L & 0xffffffffL, t.subflows().get(1).joinToken);
    }

    @Test
    void mptcpOptionLengths0_1_2_255() throws IOException {
        Trace t = load("mptcp-bad-lengths.pcap");
        // 0 and 1: below TCP's minimum of 2, the option walk stops; 255: runs past the TCP
        // header; 2: a legal TCP length but no room for an MPTCP subtype, and the walk then
        // reads the DSS flags byte as the next option kind, whose length byte runs past the end
        assertAdds(t,
                "16:tcp_option_bad_length", "16:mptcp_option_bad_length",
                "18:tcp_option_bad_length", "18:mptcp_option_bad_length",
                "20:tcp_option_bad_length", "20:mptcp_option_bad_length",
                "22:tcp_option_bad_length", "22:mptcp_option_bad_length");
        assertTrue(tsharkExpert("mptcp-bad-lengths.pcap", 16).contains("too-short option length = 0"));
        assertTrue(tsharkExpert("mptcp-bad-lengths.pcap", 18).contains("too-short option length = 1"));
        assertTrue(tsharkExpert("mptcp-bad-lengths.pcap", 20).contains("Malformed"));
        assertTrue(tsharkExpert("mptcp-bad-lengths.pcap", 22).contains("past end of options"));
        // the broken options were MPTCP options: the subflow is not said to be stripped of them
        assertEquals(0, count(t, "mptcp_options_stripped"));
    }

    @Test
    void addAddrEchoWithHmac() throws IOException {
        Trace t = load("add-addr-echo-with-hmac.pcap");
        // RFC 8684 3.4.1: an echo (E=1) carries no HMAC, so IPv4 echoes are 8 or 10 bytes
        assertAdds(t, "4:mptcp_option_bad_length");
    }

    @Test
    void tcpdumpDssOutOfBoundsRegression() throws IOException {
        Trace t = Loader.load(Path.of("testdata/public/tcpdump/mptcp-dss-oobr.pcap"), null);
        assertEquals(List.of(), TraceInvariants.violations(t));
        assertEquals(1, t.packets().size());
        // a 3-byte DSS option: the smallest DSS (flags byte, no fields) is 4 bytes
        assertEquals(Set.of("1:mptcp_option_bad_length"), found(t));
    }

    @Test
    void capableSynAnsweredWithoutMptcpIsFallback() throws IOException {
        Trace t = Loader.load(Path.of("testdata/v1-strip-initial.pcap"), null);
        // README: the SYN/ACK (frame 2) answers the MP_CAPABLE SYN (frame 1) without MPTCP
        assertTrue(found(t).contains("2:mptcp_fallback"), found(t).toString());
        assertEquals(0, t.connections().size(), "tshark gives no mptcp.stream");
    }

    private static int count(Trace t, String id) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < t.anomalies().size(); i++) {
            if (t.anomalies().anomaly(i).id().equals(id)) ids.add(id);
        }
        return ids.size();
    }
}
