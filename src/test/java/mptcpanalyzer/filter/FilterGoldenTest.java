package mptcpanalyzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Reinjections;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.DupOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Display filters against tshark's {@code -Y}, in the manner of Wireshark's dfilter tests: for
 * every capture and every expression of testdata/filters/expressions.tsv, the frames we select
 * must be exactly the frames tshark 4.0 selected (recorded by scripts/tshark-filter-golden in
 * testdata/filters/CAPTURE.tsv).
 *
 * <p>Set {@code -Dfilter.golden.dir=/dir} to check captures kept elsewhere (e.g. held-out ones,
 * after {@code TSHARK_GOLDEN_TESTDATA=/dir scripts/tshark-filter-golden}).
 */
class FilterGoldenTest {
    static final Path DIR = Path.of(System.getProperty("filter.golden.dir", "testdata"));

    record Row(String expression, String requires, int count, String frames) {}

    static List<Path> captures() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR.resolve("filters"))) {
            for (Path g : s.sorted().toList()) {
                String name = g.getFileName().toString();
                if (!name.endsWith(".tsv") || name.equals("expressions.tsv")) continue;
                Path cap = DIR.resolve(name.substring(0, name.length() - 4).replace("__", "/"));
                if (Files.isRegularFile(cap)) out.add(cap);
            }
        }
        return out;
    }

    static List<Row> rows(Path capture) throws IOException {
        String rel = DIR.relativize(capture).toString().replace("/", "__");
        List<String> lines = Files.readAllLines(DIR.resolve("filters").resolve(rel + ".tsv"), StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split("\t", -1);
            out.add(new Row(c[0], c[1], Integer.parseInt(c[2]), c[3]));
        }
        return out;
    }

    /** "1-3,7" -> "1,2,3,7" expanded as frame numbers. */
    static List<Integer> expand(String ranges) {
        List<Integer> out = new ArrayList<>();
        if (ranges.isEmpty()) return out;
        for (String r : ranges.split(",")) {
            int dash = r.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(r.substring(dash + 1));
            for (int f = lo; f <= hi; f++) out.add(f);
        }
        return out;
    }

    private static void compare(Trace t, List<Row> rows) {
        List<String> failures = new ArrayList<>();
        for (Row r : rows) {
            List<Integer> want = expand(r.frames());
            assertEquals(r.count(), want.size(), "golden file consistency: " + r.expression());
            int[] got = Filter.compile(r.expression(), t).select(null);
            List<Integer> frames = new ArrayList<>();
            for (int i : got) frames.add(i + 1);
            if (!frames.equals(want)) {
                List<Integer> extra = new ArrayList<>(frames);
                extra.removeAll(want);
                List<Integer> missing = new ArrayList<>(want);
                missing.removeAll(frames);
                failures.add(r.expression() + ": tshark " + want.size() + " frames, we " + frames.size()
                        + "; extra " + head(extra) + ", missing " + head(missing));
            }
        }
        assertTrue(failures.isEmpty(), t.path() + ":\n  " + String.join("\n  ", failures));
    }

    private static String head(List<Integer> l) {
        return l.size() <= 10 ? l.toString() : l.subList(0, 10) + "...";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void framesEqualTsharks(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        compare(t, rows(capture).stream().filter(r -> r.requires().equals("-")).toList());
    }

    /**
     * Rows on the DSS-analysis fields ({@code mptcp.dsn}, {@code mptcp.rawdsn64},
     * {@code mptcp.ack}, {@code mptcp.related_mapping}): exactly tshark's frames, like the other
     * rows (the filter layer follows tshark's presence rule, see WiresharkDsn).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dataLevelFramesEqualTsharks(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        assertTrue(t.dataLevel() != DataLevel.NONE, "the DSS analysis runs at load");
        compare(t, rows(capture).stream().filter(r -> r.requires().equals("datalevel")).toList());
    }

    /**
     * tshark 4.0 misses reinjections (docs/readme-dupcheck.md, docs/readme-filter.md "Differences
     * from Wireshark"): its {@code mptcp.reinjection_of} compares mappings in one pass and skips
     * some duplicates; it never shows {@code mptcp.reinjected_in} in one pass (it points
     * forward). Ours keep the definition. Per capture, the frames tshark's reinjection_of misses
     * (each one checked by hand against the capture):
     */
    static final Map<String, List<Integer>> TSHARK_MISSES_REINJECTION_OF = Map.of(
            // frame 471 (subflow 1, a TCP retransmission) carries DSN 68393-69812, all 1420 bytes
            // of which frame 382 carried on subflow 0 (dupcheck 0); tshark does not flag it
            "v1-lossy.pcap", List.of(471));

    /**
     * Reinjection rows: our frames are the independent oracle's (testutil.DupOracle: the
     * byte-by-byte definition over tshark's own per-frame DSNs in testdata/golden); tshark's
     * reinjection_of frames are all among ours; on testdata, the ones it misses are exactly
     * {@link #TSHARK_MISSES_REINJECTION_OF}; tshark's reinjected_in is empty.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void reinjectionFramesEqualTheDefinition(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        assertTrue(t.reinjections() != Reinjections.NONE, "the reinjection analysis runs at load");
        String rel = DIR.relativize(capture).toString().replace("/", "__");
        DupOracle o = DupOracle.of(DupOracle.fromGolden(DIR.resolve("golden").resolve(rel + ".tsv")));
        Set<Integer> of = new TreeSet<>();
        for (DupOracle.Dup d : o.dups) of.add(d.frame());
        Set<Integer> in = new TreeSet<>();
        o.reinjectedIn.forEach((f, later) -> { if (!later.isEmpty()) in.add(f); });
        for (Row r : rows(capture)) {
            if (!r.requires().equals("reinjections")) continue;
            List<Integer> tshark = expand(r.frames());
            List<Integer> ours = frames(Filter.compile(r.expression(), t));
            switch (r.expression()) {
                case "mptcp.reinjection_of" -> {
                    assertEquals(List.copyOf(of), ours, capture + ": " + r.expression() + " = the definition's duplicates");
                    assertTrue(ours.containsAll(tshark), capture + ": every frame tshark flags is ours: " + tshark);
                    List<Integer> missed = new ArrayList<>(ours);
                    missed.removeAll(tshark);
                    if (DIR.equals(Path.of("testdata"))) {
                        assertEquals(TSHARK_MISSES_REINJECTION_OF.getOrDefault(rel, List.of()), missed,
                                capture + ": frames tshark misses");
                    }
                }
                case "mptcp.reinjected_in" -> {
                    assertEquals(List.of(), tshark, capture + ": tshark 4.0 never shows reinjected_in in one pass");
                    assertEquals(List.copyOf(in), ours, capture + ": " + r.expression() + " = the definition's");
                }
                default -> fail("a reinjection row without a rule: " + r.expression());
            }
        }
    }

    private static List<Integer> frames(Filter f) {
        List<Integer> out = new ArrayList<>();
        for (int i : f.select(null)) out.add(i + 1);
        return out;
    }
}
