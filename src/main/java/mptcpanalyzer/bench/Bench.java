package mptcpanalyzer.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.shell.CommandRunner;
import mptcpanalyzer.shell.Session;

/**
 * In-process benchmark used by scripts/bench: load time (JVM start excluded), packets per
 * second, retained model bytes per packet, and the time of each command on the loaded trace.
 *
 * <p>Usage: {@code Bench FILE [--runs N] [CMD ...]}; prints one {@code name<TAB>value<TAB>unit}
 * line per figure. Commands that fail (e.g. not implemented) are reported as such.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws IOException {
        String usage = "usage: Bench FILE [--runs N] [CMD ...]";
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println(usage);
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = 3;
        List<String> commands = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--runs")) {
                commands.add(args[i]);
                continue;
            }
            try {
                runs = Integer.parseInt(args[++i]);
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                System.err.println(usage);
                System.exit(2);
            }
        }
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();

        // first load: includes JIT warm-up, as a user's single load would
        long t0 = System.nanoTime();
        Trace trace;
        try {
            trace = Loader.load(file, null);
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage()); // one line, as the shell says it
            System.exit(2);
            return;
        }
        long firstNs = System.nanoTime() - t0;
        int packets = trace.packets().size();
        // the heap the trace holds: used with it less used without it (what the first load
        // left behind besides the trace, e.g. the JDK's lambda and formatter caches, is not
        // the model's)
        long withTrace = usedAfterGc(mem);
        trace = null;
        long withoutTrace = usedAfterGc(mem);
        long retained = withTrace - withoutTrace;

        print("packets", packets, "");
        print("load_first_s", firstNs / 1e9, "s");
        print("load_first_pps", packets / (firstNs / 1e9), "packets/s");
        print("retained_bytes_per_packet", (double) retained / Math.max(1, packets), "B");

        long[] warm = new long[runs];
        for (int r = 0; r < runs; r++) {
            trace = null;
            usedAfterGc(mem);
            long s = System.nanoTime();
            trace = Loader.load(file, null);
            warm[r] = System.nanoTime() - s;
        }
        if (trace == null) trace = Loader.load(file, null); // for the commands
        java.util.Arrays.sort(warm);
        long best = runs > 0 ? warm[0] : firstNs;
        long median = runs > 0 ? warm[runs / 2] : firstNs;
        print("load_best_s", best / 1e9, "s");
        print("load_best_pps", packets / (best / 1e9), "packets/s");
        print("load_median_pps", packets / (median / 1e9), "packets/s");

        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Session session = new Session(sink, sink, false);
        session.load(file);
        CommandRunner runner = new CommandRunner(session);
        for (String spec : commands) {
            String cmd = spec.replace("{data_frame}", Integer.toString(middleDataFrame(session.trace())));
            runner.run(cmd); // warm-up
            long bestCmd = Long.MAX_VALUE;
            boolean ok = true;
            for (int r = 0; r < Math.max(3, runs); r++) {
                long s = System.nanoTime();
                ok &= runner.run(cmd);
                bestCmd = Math.min(bestCmd, System.nanoTime() - s);
            }
            print("cmd " + spec, ok ? bestCmd / 1e6 : Double.NaN, ok ? "ms" : "failed");
        }
    }

    /** A frame with payload on an MPTCP subflow, from the middle of the capture (1 if none). */
    static int middleDataFrame(mptcpanalyzer.model.Trace t) {
        mptcpanalyzer.model.PacketTable p = t.packets();
        for (int i = p.size() / 2; i < p.size(); i++) {
            if (p.payloadLen(i) > 0 && p.subflow(i) >= 0 && t.subflows().get(p.subflow(i)).conn >= 0) {
                return i + 1;
            }
        }
        return 1;
    }

    /**
     * Heap in use after full collections. Several, with pauses: objects whose last reference
     * goes through reference processing (a cleaner, a finalizer) are freed only by a
     * collection after the reference handler ran (measured: 11 MB of a 1.4-million-packet
     * load's transient arrays outlived the first two collections).
     */
    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 4; i++) {
            System.gc();
            System.runFinalization();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static void print(String name, double value, String unit) {
        System.out.printf("%s\t%.3f\t%s%n", name, value, unit);
    }
}
