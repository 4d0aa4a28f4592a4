package mptcpanalyzer.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * tshark's per-frame fields for a testdata capture, as committed by scripts/tshark-golden:
 * {@code testdata/golden/<path with / as __>.tsv}, a header row of field names, one row per
 * frame, tab-separated, empty for absent fields, several occurrences joined by ','.
 */
public final class Golden {
    /** The repository's testdata folder (tests run from the project root). */
    public static final Path TESTDATA = Path.of("testdata");

    private final List<String> header;
    private final List<String[]> rows;
    private final Path capture;

    private Golden(Path capture, List<String> header, List<String[]> rows) {
        this.capture = capture;
        this.header = header;
        this.rows = rows;
    }

    /** Every capture under testdata/ that has a golden file. */
    public static List<Path> captures() {
        try (Stream<Path> s = Files.list(TESTDATA.resolve("golden"))) {
            List<Path> out = new ArrayList<>();
            for (Path g : s.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                String name = g.getFileName().toString();
                Path cap = TESTDATA.resolve(name.substring(0, name.length() - 4).replace("__", "/"));
                if (Files.isRegularFile(cap)) out.add(cap);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the golden file of {@code capture} (a path under testdata/). */
    public static Golden of(Path capture) {
        String rel = TESTDATA.relativize(capture).toString().replace("/", "__");
        return ofFile(capture, TESTDATA.resolve("golden").resolve(rel + ".tsv"));
    }

    /** Reads golden file {@code g} made for {@code capture} (a capture kept elsewhere). */
    public static Golden ofFile(Path capture, Path g) {
        try {
            List<String> lines = Files.readAllLines(g, StandardCharsets.UTF_8);
            List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                if (l.isEmpty()) continue;
                String[] r = Arrays.copyOf(l.split("\t", -1), header.size());
                for (int i = 0; i < r.length; i++) if (r[i] == null) r[i] = "";
                rows.add(r);
            }
            return new Golden(capture, header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path capture() { return capture; }

    /** Number of frames. */
    public int size() { return rows.size(); }

    /** Value of {@code field} in frame {@code frame} (1-based); "" when absent. */
    public String get(int frame, String field) {
        int c = header.indexOf(field);
        if (c < 0) throw new IllegalArgumentException("no field " + field + " in golden of " + capture);
        return rows.get(frame - 1)[c];
    }

    /** All occurrences of {@code field} in frame {@code frame}. */
    public List<String> all(int frame, String field) {
        String v = get(frame, field);
        return v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
    }

    /** True when the golden has this column. */
    public boolean hasField(String field) { return header.contains(field); }
}
