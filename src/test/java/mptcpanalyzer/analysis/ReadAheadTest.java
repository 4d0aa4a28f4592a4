package mptcpanalyzer.analysis;

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
import java.util.stream.Stream;
import mptcpanalyzer.query.PacketList;
import mptcpanalyzer.shell.Main;
import org.junit.jupiter.api.Test;

/**
 * Reading and decoding on a second thread ({@link ReadAhead}) gives the same model as on the
 * loading thread: every command's output, every packet column included, on every capture of
 * testdata/ (real, public, crafted and damaged ones), both ways.
 */
class ReadAheadTest {
    private static final String[] COMMANDS = {
        "info", "connections --format csv", "subflows --format csv", "anomalies --format csv",
        "packets --format csv --columns " + String.join(",", PacketList.COLUMNS),
        "dupcheck --format csv", "dupcheck --summary --format csv", "filter mptcp.dsn",
        "packets --format csv --columns frame,dsn,dack",
    };

    private static String run(Path capture, String mode) {
        String old = System.getProperty("mptcp.readahead");
        System.setProperty("mptcp.readahead", mode);
        // batches of 7 records and arenas of 512 bytes: records cross batch ends, and larger
        // ones than what is left of an arena get their own copy
        System.setProperty("mptcp.readahead.records", "7");
        System.setProperty("mptcp.readahead.arena", "512");
        // the columns sized after 8 packets, from the record count (asserted exact) or, while
        // it is counted, doubled, or else estimated (a compressed file)
        System.setProperty("mptcp.presize.after", "8");
        try {
            List<String> args = new ArrayList<>(List.of(capture.toString()));
            for (String c : COMMANDS) {
                args.add("-c");
                args.add(c);
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                    new BufferedReader(new StringReader("")), false);
            return "status " + rc + "\n" + out + "\nstderr:\n" + err;
        } finally {
            System.clearProperty("mptcp.readahead.records");
            System.clearProperty("mptcp.readahead.arena");
            System.clearProperty("mptcp.presize.after");
            if (old == null) System.clearProperty("mptcp.readahead");
            else System.setProperty("mptcp.readahead", old);
        }
    }

    @Test
    void sameOutputWithAndWithoutReadAhead() throws IOException {
        List<Path> captures;
        try (Stream<Path> s = Files.walk(Path.of("testdata"))) {
            captures = s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$")).sorted().toList();
        }
        assertTrue(captures.size() > 20, "captures found: " + captures.size());
        for (Path c : captures) {
            String serial = run(c, "off");
            String ahead = run(c, "on");
            assertEquals(serial, ahead, c.toString());
            assertFalse(serial.isBlank());
        }
    }
}
