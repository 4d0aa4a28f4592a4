package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real program fed with arguments and standard input, checked on its output and status. */
class BatchModeTest {
    static final String V0 = "testdata/public/tcpdump/mptcp-v0.pcap";

    record Result(int status, String out, String err) {}

    static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(args, new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader(stdin)), false);
        return new Result(rc, out.toString(), err.toString());
    }

    @Test
    void commandsRunInOrderAndSucceed() {
        Result r = run("", V0, "-c", "connections --format csv", "-c", "subflows 0 --format csv");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\r\n");
        assertTrue(lines[0].startsWith("id,version,client,server,client_key,server_key,"), lines[0]);
        assertEquals("0,0,", lines[1].substring(0, 4));
        int subflowHeader = -1;
        for (int i = 0; i < lines.length; i++) if (lines[i].startsWith("id,conn,master,")) subflowHeader = i;
        assertEquals(2, subflowHeader, "one connection row, then the subflows table");
        assertEquals(2, lines.length - subflowHeader - 1, "two subflows in mptcp-v0");
    }

    @Test
    void csvRowsHaveAsManyCellsAsTheHeader() {
        Result r = run("", V0, "--format", "csv", "-c", "subflows");
        assertEquals(0, r.status());
        String[] lines = r.out().split("\r\n");
        int columns = lines[0].split(",", -1).length;
        for (String l : lines) assertEquals(columns, l.split(",", -1).length, l);
    }

    @Test
    void jsonIsAnArrayOfObjectsWithTheCsvNames() {
        Result csv = run("", V0, "-c", "connections --format csv");
        Result json = run("", V0, "-c", "connections --format json");
        assertEquals(0, json.status());
        String body = json.out().strip();
        assertTrue(body.startsWith("[") && body.endsWith("]"), body);
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("\"([a-z0-9_]+)\": ").matcher(body);
        while (m.find()) keys.add(m.group(1));
        assertEquals(List.of(csv.out().split("\r\n")[0].split(",")), keys);
    }

    @Test
    void aFailingCommandPrintsOneLineAndLaterCommandsStillRun() {
        Result r = run("", V0, "-c", "subflows 99", "-c", "nosuchcommand", "-c", "info --format csv");
        assertEquals(1, r.status());
        String[] errLines = r.err().strip().split("\n");
        assertEquals(2, errLines.length, r.err());
        assertEquals("error: no connection 99 (the capture has 1: ids 0..0)", errLines[0]);
        assertTrue(errLines[1].startsWith("error: unknown command 'nosuchcommand'"), errLines[1]);
        assertTrue(r.out().startsWith("file,format,"), r.out());
    }

    @Test
    void misspeltCommandGetsASuggestion() {
        Result r = run("", V0, "-c", "conections");
        assertEquals(1, r.status());
        assertEquals("error: unknown command 'conections' (did you mean 'connections'?) (try 'help')\n",
                r.err());
    }

    @Test
    void badOptionValueIsOneLine() {
        Result r = run("", V0, "-c", "connections --format xml");
        assertEquals(1, r.status());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("unknown format 'xml'"), r.err());
    }

    @Test
    void commandsFromStandardInput() {
        Result r = run("# a comment\n\nconnections --format csv\nsubflows 0 \\\n  --format csv\n", V0);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("id,conn,master,"), r.out());
    }

    @Test
    void scriptErrorsNameTheLine(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("s.txt");
        Files.writeString(script, "info\n# ok\nsubflows x\n");
        Result r = run("", V0, "-f", script.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: " + script + ":3: subflows: "), r.err());
    }

    @Test
    void unreadableTraceIsUsageErrorWithOneLine(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello world, not a capture\n");
        for (String bad : List.of(text.toString(), dir.resolve("missing.pcap").toString(), dir.toString())) {
            Result r = run("", bad, "-c", "info");
            assertEquals(2, r.status(), bad);
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertTrue(r.err().contains(bad), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void unknownProgramOptionIsUsageError() {
        Result r = run("", V0, "--no-such-option");
        assertEquals(2, r.status());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void loadReplacesTheCaptureAndAFailedLoadKeepsIt() {
        Result r = run("", V0, "-c", "load /nonexistent.pcap", "-c", "info --format csv",
                "-c", "load testdata/public/tcpdump/mptcp-v1.pcap", "-c", "info --format csv");
        assertEquals(1, r.status());
        String[] lines = r.out().split("\r\n");
        assertTrue(lines[1].startsWith(V0 + ","), lines[1]);
        assertTrue(r.out().contains("\r\ntestdata/public/tcpdump/mptcp-v1.pcap,"), r.out());
    }
}
