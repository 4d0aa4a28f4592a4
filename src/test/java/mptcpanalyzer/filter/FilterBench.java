package mptcpanalyzer.filter;

import java.nio.file.Path;
import java.util.List;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Trace;

/**
 * Throughput of compiled filters over a large trace (run by scripts/bench-filter; not a unit
 * test). Prints, per expression, the best of several runs of compile + select over all packets.
 */
public final class FilterBench {
    static final List<String> EXPRESSIONS = List.of(
            "frame.number > 100",
            "tcp.stream == 1",
            "mptcp.master == 1",
            "mptcp.stream == 0 && tcp.len > 0",
            "ip.addr == 10.0.2.0/24",
            "tcp.port in {5201, 80, 443}",
            "tcp.options.mptcp.subtype == 1",
            "tcp.options.mptcp.rawdataseqno > 0xffffffff",
            "!(tcp.options.mptcp.subtype == 2) || tcp.flags.syn == 1",
            "mptcp.analysis.subflows contains \"1\"");

    public static void main(String[] args) throws Exception {
        Trace t = Loader.load(Path.of(args[0]), null);
        int n = t.packets().size();
        System.out.printf("%s: %d packets, loaded in %.1f s%n", args[0], n, t.loadNanos() / 1e9);
        System.out.printf("%-58s %10s %9s %8s %12s%n", "expression", "matches", "best_ms", "ns/pkt", "10M_pkts_ms");
        for (String e : EXPRESSIONS) {
            long best = Long.MAX_VALUE;
            int matches = 0;
            for (int run = 0; run < 7; run++) {
                long t0 = System.nanoTime();
                matches = Filter.compile(e, t).select(null).length;
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%-58s %10d %9.1f %8.1f %12.0f%n", e, matches, best / 1e6, (double) best / n,
                    best / 1e6 * 1e7 / n);
        }
    }
}
