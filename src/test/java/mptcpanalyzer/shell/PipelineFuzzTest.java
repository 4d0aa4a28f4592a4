package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.capture.CaptureException;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.CaptureFile;
import mptcpanalyzer.testutil.Mutations;
import mptcpanalyzer.testutil.TraceInvariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Seeded mutation fuzzer over the whole pipeline: real captures from testdata/ are damaged
 * ({@link Mutations}: bit flips, option lengths 0/1/2/3/255, cuts, record lengths, duplicated
 * and removed records), loaded by the real {@link Loader}, checked against
 * {@link TraceInvariants}, then every registered command (found through picocli, so commands
 * added later are covered without touching this test) is run with plausible and implausible
 * arguments. Nothing may throw, no command may report an internal error, and the input file
 * must be unchanged.
 *
 * <p>Bounded by time: {@code -Dfuzz.seconds=N} (default 25) and {@code -Dfuzz.iterations=N}
 * (default unbounded within the time). The seed is new each run ({@code -Dfuzz.seed=N} replays
 * one); a failing input is written to {@code target/fuzz-crashes/} and its path reported, to be
 * added to {@code testdata/regress/} with the fix.
 */
class PipelineFuzzTest {
    private static final String[] SEEDS = {
        "testdata/demo.pcap", "testdata/v1-lossy.pcap", "testdata/v1-backup.pcapng",
        "testdata/v1-3paths-ipv6.pcap", "testdata/v1-multiconn.pcap", "testdata/v1-strip.pcap",
        "testdata/v1-fastclose.pcap", "testdata/v1-checksum.pcap", "testdata/v1-tso.pcap",
        "testdata/v1-add-remove.pcap", "testdata/v1-parallel-eth.pcap",
        "testdata/public/tcpdump/mptcp-v0.pcap", "testdata/public/tcpdump/mptcp-v1.pcap",
        "testdata/public/tcpdump/mptcp-aa-v1.pcap", "testdata/public/tcpdump/mptcp-fclose.pcap",
        "testdata/public/ptcpdump/tfo.pcap",
    };

    @Test
    void mutatedCapturesThroughLoaderAndEveryCommand(@TempDir Path dir) throws IOException {
        long seconds = Long.getLong("fuzz.seconds", 25);
        long maxIterations = Long.getLong("fuzz.iterations", Long.MAX_VALUE);
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<CaptureFile> files = new ArrayList<>();
        for (String s : SEEDS) files.add(new CaptureFile(Path.of(s)));

        long iterations = 0, loaded = 0, refused = 0, commandsRun = 0;
        for (long it = 0; it < maxIterations && System.nanoTime() < deadline; it++) {
            Random rnd = new Random(seed + it);
            int which = rnd.nextInt(files.size());
            Mutations.Mutant m = Mutations.any(files.get(which), rnd);
            String where = "seed " + (seed + it) + " (-Dfuzz.seed=" + (seed + it)
                    + " -Dfuzz.iterations=1), " + SEEDS[which] + ": " + m.what();
            Path file = dir.resolve("m" + it + (files.get(which).pcapng ? ".pcapng" : ".pcap"));
            Files.write(file, m.bytes());
            try {
                Trace t;
                try {
                    t = Loader.load(file, null);
                } catch (CaptureException e) {
                    refused++;
                    assertOneLine(e.getMessage(), where);
                    continue;
                }
                loaded++;
                List<String> bad = TraceInvariants.violations(t);
                if (!bad.isEmpty()) throw new AssertionError("invariants: " + bad);
                commandsRun += everyCommand(file, t, rnd);
                assertArrayEquals(m.bytes(), Files.readAllBytes(file), "input file modified");
            } catch (Throwable e) {
                Path saved = save(m.bytes(), seed + it, files.get(which).pcapng);
                AssertionError ae = new AssertionError(where + "; input saved as " + saved + ": " + e, e);
                throw ae;
            } finally {
                Files.deleteIfExists(file);
            }
            iterations++;
        }
        System.out.printf("PipelineFuzzTest: seed %d, %d mutants (%d loaded, %d refused at open), "
                + "%d command lines%n", seed, iterations + refused, loaded, refused, commandsRun);
        assertTrue(loaded > 0, "no mutant loaded: the fuzzer tests nothing");
    }

    private static void assertOneLine(String msg, String where) {
        assertTrue(msg != null && !msg.isBlank() && !msg.contains("\n"), where + ": message " + msg);
    }

    /**
     * Loads {@code file} into a fresh session and runs every registered command on it with
     * generated arguments; fails on an internal error, an exception or a stack trace.
     */
    static int everyCommand(Path file, Trace t, Random rnd) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Session session = new Session(new PrintWriter(out), new PrintWriter(err), false);
        CommandRunner runner = new CommandRunner(session);
        List<String> lines = new ArrayList<>();
        lines.add("load " + quote(file.toString()));
        Map<CommandSpec, Boolean> seen = new IdentityHashMap<>();
        for (CommandLine sub : runner.commandLine().getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (seen.put(spec, true) != null) continue;
            String name = spec.name();
            if (name.equals("exit") || name.equals("load")) continue;
            for (int variant = 0; variant < 3; variant++) lines.add(commandLine(spec, t, rnd, file));
        }
        lines.add("info");
        int ran = 0;
        for (String line : lines) {
            int errBefore = err.getBuffer().length();
            try {
                runner.run(line);
            } catch (Throwable e) {
                throw new AssertionError("'" + line + "' threw " + e, e);
            }
            ran++;
            String e = err.getBuffer().substring(errBefore);
            if (e.contains("internal error") || e.contains("\tat ") || e.contains("Exception")) {
                throw new AssertionError("'" + line + "': " + e);
            }
            // an error line, or (filter) a detail line indented by two spaces right under it
            boolean afterError = false;
            for (String l : e.split("\n")) {
                boolean detail = afterError && l.startsWith("  ") && l.chars().noneMatch(Character::isISOControl);
                if (!l.isEmpty() && !l.startsWith("error: ") && !l.startsWith("warning: ") && !detail) {
                    throw new AssertionError("'" + line + "': unexpected error line: " + l);
                }
                afterError = l.startsWith("error: ") || detail;
            }
        }
        if (session.traceOrNull() == null) throw new AssertionError("load failed: " + err);
        return ran;
    }

    /** A command line for {@code spec}: positionals filled, some options set. */
    static String commandLine(CommandSpec spec, Trace t, Random rnd, Path file) {
        StringBuilder sb = new StringBuilder(spec.name());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.arity().min() == 0 && rnd.nextInt(3) == 0) continue;
            int n = Math.max(1, Math.min(p.arity().max(), rnd.nextInt(3) + p.arity().min()));
            for (int k = 0; k < n; k++) sb.append(' ').append(quote(value(p.paramLabel(), p.type(), p.completionCandidates(), t, rnd, file)));
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || rnd.nextBoolean()) continue;
            sb.append(' ').append(o.longestName());
            if (o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class) {
                sb.append(' ').append(quote(value(o.paramLabel(), o.type(), o.completionCandidates(), t, rnd, file)));
            }
        }
        return sb.toString();
    }

    private static String value(String label, Class<?> type, Iterable<String> candidates, Trace t,
            Random rnd, Path file) {
        if (candidates != null && rnd.nextInt(4) != 0) {
            List<String> c = new ArrayList<>();
            for (Iterator<String> i = candidates.iterator(); i.hasNext();) c.add(i.next());
            if (!c.isEmpty()) return c.get(rnd.nextInt(c.size()));
        }
        String l = label == null ? "" : label.toUpperCase();
        int packets = t.packets().size(), conns = t.connections().size(), subs = t.subflows().size();
        if (l.contains("FRAME")) return String.valueOf(pick(rnd, packets, 1));
        if (l.contains("CONN")) return String.valueOf(pick(rnd, conns, 0));
        if (l.contains("SUBFLOW") || l.contains("STREAM")) return String.valueOf(pick(rnd, subs, 0));
        if (l.contains("FILE") || Path.class.isAssignableFrom(type)) return file.toString();
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return String.valueOf(pick(rnd, Math.max(packets, Math.max(conns, subs)), 0));
        }
        String[] words = {"0", "1", "all", "x", "tcp.stream == 0", "mptcp.stream", "-1",
            "99999999999999999999", "", "frame.number < 5"};
        return words[rnd.nextInt(words.length)];
    }

    /** A plausible id in [first, first+count), or one just outside, or an absurd one. */
    private static long pick(Random rnd, int count, int first) {
        switch (rnd.nextInt(6)) {
            case 0: return first - 1;
            case 1: return first + count;
            case 2: return rnd.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            default: return count == 0 ? first : first + rnd.nextInt(count);
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static Path save(byte[] b, long seed, boolean pcapng) {
        try {
            Path dir = Path.of("target", "fuzz-crashes");
            Files.createDirectories(dir);
            Path p = dir.resolve("crash-" + seed + (pcapng ? ".pcapng" : ".pcap"));
            Files.write(p, b);
            return p;
        } catch (IOException e) {
            fail("cannot save the crashing input: " + e);
            return null;
        }
    }
}
