package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mptcpanalyzer.capture.LiveCaptureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real live capture, when the machine allows it (root, libpcap, network namespaces, kernel
 * MPTCP): scripts/capture-lab builds a fresh two-path lab and runs the analyzer inside the
 * client namespace ('capture any'), while a real MPTCP transfer goes on; skipped elsewhere.
 */
class LiveCaptureTest {
    @TempDir Path dir;

    @Test
    void capturesARealTwoPathTransfer() throws Exception {
        assumeTrue("0".equals(sh("id", "-u").strip()), "needs root");
        for (String tool : List.of("ip", "tc", "iptables", "ethtool", "python3")) {
            assumeTrue(sh("sh", "-c", "command -v " + tool) != null, "needs " + tool);
        }
        assumeTrue(Files.exists(Path.of("/proc/sys/net/mptcp/enabled")), "needs kernel MPTCP");
        assumeTrue(libpcapPresent(), "needs libpcap");
        String probe = "mptlive-probe-" + ProcessHandle.current().pid();
        assumeTrue(sh("ip", "netns", "add", probe) != null, "needs network namespaces");
        sh("ip", "netns", "del", probe);

        Path f = dir.resolve("live.pcap");
        Path script = dir.resolve("run.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, String.join(" ", List.of(q(java), "-cp",
                q(System.getProperty("java.class.path")), "mptcpanalyzer.shell.Main",
                "testdata/v1-2paths.pcap",
                "-c", q("capture any --duration 4 --filter 'tcp port 5201' --write " + f),
                "-c", q("connections --format csv"), "-c", q("subflows 0 --format csv"))) + "\n");
        Process p = new ProcessBuilder("scripts/capture-lab", "--scenario", "two-paths",
                "--run", "bash " + q(script.toString()), "--wait-for", f.toString())
                .redirectError(dir.resolve("lab.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lab finished");
        assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("lab.log")));

        List<String> lines = Arrays.asList(out.split("\r?\n"));
        Matcher m = Pattern.compile("captured (\\d+) packets on any \\(stopped by --duration\\): "
                + "(\\d+) TCP subflows, 1 MPTCP connections(, \\d+ dropped by the kernel)?; written to " + Pattern.quote(f.toString()))
                .matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        int packets = Integer.parseInt(m.group(1));
        assertTrue(packets > 100, "a 200 kB transfer each way is hundreds of packets: " + packets);
        // the transfer uses one subflow per path: two TCP conversations
        assertEquals(2, Integer.parseInt(m.group(2)));

        assertTrue(lines.get(1).startsWith("id,version,client,server,"), lines.get(1));
        String conn = lines.get(2);
        assertTrue(conn.startsWith("0,1,10.0.1.1:"), conn);
        assertTrue(lines.get(3).startsWith("id,conn,master,"), lines.get(3));
        List<String> subflows = lines.subList(4, lines.size());
        assertEquals(2, subflows.size(), out);
        assertTrue(subflows.get(0).startsWith("0,0,true,10.0.1.1:"), subflows.get(0));
        assertTrue(subflows.get(1).startsWith("1,0,false,10.0.2.1:"), subflows.get(1));

        // the written file, loaded as a file, answers the same
        BatchModeTest.Result again = BatchModeTest.run("", f.toString(), "-c",
                "connections --format csv", "-c", "subflows 0 --format csv");
        assertEquals(0, again.status(), again.err());
        assertEquals(String.join("\n", lines.subList(1, lines.size())),
                String.join("\n", again.out().split("\r?\n")));
        assertEquals(packets, ExportTest.records(f).size());
    }

    private static boolean libpcapPresent() {
        try {
            LiveCaptureReader.libraryVersion();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String q(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    /** Output of a short command, or null when it fails. */
    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }
}
