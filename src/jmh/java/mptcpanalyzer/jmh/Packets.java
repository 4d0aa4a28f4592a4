package mptcpanalyzer.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Packets handled, a JMH operations counter: a benchmark that processes a whole capture per
 * invocation adds its packet count here, and JMH reports the secondary result
 * {@code <benchmark>:packets} as time per packet (ns/op there reads as ns/packet). The primary
 * result stays the time of one pass over the whole capture.
 *
 * <p>{@code @OperationsPerInvocation} cannot do this: it is a compile-time constant, and the
 * packet count depends on the capture parameter.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Packets {
    /** Packets handled during the current iteration. */
    public long packets;

    @Setup(Level.Iteration)
    public void clear() {
        packets = 0;
    }
}
