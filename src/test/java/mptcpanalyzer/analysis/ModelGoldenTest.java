package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model against tshark 4.0 with all MPTCP analysis on, frame by frame, on every testdata
 * capture that has a golden file (scripts/tshark-golden).
 *
 * <p>Deliberate differences: tshark's single pass shows no {@code mptcp.stream} on frames seen
 * before it identified the connection (the v1 MP_CAPABLE SYN carries no key), nor on frames
 * without an MPTCP option (a SYN/ACK whose options a middlebox stripped); we attribute both to
 * the connection of their subflow, and flag the first kind {@code F_BEFORE_CONNECTION}. The test
 * checks that only such frames differ.
 */
class ModelGoldenTest {
    static List<Path> captures() { return Golden.captures(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void subflowIdsEqualTcpStream(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Golden g = Golden.of(capture);
        assertEquals(g.size(), t.packets().size(), "frames");
        for (int f = 1; f <= g.size(); f++) {
            String want = g.get(f, "tcp.stream");
            int got = t.packets().subflow(f - 1);
            assertEquals(want.isEmpty() ? "" : want, got < 0 ? "" : Integer.toString(got),
                    "tcp.stream of frame " + f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void connectionIdsAndMasterFlagsEqualWireshark(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Golden g = Golden.of(capture);
        PacketTable p = t.packets();
        for (int f = 1; f <= g.size(); f++) {
            int sid = p.subflow(f - 1);
            String want = g.get(f, "mptcp.stream");
            if (sid < 0) {
                assertEquals("", want, "mptcp.stream of non-TCP frame " + f);
                continue;
            }
            Subflow s = t.subflows().get(sid);
            boolean before = p.has(f - 1, PacketTable.F_BEFORE_CONNECTION);
            if (want.isEmpty()) {
                // tshark shows mptcp.* only on frames that carry an MPTCP option
                boolean noOption = !p.has(f - 1, PacketTable.F_MPTCP);
                assertTrue(s.conn < 0 || before || noOption, "frame " + f
                        + ": tshark has no mptcp.stream but we say " + s.conn);
                continue;
            }
            assertEquals(want, Integer.toString(s.conn), "mptcp.stream of frame " + f);
            assertTrue(!before, "frame " + f + " flagged before-connection but tshark has a stream");
            String master = g.get(f, "mptcp.master");
            if (!master.isEmpty()) {
                assertEquals(master.equals("1") || master.equalsIgnoreCase("true"), s.master,
                        "mptcp.master of frame " + f);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void keysTokensAndIdsnsEqualWireshark(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Golden g = Golden.of(capture);
        PacketTable p = t.packets();
        for (int f = 1; f <= g.size(); f++) {
            List<String> sendKeys = g.all(f, "tcp.options.mptcp.sendkey");
            if (sendKeys.isEmpty() || p.subflow(f - 1) < 0) continue;
            Subflow s = t.subflows().get(p.subflow(f - 1));
            Connection c = t.connections().get(s.conn);
            int dir = p.has(f - 1, PacketTable.F_REVERSE) ? 1 : 0;
            int sender = ConnectionMapper.role(s, dir);
            assertEquals(sendKeys.get(0), Long.toUnsignedString(c.key[sender]), "sender key, frame " + f);
            List<String> tokens = g.all(f, "mptcp.expected_token");
            if (!tokens.isEmpty()) {
                assertEquals(Long.parseLong(tokens.get(0)), c.token[sender], "expected_token, frame " + f);
            }
            List<String> idsns = g.all(f, "mptcp.expected_idsn");
            if (!idsns.isEmpty()) {
                assertEquals(idsns.get(0), Long.toUnsignedString(c.idsn[sender]), "expected_idsn, frame " + f);
            }
            List<String> recvKeys = g.all(f, "tcp.options.mptcp.recvkey");
            if (!recvKeys.isEmpty()) {
                assertEquals(recvKeys.get(0), Long.toUnsignedString(c.key[1 - sender]),
                        "receiver key, frame " + f);
            }
        }
    }
}
