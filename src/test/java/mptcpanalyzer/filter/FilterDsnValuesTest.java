package mptcpanalyzer.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The values of the filter fields {@code mptcp.dsn}, {@code mptcp.rawdsn64} and {@code mptcp.ack}
 * on every frame of every capture equal tshark 4.0's per-frame answers (testdata/golden, the
 * column of the same name), present on exactly the same frames: on payload frames, on SYNs, third
 * ACKs and pure ACKs (tshark's rule, see WiresharkDsn), absent without the keys.
 *
 * <p>{@code -Dfilter.golden.dir=/dir} checks captures kept elsewhere (goldens in /dir/golden).
 */
class FilterDsnValuesTest {
    static final Path DIR = Path.of(System.getProperty("filter.golden.dir", "testdata"));
    static final String[] FIELDS = {"mptcp.dsn", "mptcp.rawdsn64", "mptcp.ack"};

    static List<Path> captures() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR.resolve("golden"))) {
            for (Path g : s.sorted().toList()) {
                String name = g.getFileName().toString();
                if (!name.endsWith(".tsv")) continue;
                Path cap = DIR.resolve(name.substring(0, name.length() - 4).replace("__", "/"));
                if (Files.isRegularFile(cap)) out.add(cap);
            }
        }
        return out;
    }

    static String values(Fields.Getter g, int i, long[] buf) {
        int n = g.get(i, buf);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) sb.append(k == 0 ? "" : ",").append(Long.toUnsignedString(buf[k]));
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void valuesEqualTsharksOnEveryFrame(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        String rel = DIR.relativize(capture).toString().replace("/", "__");
        Golden g = Golden.ofFile(capture, DIR.resolve("golden").resolve(rel + ".tsv"));
        FieldContext c = new FieldContext(t);
        long[] buf = new long[Fields.MAX_VALUES];
        List<String> diffs = new ArrayList<>();
        int compared = 0;
        for (String name : FIELDS) {
            Fields.Getter getter = Fields.get(name).binder().apply(c);
            for (int f = 1; f <= g.size(); f++) {
                String want = g.get(f, name);
                String got = values(getter, f - 1, buf);
                if (!want.isEmpty()) compared++;
                if (!want.equals(got)) diffs.add(name + " frame " + f + ": tshark '" + want + "', we '" + got + "'");
            }
        }
        assertTrue(diffs.isEmpty(), capture + ": " + diffs.size() + " differences:\n  "
                + String.join("\n  ", diffs.subList(0, Math.min(30, diffs.size()))));
        assertTrue(compared > 0 || capture.toString().contains("strip-initial") || capture.toString().contains("aa-echo")
                || capture.toString().contains("oobr") || capture.toString().contains("tcprst"),
                capture + ": tshark shows data-level fields on some frame");
    }
}
