package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the launcher gives each mode (scripts/jvm-defaults through
 * scripts/jvm-host-options --defaults): the JVM accepts all of them, and the interactive mode's
 * compiler directives parse (the JVM would otherwise go on without them, silently: the
 * interactive mode hides the JVM's console output).
 */
class JvmOptionsTest {
    static List<String> defaults(String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "scripts/jvm-host-options", "--defaults", mode)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split(" "));
    }

    @Test
    void batchStopsAtC1AndInteractiveExcludesOnlyTheLoadPathFromC2() throws Exception {
        List<String> batch = defaults("batch");
        List<String> interactive = defaults("interactive");
        assertTrue(batch.contains("-XX:TieredStopAtLevel=1"), batch.toString());
        assertTrue(batch.contains("-XX:MinHeapFreeRatio=10"), batch.toString());
        assertFalse(interactive.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")
                || o.contains("HeapFreeRatio")), interactive.toString());
        assertTrue(batch.contains("-XX:+UseSerialGC") && interactive.contains("-XX:+UseSerialGC"),
                "lines without a mode are for both");
        String file = interactive.stream().filter(o -> o.startsWith("-XX:CompilerDirectivesFile="))
                .findFirst().orElseThrow().substring("-XX:CompilerDirectivesFile=".length());
        assertTrue(Path.of(file).isAbsolute() && Files.isReadable(Path.of(file)), file);
        assertFalse(batch.stream().anyMatch(o -> o.contains("CompilerDirectives")), batch.toString());
    }

    /**
     * The analyzer's output (standard output and error together) for {@code connections} on the
     * demo capture, in a JVM started with {@code options}; the run must succeed.
     */
    static String connections(List<String> options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "mptcpanalyzer.shell.Main",
                "testdata/demo.pcap", "-c", "connections --format csv"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theJvmTakesEveryInteractiveOptionAndItsDirectives() throws Exception {
        List<String> options = new ArrayList<>(defaults("interactive"));
        options.add("-XX:+DisplayVMOutput"); // what the interactive mode hides: the directives' count
        String out = connections(options);
        assertTrue(out.startsWith("1 compiler directives added"), out);
        assertTrue(out.contains("10.0.1.1:45572"), out);
    }

    @Test
    void batchOptionsStartTheJvm() throws Exception {
        String out = connections(defaults("batch"));
        assertTrue(out.startsWith("id,version,client,server"), "nothing of the JVM's first: " + out);
    }
}
