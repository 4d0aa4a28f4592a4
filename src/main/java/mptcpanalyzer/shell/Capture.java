package mptcpanalyzer.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.capture.CaptureException;
import mptcpanalyzer.capture.LiveCaptureReader;
import mptcpanalyzer.capture.PcapWriter;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capture IFACE}: captures live through libpcap into the model, with the analysis of a
 * loaded file, until the duration, the packet count or Ctrl-C; the capture then replaces the
 * loaded trace. {@code capture --list} lists the interfaces.
 *
 * <p>libpcap is reached only from here (through {@link LiveCaptureReader}), so the rest of the
 * tool runs without it.
 */
@Command(name = "capture", description = {
    "Capture live on IFACE ('any': all interfaces, Linux) through libpcap, analyse while "
            + "capturing, and make the capture the loaded trace; stops at --duration, --count "
            + "or Ctrl-C. Needs root or CAP_NET_RAW, and libpcap (Debian: libpcap0.8).",
    "'capture --list' lists interfaces; columns: name description addresses up"})
final class Capture extends Commands.Base {
    @Parameters(paramLabel = "IFACE", arity = "0..1", description = "Interface name, or 'any'.")
    String iface;

    @Option(names = "--list", description = "List the interfaces libpcap can capture on.")
    boolean list;

    @Option(names = "--filter", paramLabel = "BPF",
            description = "Capture filter in tcpdump syntax, e.g. \"tcp port 5201\".")
    String filter;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
    Double duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N packets.")
    Long count;

    @Option(names = "--snaplen", paramLabel = "N", defaultValue = "" + PcapWriter.DEFAULT_SNAPLEN,
            description = "Bytes kept of each packet (default: ${DEFAULT-VALUE}).")
    int snapLen;

    @Option(names = "--write", paramLabel = "FILE",
            description = "Save the packets to FILE as they arrive: pcap, or pcapng when FILE "
                    + "ends in .pcapng; gzip when it ends in .gz. Default: a temporary file.")
    Path write;

    @Option(names = "--force", description = "Replace an existing --write FILE.")
    boolean force;

    @Mixin FormatOption format;

    Capture(Session s) { super(s); }

    @Override
    void execute() throws IOException {
        try {
            if (list) {
                session.print(devices(), format.get());
                return;
            }
            capture();
        } catch (CaptureException e) {
            throw new UserException(e.getMessage());
        } catch (LinkageError e) {
            // LiveCaptureReader itself could not be linked: pcap4j or JNA missing
            throw new UserException("capture needs the pcap4j and JNA jars on the class path ("
                    + CommandRunner.oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static Table devices() throws CaptureException {
        Table.Builder b = Table.of("name", "description", "addresses", "up");
        for (LiveCaptureReader.Device d : LiveCaptureReader.devices()) {
            b.row(d.name(), d.description(), String.join(" ", d.addresses()), d.up());
        }
        return b.build();
    }

    private void capture() throws IOException {
        if (iface == null) {
            throw new UserException("capture: which interface? e.g. 'capture any --duration 10'"
                    + " (see 'capture --list')");
        }
        if (duration != null && !(duration > 0)) throw new UserException("capture: --duration must be > 0");
        if (count != null && count <= 0) throw new UserException("capture: --count must be > 0");
        if (snapLen < 1 || snapLen > PcapWriter.DEFAULT_SNAPLEN) {
            throw new UserException("capture: --snaplen must be between 1 and "
                    + PcapWriter.DEFAULT_SNAPLEN);
        }
        Path file = outputFile();
        long t0 = System.nanoTime();
        LiveCaptureReader.Options o = new LiveCaptureReader.Options(iface, filter,
                duration == null ? 0 : (long) (duration * 1e9), count == null ? 0 : count,
                snapLen, file);
        boolean terminal = session.interactive() || System.console() != null;
        LiveStatus status = terminal ? new LiveStatus(session.err(), iface) : null;
        Trace t;
        String stopped;
        long dropped;
        try (LiveCaptureReader reader = LiveCaptureReader.open(o);
                CtrlC ctrlC = CtrlC.interrupts(Thread.currentThread())) {
            if (status != null) status.start();
            try {
                t = Loader.load(reader, file, status, t0);
            } finally {
                if (status != null) status.finish();
            }
            stopped = reader.stopReason();
            dropped = reader.dropped();
        }
        session.trace(t);
        report(t, file, stopped, dropped);
    }

    /** The --write file, checked; or a temporary file deleted when the program ends. */
    private Path outputFile() throws IOException {
        if (write == null) {
            Path tmp = Files.createTempFile("mptcp-capture-" + iface.replaceAll("[^A-Za-z0-9_.-]", "_")
                    + "-", ".pcap");
            tmp.toFile().deleteOnExit();
            return tmp;
        }
        if (Files.isDirectory(write)) throw new UserException(write + ": is a directory");
        Trace current = session.traceOrNull();
        if (Files.exists(write) && current != null && Files.exists(current.path())
                && Files.isSameFile(write, current.path())) {
            throw new UserException(write + ": is the loaded capture (choose another file)");
        }
        if (Files.exists(write) && !force) {
            throw new UserException(write + ": exists (add --force to replace it)");
        }
        return write;
    }

    private void report(Trace t, Path file, String stopped, long dropped) {
        String why = switch (String.valueOf(stopped)) {
            case "interrupted" -> "Ctrl-C";
            case "duration" -> "--duration";
            case "count" -> "--count";
            default -> stopped;
        };
        session.out().printf("captured %d packets on %s (stopped by %s): %d TCP subflows,"
                        + " %d MPTCP connections%s; %s %s%n",
                t.packets().size(), iface, why, t.subflows().size(), t.connections().size(),
                dropped > 0 ? ", " + dropped + " dropped by the kernel" : "",
                write == null ? "temporary file" : "written to", file);
        if (t.damage() != null) session.err().println("warning: " + t.damage().message());
        session.out().flush();
    }
}
