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

    /**
     * Every pattern of the directives names code that exists: the JVM matches patterns by name
     * and says nothing of one that matches nothing, so a class or method renamed would silently
     * go back to C2 in the interactive shell's loads.
     */
    @Test
    void everyDirectivePatternNamesExistingCode() throws Exception {
        String text = Files.readString(Path.of("scripts/jvm-compiler-directives.json"));
        String list = text.substring(text.indexOf("match:"));
        list = list.substring(list.indexOf('[') + 1, list.indexOf(']'));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(list);
        int patterns = 0;
        while (m.find()) {
            patterns++;
            String pattern = m.group(1);
            int dot = pattern.lastIndexOf('.');
            String type = pattern.substring(0, dot).replace('/', '.');
            String method = pattern.substring(dot + 1);
            if (type.endsWith(".*")) {
                // a whole package: its directory holds classes
                Path dir = Path.of("target/classes", type.substring(0, type.length() - 2).split("\\."));
                assertTrue(Files.isDirectory(dir), pattern);
                assertEquals("*", method, pattern);
                continue;
            }
            Class<?> c = Class.forName(type.endsWith("*") ? type.substring(0, type.length() - 1) : type,
                    false, getClass().getClassLoader());
            if (method.equals("*")) continue;
            boolean found = method.equals("<init>") ? c.getDeclaredConstructors().length > 0
                    : Arrays.stream(c.getDeclaredMethods()).anyMatch(x -> x.getName().equals(method));
            assertTrue(found, pattern + ": no such method");
        }
        assertTrue(patterns >= 10, "patterns read: " + patterns);
    }

    @Test
    void batchOptionsStartTheJvm() throws Exception {
        String out = connections(defaults("batch"));
        assertTrue(out.startsWith("id,version,client,server"), "nothing of the JVM's first: " + out);
    }
}
