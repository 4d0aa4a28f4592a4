package mptcpanalyzer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user reads from {@code connections} and {@code subflows N} against what tshark says,
 * gathered independently from the golden per-frame fields: connection ids, their subflow ids,
 * the master subflow, keys and tokens.
 */
class QueriesGoldenTest {
    static List<Path> captures() { return Golden.captures(); }

    /** What tshark says about one mptcp.stream. */
    static final class Expected {
        final TreeSet<Integer> subflows = new TreeSet<>();
        final TreeSet<Integer> masters = new TreeSet<>();
        final TreeSet<String> keys = new TreeSet<>();
        final TreeSet<String> tokens = new TreeSet<>();
    }

    static Map<Integer, Expected> expected(Golden g) {
        Map<Integer, Expected> m = new TreeMap<>();
        for (int f = 1; f <= g.size(); f++) {
            String stream = g.get(f, "mptcp.stream");
            if (stream.isEmpty()) continue;
            Expected e = m.computeIfAbsent(Integer.parseInt(stream), k -> new Expected());
            int tcpStream = Integer.parseInt(g.get(f, "tcp.stream"));
            e.subflows.add(tcpStream);
            if (g.get(f, "mptcp.master").equals("1")) e.masters.add(tcpStream);
            for (String k : g.all(f, "tcp.options.mptcp.sendkey")) e.keys.add(hex16(k));
            for (String k : g.all(f, "tcp.options.mptcp.recvkey")) e.keys.add(hex16(k));
            for (String t : g.all(f, "mptcp.expected_token")) e.tokens.add(String.format("%08x", Long.parseLong(t)));
        }
        return m;
    }

    static String hex16(String decimal) {
        return String.format("%016x", Long.parseUnsignedLong(decimal));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void connectionsAndSubflowsAgreeWithTshark(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Map<Integer, Expected> want = expected(Golden.of(capture));
        Table conns = Queries.connections(t);
        List<Integer> ids = new ArrayList<>();
        for (Object[] row : conns.rows()) ids.add((Integer) row[col(conns, "id")]);
        assertEquals(new ArrayList<>(want.keySet()), ids, "connection ids");
        for (Object[] row : conns.rows()) {
            int id = (Integer) row[col(conns, "id")];
            Expected e = want.get(id);
            TreeSet<String> keys = new TreeSet<>();
            TreeSet<String> tokens = new TreeSet<>();
            for (String c : List.of("client_key", "server_key")) {
                if (row[col(conns, c)] != null) keys.add((String) row[col(conns, c)]);
            }
            for (String c : List.of("client_token", "server_token")) {
                if (row[col(conns, c)] != null) tokens.add((String) row[col(conns, c)]);
            }
            assertEquals(e.keys, keys, "keys of connection " + id);
            // tshark shows the token of every key it saw; we also show tokens learned from MP_JOIN
            assertEquals(true, tokens.containsAll(e.tokens), "tokens of connection " + id + ": " + tokens);

            Table subs = Queries.subflows(t, id);
            TreeSet<Integer> sids = new TreeSet<>();
            TreeSet<Integer> masters = new TreeSet<>();
            for (Object[] s : subs.rows()) {
                int sid = (Integer) s[col(subs, "id")];
                assertEquals(id, s[col(subs, "conn")]);
                sids.add(sid);
                if (Boolean.TRUE.equals(s[col(subs, "master")])) masters.add(sid);
            }
            // every subflow tshark attributes to the connection, and only those
            assertEquals(e.subflows, sids, "subflows of connection " + id);
            assertEquals(e.masters, masters, "master subflow of connection " + id);
        }
    }

    static int col(Table t, String name) {
        int i = t.columns().indexOf(name);
        if (i < 0) throw new AssertionError("no column " + name);
        return i;
    }
}
