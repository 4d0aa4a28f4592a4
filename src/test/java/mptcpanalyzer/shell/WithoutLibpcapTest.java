package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Only 'capture' needs libpcap: the program in a fresh JVM loads no pcap4j or JNA class for the
 * other commands, and without libpcap 'capture' is a one-line error naming the package.
 */
class WithoutLibpcapTest {
    record Result(int status, String out, String err) {}

    static Result java(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("mptcpanalyzer.shell.Main");
        cmd.addAll(List.of(args));
        Path err = java.nio.file.Files.createTempFile("mptcp-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return new Result(p.exitValue(), out, java.nio.file.Files.readString(err));
        } finally {
            java.nio.file.Files.deleteIfExists(err);
        }
    }

    @Test
    void fileCommandsNeverLoadPcap4jOrJna() throws Exception {
        Result r = java(List.of("-verbose:class"), "testdata/v1-2paths.pcap",
                "-c", "connections", "-c", "subflows 0", "-c", "info",
                "-c", "export " + Path.of(System.getProperty("java.io.tmpdir"),
                        "mptcp-nolib-" + ProcessHandle.current().pid() + ".pcap") + " --force");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("mptcpanalyzer.shell.Main"), "class loading is logged");
        assertFalse(r.out().contains("org.pcap4j"), "a pcap4j class was loaded");
        assertFalse(r.out().contains("com.sun.jna"), "a JNA class was loaded");
        java.nio.file.Files.deleteIfExists(Path.of(System.getProperty("java.io.tmpdir"),
                "mptcp-nolib-" + ProcessHandle.current().pid() + ".pcap"));
    }

    @Test
    void captureWithoutLibpcapIsOneLineNamingThePackage() throws Exception {
        // pcap4j loads the library named by this property: a name no system has
        Result r = java(List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap-missing.so"),
                "testdata/v1-2paths.pcap", "-c", "capture --list", "-c", "capture any --count 1",
                "-c", "connections --format csv");
        assertEquals(1, r.status(), r.out() + r.err());
        String line = "error: capture needs libpcap, which is not installed (Debian/Ubuntu:"
                + " apt-get install libpcap0.8; Fedora: dnf install libpcap)";
        assertEquals(line + System.lineSeparator() + line + System.lineSeparator(), r.err(),
                "the same one line each time, nothing from pcap4j's logging");
        assertTrue(r.out().startsWith("id,version,client,server"), "other commands still work");
        assertEquals(2, r.out().split("\r\n").length, "one connection row");
    }
}
