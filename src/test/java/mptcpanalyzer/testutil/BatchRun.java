package mptcpanalyzer.testutil;

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
import mptcpanalyzer.shell.Main;

/** Batch runs of the analyzer in this JVM, for tests that compare whole outputs. */
public final class BatchRun {
    private BatchRun() {}

    /**
     * Everything a batch run of {@code commands} (each a {@code -c}) on {@code capture} says:
     * its exit status, standard output and standard error, in one string.
     */
    public static String output(Path capture, String... commands) {
        List<String> args = new ArrayList<>(List.of(capture.toString()));
        for (String c : commands) {
            args.add("-c");
            args.add(c);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                new BufferedReader(new StringReader("")), false);
        return "status " + rc + "\n" + out + "\nstderr:\n" + err;
    }

    /** Every capture under testdata/ (real, public, crafted and damaged ones), sorted. */
    public static List<Path> testdataCaptures() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("testdata"))) {
            return s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$")).sorted().toList();
        }
    }
}
