package mptcpanalyzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Reinjections;
import mptcpanalyzer.model.Trace;
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
     * Rows on DSS-analysis and reinjection fields: they pass once the data-level analysis fills
     * {@code trace.dataLevel()} / {@code trace.reinjections()}; skipped while those are NONE.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dataLevelFramesEqualTsharks(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        List<Row> rows = rows(capture).stream().filter(r -> switch (r.requires()) {
            case "datalevel" -> t.dataLevel() != DataLevel.NONE;
            case "reinjections" -> t.reinjections() != Reinjections.NONE;
            default -> false;
        }).toList();
        assumeTrue(!rows.isEmpty(), "no data-level analysis yet (trace.dataLevel() is NONE)");
        compare(t, rows);
    }
}
