package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mptcpanalyzer.shell.BatchModeTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts: --echo transcripts, source, '> FILE', determinism. */
class ScriptTest {
    static final String V0 = BatchModeTest.V0;

    static Result run(String stdin, String... args) { return BatchModeTest.run(stdin, args); }

    @Test
    void scriptWithCommentsABadCommandAndEchoReadsAsATranscript(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("s.mptcp");
        Files.writeString(s, "# a lab\n\nset format csv   # trailing comment\nconnections \\\n  --format json\n"
                + "frobnicate 3\nsubflows 0\n");
        Result r = run("", V0, "-f", s.toString(), "--echo");
        assertEquals(1, r.status());
        assertEquals("error: " + s + ":6: unknown command 'frobnicate' (try 'help')\n", r.err());
        String[] lines = r.out().split("\n");
        assertEquals("mptcp> set format csv", lines[0]);
        assertEquals("mptcp> connections --format json", lines[1]);
        assertEquals("[", lines[2]);
        assertTrue(r.out().contains("mptcp> frobnicate 3\nmptcp> subflows 0\nid,conn,master,"), r.out());
    }

    @Test
    void failFastStopsAtTheFirstFailure(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("s.mptcp");
        Files.writeString(s, "subflows 7\ninfo\n");
        Result r = run("", V0, "-f", s.toString(), "--fail-fast");
        assertEquals(1, r.status());
        assertEquals("", r.out());
    }

    @Test
    void stdinCommandsRunWithoutTerminalOrWarnings() {
        Result r = run("info --format csv\nhandshake 0 --format json\n", V0);
        assertEquals(0, r.status());
        assertEquals("", r.err());
        assertTrue(r.out().contains("\"client_token\": "), r.out());
    }

    @Test
    void sourceRunsAFileWithItsOwnLineNumbersAndNests(@TempDir Path dir) throws IOException {
        Path inner = dir.resolve("inner.mptcp");
        Files.writeString(inner, "# inner\nsubflows 0 --format csv\nsubflows 9\n");
        Path outer = dir.resolve("outer.mptcp");
        Files.writeString(outer, "source " + inner + "\ninfo --format csv\n");
        Result r = run("", V0, "-f", outer.toString(), "--echo");
        assertEquals(1, r.status());
        assertEquals("error: " + inner + ":3: no connection 9 (the capture has 1: ids 0..0)\n", r.err());
        assertTrue(r.out().startsWith("mptcp> source " + inner + "\nmptcp> subflows 0 --format csv\nid,conn,"), r.out());
        assertTrue(r.out().contains("mptcp> info --format csv\nfile,"), r.out());
    }

    @Test
    void sourceThatSourcesItselfStopsAtTheDepthLimit(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("loop.mptcp");
        Files.writeString(s, "source " + s + "\n");
        Result r = run("", V0, "-c", "source " + s);
        assertEquals(1, r.status());
        assertTrue(r.err().contains("nested deeper than " + Batch.MAX_SOURCE_DEPTH), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Result missing = run("", V0, "-c", "source " + dir.resolve("nope"));
        assertEquals("error: source: " + dir.resolve("nope") + ": no such file\n", missing.err());
    }

    @Test
    void redirectionWritesTheSelectedFormatToAFile(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("subflows.csv");
        Path json = dir.resolve("hs.json");
        Result r = run("", V0, "-c", "set format csv", "-c", "subflows 0 > " + csv,
                "-c", "handshake 0 --format json > " + json, "-c", "info >> " + csv);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        Result direct = run("", V0, "-c", "subflows 0 --format csv", "-c", "info --format csv");
        assertEquals(direct.out(), Files.readString(csv));
        assertTrue(Files.readString(json).startsWith("{\n  \"conn\": 0,"));
    }

    @Test
    void redirectionErrorsAreOneLineAndNeverTouchTheCapture(@TempDir Path dir) throws IOException {
        Path cap = dir.resolve("copy.pcap");
        Files.copy(Path.of(V0), cap);
        byte[] before = Files.readAllBytes(cap);
        Result r = run("", cap.toString(), "-c", "info > " + cap, "-c", "info > " + dir.resolve("no/such/dir.txt"),
                "-c", "info >", "-c", "subflows 9 > " + dir.resolve("x.txt"), "-c", "info '>' x");
        assertEquals(1, r.status());
        String[] err = r.err().split("\n");
        assertEquals("error: refusing to write into the loaded capture " + cap, err[0]);
        assertTrue(err[1].startsWith("error: cannot write " + dir.resolve("no/such/dir.txt")), err[1]);
        assertEquals("error: '>' needs one file name after it", err[2]);
        assertTrue(err[3].startsWith("error: no connection 9"), err[3]);
        assertTrue(err[4].startsWith("error: info: "), err[4]);
        assertEquals(5, err.length, r.err());
        assertFalse(Files.exists(dir.resolve("x.txt")), "a failing command writes no file");
        assertArrayEquals(before, Files.readAllBytes(cap));
    }

    @Test
    void sameCaptureAndScriptGiveByteIdenticalOutput(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("s.mptcp");
        Files.writeString(s, "info\nconnections\nsubflows\nhandshake 0\nexplain 9\nexplain 9 --format json\n");
        Result a = run("", "testdata/demo.pcap", "-f", s.toString(), "--echo");
        Result b = run("", "testdata/demo.pcap", "-f", s.toString(), "--echo");
        assertEquals(0, a.status(), a.err());
        assertArrayEquals(a.out().getBytes(StandardCharsets.UTF_8), b.out().getBytes(StandardCharsets.UTF_8));
        assertFalse(a.out().contains("load_time"), "no timings unless asked for");
        assertTrue(run("", V0, "-c", "info --timing").out().contains("load_time_s:"));
    }
}
