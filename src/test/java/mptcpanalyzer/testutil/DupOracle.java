package mptcpanalyzer.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import mptcpanalyzer.analysis.ReinjectionAnalyzer.Input;

/**
 * An independent, literal, brute-force (quadratic, byte by byte) computation of the
 * reinjection definitions, for tests. Also builds the analyzer's input columns from a tshark
 * golden TSV (tshark's {@code mptcp.rawdsn64}, {@code tcp.len}, {@code tcp.stream},
 * {@code mptcp.stream}, {@code tcp.options.mptcp.rawdataack}, {@code frame.time_epoch}).
 */
public final class DupOracle {
    /** Expected facts about one duplicate frame. */
    public record Dup(int frame, int original, int subflow, int originalSubflow, int role, int bytes,
            boolean ackedBefore, int retransmitted, int resent, List<Integer> reinjectionOf,
            long delayNanos) {}

    /** Expected summary line: key = conn, role, kind, from, to; value = frames, bytes. */
    public final TreeMap<List<Object>, long[]> summary = new TreeMap<>(DupOracle::compare);
    public final List<Dup> dups = new ArrayList<>();
    /** Payload bytes per (subflow, role) and per (conn, role). */
    public final Map<List<Integer>, Long> subData = new HashMap<>();
    public final Map<List<Integer>, Long> connData = new HashMap<>();
    /** 1-based frame -> later frames on other subflows that carried some of its bytes. */
    public final Map<Integer, TreeSet<Integer>> reinjectedIn = new HashMap<>();

    private static int compare(List<Object> a, List<Object> b) { return a.toString().compareTo(b.toString()); }

    /** Runs the literal definitions over {@code in}. */
    public static DupOracle of(Input in) {
        DupOracle o = new DupOracle();
        int n = in.n;
        Map<List<Integer>, Long> subData = o.subData;
        Map<List<Integer>, Long> connData = o.connData;
        for (int i = 0; i < n; i++) {
            if (!payload(in, i)) continue;
            subData.merge(List.of(in.subflow[i], in.role[i]), (long) in.len[i], Long::sum);
            connData.merge(List.of(in.conn[i], in.role[i]), (long) in.len[i], Long::sum);
        }
        for (int i = 0; i < n; i++) {
            if (!payload(in, i)) continue;
            int len = in.len[i];
            int[] firstOther = new int[len];
            Arrays.fill(firstOther, -1);
            boolean[] sameDsn = new boolean[len];
            boolean[] sameSeq = new boolean[len];
            TreeSet<Integer> of = new TreeSet<>();
            for (int j = 0; j < i; j++) {
                if (!payload(in, j) || in.conn[j] != in.conn[i] || in.role[j] != in.role[i]) continue;
                boolean sameSub = in.subflow[j] == in.subflow[i];
                // TCP ranges intersect (mod 2^32) iff one's first byte is inside the other
                if (sameSub && (((in.seq[j] - in.seq[i]) & 0xffffffffL) < len
                        || ((in.seq[i] - in.seq[j]) & 0xffffffffL) < in.len[j])) {
                    // same subflow: TCP sequence bytes again (32-bit modular arithmetic)
                    for (int b = 0; b < len; b++) {
                        long d = (in.seq[i] + b - in.seq[j]) & 0xffffffffL;
                        if (d < in.len[j]) sameSeq[b] = true;
                    }
                }
                if (!in.hasDsn[i] || !in.hasDsn[j]) continue;
                // ranges [di, di+len) and [dj, dj+lj) intersect (mod 2^64) iff one's start is in the other
                long ji = in.rawDsn[j] - in.rawDsn[i];
                long ij = in.rawDsn[i] - in.rawDsn[j];
                if (!(ji >= 0 && ji < len) && !(ij >= 0 && ij < in.len[j])) continue;
                for (int b = 0; b < len; b++) {
                    long d = in.rawDsn[i] + b - in.rawDsn[j]; // byte's offset in j, mod 2^64
                    if (d < 0 || d >= in.len[j]) continue;
                    if (in.subflow[j] == in.subflow[i]) {
                        sameDsn[b] = true;
                    } else {
                        if (firstOther[b] < 0) firstOther[b] = j;
                        of.add(j + 1);
                    }
                }
            }
            List<Object> kConn = List.of(in.conn[i], in.role[i]);
            int retrans = 0;
            int resent = 0;
            int dup = 0;
            int lastDup = -1;
            int orig = Integer.MAX_VALUE;
            Map<Integer, Long> pairs = new TreeMap<>();
            for (int b = 0; b < len; b++) {
                if (sameSeq[b]) retrans++;
                if (sameDsn[b] && !sameSeq[b]) resent++;
                if (firstOther[b] >= 0) {
                    dup++;
                    lastDup = b;
                    orig = Math.min(orig, firstOther[b]);
                    pairs.merge(in.subflow[firstOther[b]], 1L, Long::sum);
                }
            }
            if (retrans > 0) {
                o.add(kConn, "retransmission", in.subflow[i], in.subflow[i], retrans);
                o.add(kConn, "retransmission", -1, -1, retrans);
            }
            if (resent > 0) {
                o.add(kConn, "resend", in.subflow[i], in.subflow[i], resent);
                o.add(kConn, "resend", -1, -1, resent);
            }
            if (dup == 0) continue;
            o.add(kConn, "reinjection", -1, -1, dup);
            for (Map.Entry<Integer, Long> e : pairs.entrySet()) {
                o.add(kConn, "reinjection", e.getKey(), in.subflow[i], e.getValue());
            }
            // DATA_ACK from the other role of the connection, seen before frame i
            boolean acked = false;
            long lastByte = in.rawDsn[i] + lastDup;
            for (int k = 0; k < i; k++) {
                if (in.conn[k] == in.conn[i] && in.role[k] != in.role[i] && in.hasDataAck[k]
                        && in.rawDataAck[k] - lastByte > 0) {
                    acked = true;
                }
            }
            for (int j : of) o.reinjectedIn.computeIfAbsent(j, x -> new TreeSet<>()).add(i + 1);
            o.dups.add(new Dup(i + 1, orig + 1, in.subflow[i], in.subflow[orig], in.role[i], dup,
                    acked, retrans, resent, List.copyOf(of), in.tsNanos[i] - in.tsNanos[orig]));
        }
        return o;
    }

    private void add(List<Object> connRole, String kind, int from, int to, long bytes) {
        List<Object> k = List.of(connRole.get(0), connRole.get(1), kind, from, to);
        long[] v = summary.computeIfAbsent(k, x -> new long[2]);
        v[0]++;
        v[1] += bytes;
    }

    private static boolean payload(Input in, int i) {
        return in.conn[i] >= 0 && in.subflow[i] >= 0 && in.len[i] > 0;
    }

    /**
     * The analyzer's input from a tshark golden TSV. The sender's role is 0 when it sent the
     * first SYN of its tcp.stream (true of every subflow in these captures: joins come from the
     * connection's client); a subflow's connection is the mptcp.stream seen on any of its frames.
     */
    public static Input fromGolden(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> h = Arrays.asList(lines.get(0).split("\t", -1));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) if (!l.isEmpty()) rows.add(l.split("\t", -1));
        int cStream = h.indexOf("tcp.stream");
        int cConn = h.indexOf("mptcp.stream");
        int cFlags = h.indexOf("tcp.flags");
        int cLen = h.indexOf("tcp.len");
        int cSeq = h.indexOf("tcp.seq");
        int cDsn = h.indexOf("mptcp.rawdsn64");
        int cDack = h.indexOf("tcp.options.mptcp.rawdataack");
        int cTime = h.indexOf("frame.time_epoch");
        int[] src = {h.indexOf("ip.src"), h.indexOf("ipv6.src"), h.indexOf("tcp.srcport")};
        Map<String, Integer> connOf = new HashMap<>();
        Map<String, String> synSender = new HashMap<>();
        for (String[] r : rows) {
            String s = r[cStream];
            if (s.isEmpty()) continue;
            if (!r[cConn].isEmpty()) connOf.putIfAbsent(s, Integer.parseInt(r[cConn]));
            int flags = Integer.parseInt(r[cFlags].substring(2), 16);
            if ((flags & 0x12) == 0x02) synSender.putIfAbsent(s, sender(r, src));
        }
        Input in = new Input(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            in.tsNanos[i] = new BigDecimal(r[cTime]).movePointRight(9).longValueExact();
            String s = r[cStream];
            if (s.isEmpty()) continue;
            in.subflow[i] = Integer.parseInt(s);
            in.conn[i] = connOf.getOrDefault(s, -1);
            in.role[i] = sender(r, src).equals(synSender.get(s)) ? 0 : 1;
            in.len[i] = Integer.parseInt(r[cLen]);
            in.seq[i] = (int) Long.parseLong(r[cSeq]);
            if (!r[cDsn].isEmpty()) {
                in.hasDsn[i] = true;
                in.rawDsn[i] = Long.parseUnsignedLong(r[cDsn]);
            }
            if (!r[cDack].isEmpty()) {
                in.hasDataAck[i] = true;
                in.rawDataAck[i] = Long.parseUnsignedLong(r[cDack]);
            }
        }
        return in;
    }

    private static String sender(String[] r, int[] cols) {
        return r[cols[0]] + "|" + r[cols[1]] + "|" + r[cols[2]];
    }
}
