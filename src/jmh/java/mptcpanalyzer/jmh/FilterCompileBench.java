package mptcpanalyzer.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.filter.Filter;
import mptcpanalyzer.filter.Semantics;
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
 * Compiling a display filter, per expression (ns per compilation, no packet is evaluated):
 * <ul>
 * <li>{@code check}: lex, parse and semantic check ({@link Filter#check}), no trace needed;
 * <li>{@code compile}: all of that plus code generation for a loaded trace
 *     ({@link Filter#compile}), what the {@code filter} command does before it runs.
 * </ul>
 * Tables a filter builds lazily on its first run are not part of either.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterCompileBench {
    /** Capture loaded for {@code compile} (see {@link Inputs#capture}). */
    @Param("testdata/v1-lossy.pcap")
    public String capture;

    @Param({"mptcp.master==1", "tcp.options.mptcp.subtype == 2",
        "mptcp.stream == 0 && tcp.len > 0", "ip.addr == 10.0.2.0/24 and tcp.port in {5201, 80, 443}",
        "!(tcp.options.mptcp.subtype == 2) || tcp.flags.syn == 1"})
    public String expr;

    private Trace trace;

    @Setup(Level.Trial)
    public void load() throws IOException {
        trace = Loader.load(Inputs.capture(capture), null);
    }

    @Benchmark
    public Semantics.Node check() {
        return Filter.check(expr);
    }

    @Benchmark
    public Filter compile() {
        return Filter.compile(expr, trace);
    }
}
