package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** 'filter' and 'packets' through the real program in batch mode. */
class FilterCommandTest {
    static final String V1 = "testdata/v1-2paths.pcap";

    @Test
    void greaterThanInAFilterIsAComparisonNotARedirection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("1000");
        BatchModeTest.Result gt = BatchModeTest.run("", V1, "-c", "filter tcp.len > 1000 ");
        BatchModeTest.Result gtWord = BatchModeTest.run("", V1, "-c", "filter tcp.len gt 1000");
        BatchModeTest.Result redirect = BatchModeTest.run("", V1, "-c", "filter tcp.len > " + file);
        assertEquals(0, gt.status(), gt.err());
        assertEquals(gtWord.out(), gt.out());
        assertTrue(gt.out().matches("\\d+ of 386 packets match\\R"), gt.out());
        // no file named after the right-hand side, and a path there is a (bad) filter value
        assertTrue(!java.nio.file.Files.exists(file));
        assertEquals(1, redirect.status());
    }

    @Test
    void filterThenPacketsListsTheMatchingFrames() {
        BatchModeTest.Result r = BatchModeTest.run("", V1,
                "-c", "filter tcp.options.mptcp.subtype == 1",
                "-c", "packets --format csv --columns frame,subflow,flags,mptcp",
                "-c", "filter --and tcp.flags.syn == 1 && tcp.flags.ack == 0",
                "-c", "packets --format csv --columns frame",
                "-c", "filter",
                "-c", "filter --clear",
                "-c", "packets --format csv --columns frame --limit 2");
        assertEquals(0, r.status(), r.err());
        String[] out = r.out().split("\r?\n");
        // tshark -Y 'tcp.options.mptcp.subtype == 1' on v1-2paths selects frames 6, 7, 8 (testdata/filters)
        assertEquals("3 of 386 packets match", out[0]);
        assertEquals("frame,subflow,flags,mptcp", out[1]);
        assertTrue(out[2].startsWith("6,1,S,MP_JOIN SYN id=2 token=0x89b34a94"), out[2]);
        assertTrue(out[3].startsWith("7,1,S.,MP_JOIN SYN/ACK"), out[3]);
        assertTrue(out[4].startsWith("8,1,.,MP_JOIN ACK hmac=0x"), out[4]);
        assertEquals("1 of 3 packets match (view: (tcp.options.mptcp.subtype == 1) && "
                + "(tcp.flags.syn == 1 && tcp.flags.ack == 0))", out[5]);
        assertEquals("frame", out[6]);
        assertEquals("6", out[7]);
        assertEquals("(tcp.options.mptcp.subtype == 1) && (tcp.flags.syn == 1 && tcp.flags.ack == 0): "
                + "1 of 386 packets", out[8]);
        assertEquals("filter cleared: all 386 packets", out[9]);
        assertEquals("frame", out[10]);
        assertEquals("1", out[11]);
        assertEquals("2", out[12]);
        assertEquals(13, out.length);
    }

    @Test
    void aMisspeltFieldIsOneErrorAndTheScriptGoesOn() {
        BatchModeTest.Result r = BatchModeTest.run("filter mptcp.mastr == 1\nfilter mptcp.master == 1\n", V1);
        assertEquals(1, r.status());
        String[] err = r.err().split("\r?\n");
        assertEquals("error: stdin:1: mptcp.mastr is neither a field nor a protocol name (did you mean mptcp.master?).",
                err[0]);
        assertEquals("  mptcp.mastr == 1", err[1]);
        assertEquals("  ^~~~~~~~~~~", err[2]);
        assertTrue(r.out().contains(" of 386 packets match"), r.out());
    }

    /** The caret lines are printed as they are, except control characters (a hostile line). */
    @Test
    void theCaretLinesShowControlCharactersAsQuestionMarks() {
        BatchModeTest.Result r = BatchModeTest.run("", V1, "-c", "filter tcp.port == 1 && \u001b[2J");
        assertEquals(1, r.status());
        String[] err = r.err().split("\n");
        assertEquals(3, err.length, r.err());
        assertTrue(err[0].startsWith("error: "), err[0]);
        assertEquals("  tcp.port == 1 && ?[2J", err[1]);
        // the caret is under the escape character, 17 columns in, as in the expression
        assertTrue(err[2].startsWith("  " + " ".repeat(17) + "^"), err[2]);
        assertTrue(r.err().chars().noneMatch(c -> c < 0x20 && c != '\n'), r.err());
    }

    @Test
    void quotedStringsSurviveTheShellsWordSplitting() {
        BatchModeTest.Result r = BatchModeTest.run("", V1,
                "-c", "filter 'mptcp.analysis.subflows == \"1 0 \"'",
                "-c", "filter mptcp.analysis.subflows contains \"1 0\"");
        assertEquals(0, r.status(), r.err());
        String[] out = r.out().split("\r?\n");
        assertEquals(out[0], out[1]);
        assertTrue(!out[0].startsWith("0 of"), out[0]);
    }
}
