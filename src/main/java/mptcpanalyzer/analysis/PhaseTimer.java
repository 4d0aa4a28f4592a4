package mptcpanalyzer.analysis;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where a load's time goes, phase by phase: wall time and the thread's CPU time between marks,
 * told on standard error as one line per thread when the system property {@code mptcp.timing}
 * is set ({@code JAVA_OPTS=-Dmptcp.timing}); otherwise every call does nothing. For measuring
 * (docs/performance.md), never for results.
 */
final class PhaseTimer {
    private static final boolean ON = System.getProperty("mptcp.timing") != null;
    private static final PhaseTimer OFF = new PhaseTimer(null, 0);

    private final String name;
    private final long start;
    private final StringBuilder out;
    private long last, lastCpu;
    /** The JVM's uptime when this timer started, ms. */
    private final long began;

    private PhaseTimer(String name, long start) {
        this.name = name;
        this.start = start;
        this.out = name == null ? null : new StringBuilder();
        this.last = start;
        this.lastCpu = name == null ? 0 : cpu();
        this.began = name == null ? 0 : ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** A timer starting now, or one that does nothing when timing is off. */
    static PhaseTimer of(String name) {
        return ON ? new PhaseTimer(name, System.nanoTime()) : OFF;
    }

    /**
     * A timer for another thread, its clock starting from this one's start (its CPU time is
     * taken from its first mark's thread).
     */
    PhaseTimer fork(String name) {
        if (out == null) return OFF;
        PhaseTimer t = new PhaseTimer(name, start);
        t.last = System.nanoTime();
        t.lastCpu = -1;
        return t;
    }

    /** {@link System#nanoTime()} when timing, else 0 (no call). */
    long now() {
        return out == null ? 0 : System.nanoTime();
    }

    /** Ends the phase {@code phase} now. */
    void mark(String phase) {
        if (out == null) return;
        long now = System.nanoTime();
        long cpu = cpu();
        out.append(String.format(" %s %d ms", phase, (now - last) / 1_000_000));
        if (lastCpu >= 0) out.append(String.format(" (cpu %d)", (cpu - lastCpu) / 1_000_000));
        last = now;
        lastCpu = cpu;
    }

    /** Tells this timer's phases, then {@code others}'. */
    void report(PhaseTimer... others) {
        if (out == null) return;
        System.err.printf("timing %s: %d ms (began %d ms after the JVM started):%s%n", name,
                (last - start) / 1_000_000, began, out);
        for (PhaseTimer o : others) {
            if (o.out != null) System.err.printf("timing %s: ends at %d ms:%s%n", o.name, (o.last - start) / 1_000_000, o.out);
        }
    }

    private static long cpu() {
        ThreadMXBean b = ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
    }
}
