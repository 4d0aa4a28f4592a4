package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.ReinjectionIndex;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.Duplicates;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.shell.Main;
import mptcpanalyzer.testutil.DupOracle;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dupcheck on real captures, expected values from the literal oracle over tshark's golden fields.
 * The first test feeds the real Loader's model with a DataLevel read from the golden (so the
 * adapter, roles and the query are checked before the DSS analysis exists); the second goes end
 * to end through the Loader's own DataLevel and the {@code dupcheck} command, and runs once the
 * DSS analysis is there.
 */
class DupcheckGoldenTest {
    static List<Path> captures() { return Golden.captures(); }

    static Path tsv(Path capture) {
        String rel = Golden.TESTDATA.relativize(capture).toString().replace("/", "__");
        return Golden.TESTDATA.resolve("golden").resolve(rel + ".tsv");
    }

    /** tshark's per-frame DSN and DATA_ACK as a DataLevel. */
    static DataLevel goldenDataLevel(Golden g) {
        return new DataLevel() {
            String v(int i, String f) { return g.get(i + 1, f); }
            @Override public boolean hasDsn(int i) { return !v(i, "mptcp.rawdsn64").isEmpty(); }
            @Override public long rawDsn(int i) { return Long.parseUnsignedLong(v(i, "mptcp.rawdsn64")); }
            @Override public long relativeDsn(int i) { return Long.parseLong(v(i, "mptcp.dsn")); }
            @Override public boolean hasDataAck(int i) { return !v(i, "tcp.options.mptcp.rawdataack").isEmpty(); }
            @Override public long rawDataAck(int i) { return Long.parseUnsignedLong(v(i, "tcp.options.mptcp.rawdataack")); }
            @Override public long relativeDataAck(int i) { return 0; }
            @Override public int[] relatedMappings(int i) { return new int[0]; }
            @Override public int checksumOk(int i) { return -1; }
        };
    }

    /** Expected dupcheck CSV rows (without dsn, len, delay) from the oracle. */
    static List<String> expectedRows(DupOracle o, Trace t) {
        List<String> rows = new ArrayList<>();
        for (DupOracle.Dup d : o.dups) {
            rows.add(d.frame() + "," + d.original() + "," + t.subflows().get(d.subflow()).conn + ","
                    + (d.role() == 0 ? "c2s" : "s2c") + "," + d.subflow() + "," + d.originalSubflow()
                    + "," + d.bytes() + "," + d.ackedBefore() + "," + d.retransmitted() + ","
                    + d.resent() + "," + join(d.reinjectionOf()) + ","
                    + BigDecimal.valueOf(d.delayNanos(), 9).setScale(6, RoundingMode.HALF_UP).toPlainString());
        }
        return rows;
    }

    static String join(List<Integer> l) {
        StringBuilder sb = new StringBuilder();
        for (int v : l) sb.append(sb.length() == 0 ? "" : " ").append(v);
        return sb.toString();
    }

    /** The same fields from a dupcheck table or CSV line split in cells. */
    static String actualRow(List<String> cols, String[] cells) {
        String[] names = {"frame", "original_frame", "conn", "direction", "subflow",
            "original_subflow", "bytes", "acked_before", "retransmitted_bytes", "resent_bytes",
            "reinjection_of", "delay_s"};
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(sb.length() == 0 ? "" : ",").append(cells[cols.indexOf(n)]);
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void loaderModelWithTsharksDsnsMatchesTheOracle(Path capture) throws IOException {
        Trace loaded = Loader.load(capture, null);
        Golden g = Golden.of(capture);
        DataLevel dl = goldenDataLevel(g);
        ReinjectionIndex idx = ReinjectionAnalyzer.analyze(loaded.packets(), loaded.subflows(), dl);
        Trace t = new Trace(loaded.path(), loaded.format(), loaded.linkTypes(), loaded.packets(),
                loaded.subflows(), loaded.connections(), loaded.anomalies(), loaded.stats(),
                loaded.damage(), loaded.loadNanos(), dl, idx);
        DupOracle o = DupOracle.of(DupOracle.fromGolden(tsv(capture)));
        Table table = Duplicates.frames(t, -1, -1);
        List<String> got = new ArrayList<>();
        for (Object[] r : table.rows()) {
            String[] cells = new String[r.length];
            for (int c = 0; c < r.length; c++) {
                Object v = r[c];
                cells[c] = v instanceof List<?> l ? join(l.stream().map(x -> (Integer) x).toList())
                        : v instanceof BigDecimal b ? b.toPlainString() : String.valueOf(v);
            }
            got.add(actualRow(table.columns(), cells));
            int f = (Integer) r[0];
            assertEquals(g.get(f, "mptcp.dsn"), String.valueOf(r[table.columns().indexOf("dsn")]), "dsn of " + f);
            assertEquals(g.get(f, "tcp.len"), String.valueOf(r[table.columns().indexOf("len")]), "len of " + f);
        }
        assertEquals(expectedRows(o, t), got);
        checkRelation(t, o);
    }

    static void checkRelation(Trace t, DupOracle o) {
        for (int i = 0; i < t.packets().size(); i++) {
            List<Integer> of = new ArrayList<>();
            for (int f : t.reinjections().reinjectionOf(i)) of.add(f);
            List<Integer> in = new ArrayList<>();
            for (int f : t.reinjections().reinjectedIn(i)) in.add(f);
            List<Integer> wantOf = List.of();
            for (DupOracle.Dup d : o.dups) if (d.frame() == i + 1) wantOf = d.reinjectionOf();
            assertEquals(wantOf, of, "mptcp.reinjection_of of frame " + (i + 1));
            assertEquals(List.copyOf(o.reinjectedIn.getOrDefault(i + 1, new TreeSet<>())), in,
                    "mptcp.reinjected_in of frame " + (i + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void endToEndThroughTheLoadersDataLevel(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        assumeTrue(t.dataLevel() != DataLevel.NONE, "needs the DSS analysis (issue 3)");
        DupOracle o = DupOracle.of(DupOracle.fromGolden(tsv(capture)));
        checkRelation(t, o);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new String[] {capture.toString(), "-c", "dupcheck --format csv"},
                new PrintWriter(out), new PrintWriter(err), new BufferedReader(new StringReader("")), false);
        assertEquals(0, rc, err.toString());
        String[] lines = out.toString().split("\r\n");
        List<String> cols = List.of(lines[0].split(","));
        List<String> got = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) got.add(actualRow(cols, lines[k].split(",", -1)));
        assertEquals(expectedRows(o, t), got);
    }
}
