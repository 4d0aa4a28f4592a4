package mptcpanalyzer.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import mptcpanalyzer.capture.CaptureException;
import mptcpanalyzer.capture.Exporter;
import mptcpanalyzer.capture.PcapWriter;
import mptcpanalyzer.model.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code export FILE}: saves the packets of the current view (all of them, or those the filter
 * keeps), optionally only some frames, as a pcap or pcapng file with the captured bytes.
 */
@Command(name = "export", description = {
    "Save the packets of the current view (after 'filter'; all packets without one) to FILE "
            + "with their original bytes and timestamps: pcap (nanosecond), or pcapng when FILE "
            + "ends in .pcapng; gzip when it ends in .gz. Frame numbers restart at 1 in FILE."})
final class Export extends Commands.Base {
    @Parameters(paramLabel = "FILE", description = "Output file.")
    Path file;

    @Option(names = "--frames", paramLabel = "RANGES",
            description = "Only these frames of the view, e.g. 1-100,250,300- (1-based, inclusive).")
    String frames;

    @Option(names = "--force", description = "Replace an existing FILE.")
    boolean force;

    Export(Session s) { super(s); }

    @Override
    void execute() throws IOException {
        Trace t = session.trace();
        int n = t.packets().size();
        BitSet selected = new BitSet(n);
        int[] view = session.viewIndexes();
        if (view == null) selected.set(0, n); else for (int i : view) selected.set(i);
        if (frames != null) selected.and(parseFrames(frames, n));
        if (Files.isDirectory(file)) throw new UserException(file + ": is a directory");
        if (Files.exists(file) && !force) {
            throw new UserException(file + ": exists (add --force to replace it)");
        }
        long written;
        try {
            written = Exporter.export(t.path(), file, selected::get, t.linkTypes(), n,
                    t.packets()::fileOffset);
        } catch (CaptureException e) {
            throw new UserException(e.getMessage());
        }
        session.out().printf("exported %d packets to %s (%s)%n", written, file,
                PcapWriter.kindFor(file) == PcapWriter.Kind.PCAP ? "pcap" : "pcapng");
        session.out().flush();
    }

    /** "1-100,250,300-" (1-based, inclusive) over {@code n} frames, as 0-based indexes. */
    static BitSet parseFrames(String spec, int n) {
        BitSet b = new BitSet(n);
        for (String part : spec.split(",", -1)) {
            String p = part.strip();
            int dash = p.indexOf('-');
            int from, to;
            try {
                if (dash < 0) {
                    from = to = Integer.parseInt(p);
                } else {
                    from = dash == 0 ? 1 : Integer.parseInt(p.substring(0, dash).strip());
                    to = dash == p.length() - 1 ? n : Integer.parseInt(p.substring(dash + 1).strip());
                }
            } catch (NumberFormatException e) {
                throw new UserException("export: bad frame range '" + p + "' (expected: N, A-B, A- or -B)");
            }
            if (from < 1 || to < from) {
                throw new UserException("export: bad frame range '" + p + "' (frames start at 1)");
            }
            if (from > n) {
                throw new UserException("export: frame " + from + " is past the end (the capture has "
                        + n + " frames)");
            }
            b.set(from - 1, Math.min(to, n));
        }
        return b;
    }
}
