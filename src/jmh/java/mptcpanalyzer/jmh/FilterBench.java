package mptcpanalyzer.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.filter.Filter;
import mptcpanalyzer.model.Trace;
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
 * A display filter over every packet of a loaded trace ({@code Loader.load(path, null)}, as the
 * shell loads it), the way the {@code filter} command runs it: {@link Filter#select} of all
 * packets. {@code :packets} is the time per packet.
 * <ul>
 * <li>{@code select}: the filter compiled once (in the setup), then run over all packets: the
 *     evaluation alone. Tables a filter builds on first use (mptcp.dsn's sequence bases and
 *     mapping lookup) are built by the setup's first run, not measured.
 * <li>{@code compileAndSelect}: what one {@code filter EXPR} command costs: compile, build those
 *     tables, run over all packets.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBench {
    /** Capture loaded into the model (see {@link Inputs#capture}). */
    @Param("testdata/v1-lossy.pcap")
    public String capture;

    @Param({"mptcp.master==1", "tcp.len > 1000", "mptcp.dsn", "tcp.options.mptcp.subtype == 2"})
    public String expr;

    private Trace trace;
    private Filter filter;

    @Setup(Level.Trial)
    public void load() throws IOException {
        trace = Loader.load(Inputs.capture(capture), null);
        filter = Filter.compile(expr, trace);
        int first = filter.select(null).length;
        int again = filter.select(null).length; // a reused filter must select the same packets
        int fresh = Filter.compile(expr, trace).select(null).length;
        if (first != again || first != fresh) {
            throw new IllegalStateException(expr + ": " + first + ", then " + again + ", fresh " + fresh
                    + " matches: a filter run twice disagrees with itself");
        }
        System.out.printf("%n%s: %d packets; %s: %d match%n", capture, trace.packets().size(), expr, first);
    }

    /** The compiled filter over all packets. */
    @Benchmark
    public int[] select(Packets count) {
        count.packets += trace.packets().size();
        return filter.select(null);
    }

    /** Compile, then run over all packets: one {@code filter EXPR} command. */
    @Benchmark
    public int[] compileAndSelect(Packets count) {
        count.packets += trace.packets().size();
        return Filter.compile(expr, trace).select(null);
    }
}
