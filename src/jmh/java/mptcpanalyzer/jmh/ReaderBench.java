package mptcpanalyzer.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.Captures;
import mptcpanalyzer.capture.PacketRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The capture readers alone: {@link Captures#open} (which sniffs pcap, pcapng, gzip) and
 * {@link CaptureReader#next} over every record of the file, nothing decoded. The file is read
 * through the OS page cache (warm after the first iteration), so this is framing, copying and
 * system calls, not disk speed. {@code read:packets} is the time per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReaderBench {
    /** Capture to read (see {@link Inputs#capture}): by default one pcap and one pcapng. */
    @Param({"testdata/v1-lossy.pcap", "testdata/v1-backup.pcapng"})
    public String capture;

    private Path path;
    private final PacketRecord rec = new PacketRecord();

    @Setup(Level.Trial)
    public void resolve() throws IOException {
        path = Inputs.capture(capture);
        try (CaptureReader r = Captures.open(path)) {
            long n = 0;
            while (r.next(rec)) n++;
            System.out.printf("%n%s: %s, %d records%n", capture, r.format(), n);
        }
    }

    /** Opens the file and reads every record; returns a sum over the records' fields. */
    @Benchmark
    public long read(Packets count) throws IOException {
        long sink = 0;
        long n = 0;
        try (CaptureReader r = Captures.open(path)) {
            while (r.next(rec)) {
                sink += rec.capLen + rec.tsNanos;
                if (rec.capLen > 0) sink += rec.buf[rec.offset]; // the bytes are there
                n++;
            }
        }
        count.packets += n;
        return sink;
    }
}
