package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mptcpanalyzer.analysis.FrameException;
import mptcpanalyzer.testutil.CaptureFile;
import mptcpanalyzer.testutil.Mutations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not captures, or damaged ones, made fresh each run: each loads or fails with
 * one line naming the file, batch mode exits 2 when the trace cannot be read, a failed
 * {@code load} keeps the previous capture, and the next command answers. One run goes through
 * a separate JVM limited to a 512 MiB heap.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    /** Name -> file: not captures at all, and damaged real captures. */
    private Map<String, Path> hostileFiles(Random rnd) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        byte[] random = new byte[1 + rnd.nextInt(100_000)];
        rnd.nextBytes(random);
        m.put("random", write("random.pcap", random));
        m.put("text", write("notes.txt", "# not a capture\nhello\n".getBytes(StandardCharsets.UTF_8)));
        m.put("empty", write("empty.pcap", new byte[0]));
        m.put("dir", Files.createDirectories(dir.resolve("adir.pcap")));
        m.put("missing", dir.resolve("missing.pcap"));
        m.put("one byte", write("one.pcap", new byte[] {(byte) 0xd4}));
        m.put("gzip garbage", write("bad.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}));
        CaptureFile demo = new CaptureFile(Path.of("testdata/demo.pcap"));
        // a pcap header followed by a record that claims 2 GiB and by random bytes
        byte[] huge = Arrays.copyOf(demo.bytes, demo.records.get(0).end() + 1000);
        demo.putInt(huge, demo.capLenField(0), Integer.MAX_VALUE);
        m.put("huge record", write("huge.pcap", huge));
        int cut = demo.records.get(rnd.nextInt(demo.records.size())).start() + 1
                + rnd.nextInt(15);
        m.put("truncated", write("cut.pcap", Arrays.copyOf(demo.bytes, cut)));
        m.put("bit flips", write("flips.pcap", Mutations.any(demo, rnd).bytes()));
        List<CaptureFile.Opt> opts = demo.mptcpOptions();
        byte[] bad = demo.bytes;
        for (int i = 0; i < 20; i++) bad = Mutations.optionLength(bad, opts.get(rnd.nextInt(opts.size())), rnd).bytes();
        m.put("option lengths", write("optlen.pcap", bad));
        return m;
    }

    private Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static boolean opensAsCapture(String name) {
        return List.of("huge record", "truncated", "bit flips", "option lengths").contains(name);
    }

    @Test
    void batchModeOneLineAndStatus2ForWhatIsNotACapture() throws IOException {
        long seed = System.nanoTime();
        for (Map.Entry<String, Path> e : hostileFiles(new Random(seed)).entrySet()) {
            String what = e.getKey() + " (seed " + seed + ")";
            BatchModeTest.Result r = BatchModeTest.run("", e.getValue().toString(), "-c", "info", "-c", "connections");
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what + ": " + r.err());
            if (r.status() == 2) {
                assertEquals(1, r.err().strip().split("\n").length, what + ": " + r.err());
                assertTrue(r.err().contains(e.getValue().toString()), what + ": " + r.err());
                assertEquals("", r.out(), what);
            } else {
                assertTrue(opensAsCapture(e.getKey()), what + " should not open: " + r.err());
                assertEquals(0, r.status(), what + ": " + r.err());
                assertTrue(r.out().contains("packets"), what);
                for (String l : r.err().split("\n")) {
                    assertTrue(l.isEmpty() || l.startsWith("warning: " + e.getValue() + ": "), what + ": " + l);
                }
            }
        }
    }

    @Test
    void failedLoadKeepsThePreviousCaptureAndTheShellAnswers() throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Session s = new Session(new PrintWriter(out), new PrintWriter(err), false);
        CommandRunner runner = new CommandRunner(s);
        assertTrue(runner.run("load testdata/public/tcpdump/mptcp-v0.pcap"));
        for (Map.Entry<String, Path> e : hostileFiles(new Random()).entrySet()) {
            int before = err.getBuffer().length();
            boolean ok = runner.run("load '" + e.getValue() + "'");
            String msg = err.getBuffer().substring(before);
            if (!ok) {
                assertEquals(1, msg.strip().split("\n").length, msg);
                assertTrue(msg.startsWith("error: ") && msg.contains(e.getValue().toString()), msg);
                assertTrue(s.trace().path().toString().endsWith("mptcp-v0.pcap"), e.getKey());
            } else {
                assertTrue(opensAsCapture(e.getKey()), e.getKey());
                assertEquals(e.getValue(), s.trace().path());
                runner.run("load testdata/public/tcpdump/mptcp-v0.pcap");
            }
            assertTrue(runner.run("connections --format csv"), e.getKey());
        }
    }

    @Test
    void truncatedCaptureWarnsOnceAndInfoSaysWhere() throws IOException {
        CaptureFile demo = new CaptureFile(Path.of("testdata/demo.pcap"));
        CaptureFile.Rec r = demo.records.get(200);
        int cut = r.start() + 10;
        Path p = write("cut.pcap", Arrays.copyOf(demo.bytes, cut));
        BatchModeTest.Result res = BatchModeTest.run("", p.toString(), "-c", "info --format csv");
        assertEquals(0, res.status());
        assertEquals("warning: " + p + ": 10 unreadable bytes from offset " + r.start()
                + ": record at offset " + r.start() + " is cut: 10 of 16 header bytes\n", res.err());
        String[] lines = res.out().split("\r\n");
        List<String> header = Arrays.asList(lines[0].split(",", -1));
        List<String> values = Arrays.asList(lines[1].split(",", -1));
        assertEquals("200", values.get(header.indexOf("packets")));
        assertEquals(String.valueOf(r.start()), values.get(header.indexOf("unreadable_offset")));
        assertEquals("10", values.get(header.indexOf("unreadable_bytes")));
    }

    @Test
    void internalErrorIsOneLineWithTheFrameAndDebugShowsTheTrace() {
        FrameException e = new FrameException(42, new IllegalStateException("boom"));
        StringWriter w = new StringWriter();
        CommandRunner.internalError(e, "", false, new PrintWriter(w));
        assertEquals("internal error: at frame 42: java.lang.IllegalStateException: boom"
                + " (run with --debug for details)\n", w.toString());
        StringWriter d = new StringWriter();
        CommandRunner.internalError(e, "", true, new PrintWriter(d));
        assertTrue(d.toString().startsWith("internal error: at frame 42: java.lang.IllegalStateException: boom\n"), d.toString());
        assertTrue(d.toString().contains("\tat "), "stack trace with --debug");
    }

    /**
     * The real program in its own JVM with -Xmx512m: loads every hostile file in one script and
     * runs commands after each; nothing may run out of memory or print a stack trace.
     */
    @Test
    void everyHostileFileInA512MiBHeap() throws Exception {
        long seed = System.nanoTime();
        List<String> script = new ArrayList<>();
        for (Path p : hostileFiles(new Random(seed)).values()) {
            script.add("load '" + p + "'");
            script.add("info");
            script.add("connections");
            script.add("anomalies");
        }
        Path scriptFile = dir.resolve("script.txt");
        Files.write(scriptFile, script);
        String[] run = runIsolated("-Xmx512m", "testdata/public/tcpdump/mptcp-v0.pcap", "-f", scriptFile.toString());
        String err = run[2];
        assertFalse(err.contains("OutOfMemoryError") || err.contains("\tat ") || err.contains("internal error")
                || err.contains("out of memory"), "seed " + seed + ": " + err);
        assertEquals("1", run[0], "some loads fail: " + err);
        for (String l : err.split("\n")) {
            assertTrue(l.startsWith("error: " + scriptFile + ":") || l.startsWith("warning: "), l);
        }
        assertTrue(run[1].contains("mptcp_connections"));
    }

    /**
     * A capture too large for the heap is not a bug: the program says it ran out of memory and
     * how to give it more, in one line, and exits 2 as for an unreadable trace; with a larger
     * heap the same capture loads. (demo.pcap's packets 500 times over: 180,500 packets.)
     */
    @Test
    void aCaptureTooLargeForTheHeapSaysSoInOneLine() throws Exception {
        byte[] demo = Files.readAllBytes(Path.of("testdata/demo.pcap"));
        int header = 24;
        byte[] big = new byte[header + 500 * (demo.length - header)];
        System.arraycopy(demo, 0, big, 0, header);
        for (int k = 0; k < 500; k++) {
            System.arraycopy(demo, header, big, header + k * (demo.length - header), demo.length - header);
        }
        Path p = write("large.pcap", big);
        String[] small = runIsolated("-Xmx24m", p.toString(), "-c", "info --format csv");
        assertEquals("2", small[0], small[2]);
        assertEquals(1, small[2].split("\n").length, small[2]);
        assertTrue(small[2].matches("error: " + java.util.regex.Pattern.quote(p.toString())
                + ": out of memory: the Java heap \\(at most \\d+ MiB\\) is too small for this capture"
                + " \\(a load needs about 140 bytes per packet\\); give it more, e\\.g\\. JAVA_OPTS=-Xmx\\d+g\\n"),
                small[2]);
        String[] enough = runIsolated("-Xmx256m", p.toString(), "-c", "info --format csv");
        assertEquals("0", enough[0], enough[2]);
        assertTrue(enough[1].contains("180500"), enough[1]);
    }

    /**
     * Exit status, standard output and error of the program with {@code args}, in a JVM of its
     * own with heap option {@code heap}, standard input empty.
     */
    private String[] runIsolated(String heap, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = dir.resolve("iso-out.txt");
        Path err = dir.resolve("iso-err.txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process proc = pb.start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "no hang");
        return new String[] {String.valueOf(proc.exitValue()), Files.readString(out), Files.readString(err)};
    }
}
