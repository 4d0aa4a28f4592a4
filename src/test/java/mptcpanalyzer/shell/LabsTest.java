package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mptcpanalyzer.shell.BatchModeTest.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each lab script replays byte for byte as its committed transcript (labs/NAME.expected). */
class LabsTest {
    static List<Path> labs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("labs"))) {
            return s.filter(p -> p.toString().endsWith(".mptcp")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("labs")
    void replaysAsItsTranscript(Path lab) throws IOException {
        String name = lab.getFileName().toString();
        Path expected = lab.resolveSibling(name.substring(0, name.length() - ".mptcp".length()) + ".expected");
        Result r = BatchModeTest.run("", "-f", lab.toString(), "--echo");
        assertEquals("", r.err());
        assertEquals(0, r.status());
        assertEquals(Files.readString(expected), r.out(), lab.toString());
    }
}
