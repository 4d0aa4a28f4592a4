package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The plain-argument fast path of Main reads what picocli reads, or hands over to it. */
class MainArgsTest {
    private static Main fresh() {
        return new Main(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new BufferedReader(new StringReader("")), false);
    }

    private static String fields(Main m) {
        return m.trace + "|" + m.commands + "|" + m.script + "|" + m.format + "|" + m.echo + "|"
                + m.failFast + "|" + m.debug;
    }

    private static Main plain(String... args) {
        return Main.plain(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new BufferedReader(new StringReader("")), false);
    }

    @Test
    void plainArgumentsAreReadAsPicocliReadsThem() {
        List<String[]> cases = List.of(
                new String[] {},
                new String[] {"t.pcap"},
                new String[] {"t.pcap", "-c", "connections"},
                new String[] {"-c", "info", "t.pcap", "--command", "subflows 0", "-c", "dupcheck"},
                new String[] {"--format", "csv", "t.pcap", "-f", "s.txt"},
                new String[] {"t.pcap", "--file", "s.txt", "--echo", "--fail-fast", "--debug"},
                new String[] {"--format", "JSON", "-c", "filter tcp.len > 1000", "x/y.pcapng.gz"},
                new String[] {"--echo"});
        for (String[] args : cases) {
            Main fast = plain(args);
            assertNotNull(fast, String.join(" ", args));
            Main slow = fresh();
            new CommandLine(slow).parseArgs(args);
            assertEquals(fields(slow), fields(fast), String.join(" ", args));
        }
    }

    @Test
    void everythingElseGoesToPicocli() {
        List<String[]> cases = List.of(
                new String[] {"--help"}, new String[] {"-h"}, new String[] {"--version"},
                new String[] {"-c"}, new String[] {"t.pcap", "-c", "-x"},
                new String[] {"--command=info", "t.pcap"}, new String[] {"-cinfo"},
                new String[] {"a.pcap", "b.pcap"}, new String[] {"--format", "xml"},
                new String[] {"--format", "csv", "--format", "json"}, new String[] {"--echo", "--echo"},
                new String[] {"-f", "a", "-f", "b"}, new String[] {"@args.txt"}, new String[] {"--"},
                new String[] {"-"}, new String[] {"--unknown"}, new String[] {"t.pcap", "-c", ""});
        for (String[] args : cases) assertNull(plain(args), String.join(" ", args));
    }
}
