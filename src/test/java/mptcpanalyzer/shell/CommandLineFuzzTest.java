package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and malformed command lines through the {@link CommandRunner}: random words, quotes,
 * unterminated quotes, huge and negative numbers, unicode, control characters, very long lines,
 * options without values. Each line either succeeds or prints exactly one "error: " line;
 * nothing throws, nothing reports an internal error, and a normal command still works after.
 */
class CommandLineFuzzTest {
    private static final String[] FIXED = {
        "", "   ", "#", "'", "\"", "'unterminated", "\"unterminated", "info '", "subflows \"0",
        "\\", "info \\", "subflows 99999999999999999999999", "subflows -1", "subflows -0",
        "subflows 2147483648", "subflows 0x10", "subflows 1e3", "subflows ''", "subflows --format",
        "connections --format", "connections --format=", "connections --format xml",
        "connections --format=csv --format=json", "info extra args here", "--format csv",
        "-", "--", "-- info", "help", "help nosuch", "help help", "set", "set format",
        "set format nosuch", "set nosuch value", "load", "load ''", "load /", "load /dev/null",
        "anomalies -5", "anomalies 99999999999", "connectionz", "INFO", "ïnfo", "info\u0000",
        "info \u202e", "subflows \u0661", "\t\tinfo\t", "info # comment", "info ; connections",
        "info | cat", "info > /tmp/x", "$(reboot)", "`id`", "subflows ${X}", "subflows 0 0 0 0",
    };
    private static final String[] WORDS = {
        "info", "connections", "subflows", "anomalies", "set", "format", "help", "load",
        "--format", "csv", "json", "table", "-1", "0", "1", "42", "2147483647", "-2147483648",
        "9223372036854775808", "--", "-", "'", "\"", "\\", "=", "--format=", "--nosuch", "-x",
        "é", "日本", "🙂", "\u0000", "\u001b[31m", "NaN", "null", "%s", "%n", "{}", "*",
    };

    @Test
    void randomAndMalformedLinesNeverBreakTheShell() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        StringWriter out = new StringWriter(), err = new StringWriter();
        Session s = new Session(new PrintWriter(out), new PrintWriter(err), false);
        CommandRunner runner = new CommandRunner(s);
        assertTrue(runner.run("load testdata/public/tcpdump/mptcp-v0.pcap"));
        List<String> lines = new ArrayList<>(List.of(FIXED));
        lines.add("subflows " + "9".repeat(100_000));
        lines.add("info " + "x".repeat(200_000));
        lines.add("'" + "a b ".repeat(50_000));
        for (int i = 0; i < 3000; i++) lines.add(randomLine(rnd));
        int failed = 0;
        for (String line : lines) {
            String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
            int before = err.getBuffer().length();
            boolean ok = runner.run(line);
            String e = err.getBuffer().substring(before);
            String what = "seed " + seed + ", line '" + shown + "': " + e;
            assertFalse(e.contains("internal error") || e.contains("\tat ") || e.contains("Exception"), what);
            if (ok) {
                assertEquals("", e, what);
            } else {
                failed++;
                assertTrue(e.startsWith("error: ") && e.endsWith("\n"), what);
                assertEquals(1, e.split("\n").length, what);
                assertTrue(e.length() < 400_000, "error line bounded: " + what);
            }
            if (s.exitRequested()) {
                s = new Session(new PrintWriter(out), new PrintWriter(err), false);
                runner = new CommandRunner(s);
                assertTrue(runner.run("load testdata/public/tcpdump/mptcp-v0.pcap"));
            }
        }
        assertTrue(failed > 100, "the fuzzer produced errors to check");
        int before = out.getBuffer().length();
        assertTrue(runner.run("connections --format csv"));
        assertTrue(out.getBuffer().substring(before).startsWith("id,version,"), "shell still answers");
    }

    /** Found by the fuzzers: picocli put Java class names and raw control characters in errors. */
    @Test
    void badArgumentMessagesNameNoJavaClassAndStayPrintable() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandRunner runner = new CommandRunner(new Session(new PrintWriter(out), new PrintWriter(err), false));
        assertFalse(runner.run("load 'a\u0000b'"));
        assertEquals("error: load: invalid file name: Nul character not allowed (see 'help load')\n",
                err.toString());
        err.getBuffer().setLength(0);
        assertFalse(runner.run("connections --format 0"));
        assertEquals("error: connections: Invalid value for option '--format': cannot convert '0' to Format"
                + " (unknown format '0' (expected: table, csv or json)) (see 'help connections')\n", err.toString());
        err.getBuffer().setLength(0);
        assertFalse(runner.run("nosuch\u001b[2J"));
        assertTrue(err.toString().startsWith("error: unknown command 'nosuch?[2J'"), err.toString());
    }

    private static String randomLine(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(rnd.nextInt(8) == 0 ? "" : " ");
            switch (rnd.nextInt(5)) {
                case 0 -> sb.append(String.valueOf(rnd.nextLong()));
                case 1 -> sb.appendCodePoint(1 + rnd.nextInt(0x2FFFF));
                default -> sb.append(WORDS[rnd.nextInt(WORDS.length)]);
            }
        }
        return sb.toString();
    }
}
