package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/**
 * The interactive shell's Tab completion: commands and their options from picocli's models
 * (made at the first Tab, not before the first prompt), display-filter fields after
 * {@code filter}, file names after {@code load}.
 */
class ShellCompleterTest {
    private static Set<String> complete(Completer c, LineReader reader, String line) {
        List<Candidate> found = new ArrayList<>();
        c.complete(reader, reader.getParser().parse(line, line.length()), found);
        return found.stream().map(Candidate::value).map(String::strip).collect(Collectors.toSet());
    }

    @Test
    void commandsAreCompletedFromAModelMadeAtTheFirstTab() throws Exception {
        StringWriter sink = new StringWriter();
        Session s = new Session(new PrintWriter(sink, true), new PrintWriter(sink, true), false);
        s.load(Path.of("testdata", "demo.pcap"));
        CommandRunner runner = new CommandRunner(s);
        int[] made = {0};
        Completer c = new Shell.FileArgCompleter(() -> {
            made[0]++;
            return Shell.commandCompleter(runner);
        });
        try (Terminal t = TerminalBuilder.builder().system(false).type("dumb")
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(t).build();
            assertEquals(0, made[0], "nothing made before a Tab");

            Set<String> fields = complete(c, reader, "filter mptcp.mas");
            assertTrue(fields.contains("mptcp.master"), fields.toString());
            assertEquals(0, made[0], "filter fields need no command model");

            Set<String> commands = complete(c, reader, "conn");
            assertTrue(commands.contains("connections"), commands.toString());
            Set<String> options = complete(c, reader, "connections --for");
            assertTrue(options.stream().anyMatch(o -> o.startsWith("--format")), options.toString());
            assertEquals(1, made[0], "made once, at the first Tab that needs it");

            Set<String> files = complete(c, reader, "load testdata/dem");
            assertTrue(files.stream().anyMatch(f -> f.endsWith("demo.pcap")), files.toString());
        }
    }
}
