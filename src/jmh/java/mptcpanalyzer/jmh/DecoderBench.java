package mptcpanalyzer.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;
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
 * {@link PacketDecoder#decode} alone: link, IP and TCP headers and the MPTCP option offsets of
 * every record of a capture held in memory (no I/O, no analysis). One invocation decodes every
 * record once, in capture order, with one reused decoder and holder, as the loader does;
 * {@code decode:packets} is the time per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecoderBench {
    /** Capture whose records are decoded (see {@link Inputs#capture}). */
    @Param("testdata/v1-lossy.pcap")
    public String capture;

    private CapturedRecords records;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();
    private final PacketRecord rec = new PacketRecord();

    @Setup(Level.Trial)
    public void read() throws IOException {
        records = CapturedRecords.read(Inputs.capture(capture));
        System.out.printf("%n%s: %d records, %d captured bytes in memory%n", capture, records.size(),
                records.bytes());
    }

    /** Decodes every record; returns a sum over the decoded fields so that none is dead code. */
    @Benchmark
    public long decode(Packets count) {
        int n = records.size();
        long sink = 0;
        for (int i = 0; i < n; i++) {
            records.point(i, rec);
            if (decoder.decode(rec, out)) {
                sink += out.srcPort + out.seq + out.payloadLen + out.mptcpCount + out.anomalyCount;
            }
        }
        count.packets += n;
        return sink;
    }
}
