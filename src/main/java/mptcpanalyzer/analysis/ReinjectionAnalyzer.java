package mptcpanalyzer.analysis;

import static mptcpanalyzer.model.ReinjectionIndex.REINJECTION;
import static mptcpanalyzer.model.ReinjectionIndex.RESEND;
import static mptcpanalyzer.model.ReinjectionIndex.RETRANSMISSION;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.ReinjectionIndex;
import mptcpanalyzer.model.ReinjectionIndex.SummaryRow;
import mptcpanalyzer.model.Subflow;

/**
 * Finds data sent on more than one subflow (reinjections), byte-exact, over primitive arrays.
 *
 * <p>Definitions (frame order is capture order, "earlier" means a smaller frame number):
 * <ul>
 * <li><b>duplicate</b>: a frame some byte of whose data range {@code [rawDsn, rawDsn + len)} was
 *     already carried by an earlier frame on a <em>different</em> subflow of the same connection,
 *     in the same direction (sender role). Its bytes = how many of its bytes were; its original =
 *     the earliest such earlier frame.
 * <li><b>retransmission</b>: bytes whose TCP sequence numbers were already carried by an earlier
 *     frame of the same subflow direction (plain TCP retransmission, not a reinjection).
 * <li><b>resend</b>: bytes whose DSN was already carried on the same subflow, sent again under new
 *     TCP sequence numbers (an MPTCP-level retransmission onto the same subflow).
 * </ul>
 * The three are literal and independent: a byte may count in several (a TCP retransmission of a
 * reinjected segment is both a retransmission and a duplicate).
 *
 * <p>Method: per connection direction, the DSN range ends are sorted into elementary intervals
 * (each frame covers a run of them); frames are then visited in frame order, and each elementary
 * interval keeps the frames that covered it so far, in frame order:
 * <pre>
 *   DSN     0      1000    1500     2000
 *   A sf0   [=====================)          elementary intervals: [0,1000) [1000,1500) [1500,2000)
 *   B sf1          [===============)         B: [1000,1500) covered by A (other subflow) -> 500 dup
 *   C sf0          [======)                  C: [1000,1500) covered by A (same), B (other) -> 500 dup
 * </pre>
 * Cost: the sorts (O(n log n)) plus the sum over frames of the earlier frames met per interval,
 * linear as long as each byte is sent a bounded number of times. The same sweep in TCP sequence
 * space (per subflow direction, 32-bit sequence numbers unwrapped) gives the retransmissions.
 */
public final class ReinjectionAnalyzer {
    private ReinjectionAnalyzer() {}

    /** Per-packet input columns, 0-based packet indexes; fill them, then call {@link #analyze}. */
    public static final class Input {
        public final int n;
        /** Connection id, -1 for packets outside MPTCP connections. */
        public final int[] conn;
        /** Connection role of the sender: 0 client, 1 server. */
        public final int[] role;
        /** Subflow id ({@code tcp.stream}), -1 for non-TCP packets. */
        public final int[] subflow;
        /** TCP payload length. */
        public final int[] len;
        /** Raw TCP sequence number. */
        public final int[] seq;
        public final boolean[] hasDsn;
        /** Raw 64-bit DSN of the first payload byte (when hasDsn). */
        public final long[] rawDsn;
        public final boolean[] hasDataAck;
        /** Raw 64-bit DATA_ACK (when hasDataAck). */
        public final long[] rawDataAck;
        public final long[] tsNanos;

        public Input(int n) {
            this.n = n;
            conn = new int[n];
            role = new int[n];
            subflow = new int[n];
            len = new int[n];
            seq = new int[n];
            hasDsn = new boolean[n];
            rawDsn = new long[n];
            hasDataAck = new boolean[n];
            rawDataAck = new long[n];
            tsNanos = new long[n];
            Arrays.fill(conn, -1);
            Arrays.fill(subflow, -1);
        }
    }

    /** Runs the analysis. */
    public static ReinjectionIndex analyze(Input in) { return new Run(in).run(); }

    /** Builds the input from the loaded columns and the data-level result, and runs the analysis. */
    static ReinjectionIndex analyze(PacketTable p, List<Subflow> subflows, DataLevel data) {
        int n = p.size();
        Input in = new Input(n);
        for (int i = 0; i < n; i++) {
            in.tsNanos[i] = p.tsNanos(i);
            int sid = p.subflow(i);
            if (sid < 0) continue;
            Subflow s = subflows.get(sid);
            in.subflow[i] = sid;
            in.conn[i] = s.conn;
            in.role[i] = ConnectionMapper.role(s, p.has(i, PacketTable.F_REVERSE) ? 1 : 0);
            in.len[i] = p.payloadLen(i);
            in.seq[i] = p.seq(i);
            if (data.hasDsn(i)) {
                in.hasDsn[i] = true;
                in.rawDsn[i] = data.rawDsn(i);
            }
            if (data.hasDataAck(i)) {
                in.hasDataAck[i] = true;
                in.rawDataAck[i] = data.rawDataAck(i);
            }
        }
        return analyze(in);
    }

    /** Counting sort of packet indexes by group (key -1 = left out), stable in frame order. */
    private record Buckets(int[] start, int[] order) {
        static Buckets of(int n, int groups, IntUnaryOperator key) {
            int[] start = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                int g = key.applyAsInt(i);
                if (g >= 0) start[g + 1]++;
            }
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            int[] fill = Arrays.copyOf(start, groups);
            int[] order = new int[start[groups]];
            for (int i = 0; i < n; i++) {
                int g = key.applyAsInt(i);
                if (g >= 0) order[fill[g]++] = i;
            }
            return new Buckets(start, order);
        }
    }

    /** Sorted distinct ends of the ranges [start[p], end[p]), and each range's run of them. */
    private static final class Elementary {
        final long[] bnd;
        final int m;
        final int[] a;
        final int[] b;

        Elementary(long[] start, long[] end, int k) {
            long[] all = new long[2 * k];
            if (ascending(start, k) && ascending(end, k)) {
                // the common case (data sent in order): merge the two sorted runs in O(k)
                merge(start, end, k, all);
            } else {
                System.arraycopy(start, 0, all, 0, k);
                System.arraycopy(end, 0, all, k, k);
                Arrays.sort(all);
            }
            int u = 0;
            for (int x = 0; x < all.length; x++) if (u == 0 || all[x] != all[u - 1]) all[u++] = all[x];
            bnd = all;
            m = u;
            a = new int[k];
            b = new int[k];
            // ranges mostly follow each other: search from the previous answer (galloping)
            int hint = 0;
            for (int p = 0; p < k; p++) {
                a[p] = find(all, u, start[p], hint);
                b[p] = find(all, u, end[p], a[p]);
                hint = b[p];
            }
        }

        private static boolean ascending(long[] v, int k) {
            for (int i = 1; i < k; i++) if (v[i] < v[i - 1]) return false;
            return true;
        }

        private static void merge(long[] x, long[] y, int k, long[] out) {
            int i = 0, j = 0, o = 0;
            while (i < k && j < k) out[o++] = x[i] <= y[j] ? x[i++] : y[j++];
            while (i < k) out[o++] = x[i++];
            while (j < k) out[o++] = y[j++];
        }

        /** Index of {@code v} (present) in sorted {@code bnd[0..u)}, searched outward from {@code hint}. */
        private static int find(long[] bnd, int u, long v, int hint) {
            if (bnd[hint] == v) return hint;
            int lo;
            int hi;
            int step = 1;
            if (bnd[hint] < v) {
                lo = hint;
                hi = hint + 1;
                while (hi < u && bnd[hi] < v) {
                    lo = hi;
                    hi = Math.min(u, hi + (step <<= 1));
                }
                hi = Math.min(hi + 1, u);
            } else {
                hi = hint;
                lo = hint - 1;
                while (lo > 0 && bnd[lo] > v) {
                    hi = lo;
                    lo = Math.max(0, lo - (step <<= 1));
                }
                lo = Math.max(lo, 0);
            }
            return Arrays.binarySearch(bnd, lo, hi, v);
        }
    }

    private static final class IntList {
        int[] a = new int[16];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int[] toArray() { return Arrays.copyOf(a, size); }
    }

    private static final class LongList {
        long[] a = new long[16];
        int size;

        void add(long v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }
    }

    /** Counters of one summary line. */
    private static final class Cost {
        long frames;
        long bytes;
    }

    private static final class Run {
        final Input in;
        final int n;
        // retransmitted offset intervals [lo, hi) per frame, contiguous per frame
        final IntList rtFrame = new IntList();
        final IntList rtLo = new IntList();
        final IntList rtHi = new IntList();
        long[] rtIndex; // sorted (frame << 32 | first record)
        // payload bytes per (subflow, role) and per (conn, role)
        final Map<Long, long[]> subData = new HashMap<>();
        final Map<Long, long[]> connData = new HashMap<>();
        // summary counters, key: kind, conn, role, from, to
        final TreeMap<List<Integer>, Cost> costs = new TreeMap<>(Run::compareKeys);
        // duplicates
        final IntList dFrame = new IntList();
        final IntList dSub = new IntList();
        final IntList dRole = new IntList();
        final IntList dOrig = new IntList();
        final IntList dOrigSub = new IntList();
        final IntList dBytes = new IntList();
        final IntList dRetrans = new IntList();
        final IntList dResent = new IntList();
        final LongList dDelay = new LongList();
        final List<Boolean> dAcked = new ArrayList<>();
        final LongList relation = new LongList();

        Run(Input in) {
            this.in = in;
            this.n = in.n;
        }

        static int compareKeys(List<Integer> x, List<Integer> y) {
            for (int i = 0; i < x.size(); i++) {
                int c = Integer.compare(x.get(i), y.get(i));
                if (c != 0) return c;
            }
            return 0;
        }

        ReinjectionIndex run() {
            int maxSub = -1;
            int maxConn = -1;
            for (int i = 0; i < n; i++) {
                if (in.conn[i] >= 0 && in.subflow[i] >= 0) {
                    maxSub = Math.max(maxSub, in.subflow[i]);
                    maxConn = Math.max(maxConn, in.conn[i]);
                }
            }
            if (maxConn < 0) return ReinjectionIndex.EMPTY;
            retransmissions(maxSub);
            duplicates(maxConn);
            return build();
        }

        private boolean payload(int i) { return in.conn[i] >= 0 && in.subflow[i] >= 0 && in.len[i] > 0; }

        /** TCP sequence space, per subflow direction: bytes already sent on that subflow. */
        private void retransmissions(int maxSub) {
            Buckets bk = Buckets.of(n, 2 * (maxSub + 1),
                    i -> payload(i) ? in.subflow[i] * 2 + (in.role[i] & 1) : -1);
            LongList index = new LongList();
            for (int g = 0; g < 2 * (maxSub + 1); g++) {
                int from = bk.start[g];
                int k = bk.start[g + 1] - from;
                if (k == 0) continue;
                int sub = g >> 1;
                int role = g & 1;
                int conn = in.conn[bk.order[from]];
                long[] start = new long[k];
                long[] end = new long[k];
                long rel = 0;
                long bytes = 0;
                for (int p = 0; p < k; p++) {
                    int f = bk.order[from + p];
                    if (p > 0) rel += in.seq[f] - in.seq[bk.order[from + p - 1]]; // signed 32-bit step
                    start[p] = rel;
                    end[p] = rel + in.len[f];
                    bytes += in.len[f];
                }
                subData.computeIfAbsent(key(sub, role), x -> new long[1])[0] += bytes;
                connData.computeIfAbsent(key(conn, role), x -> new long[1])[0] += bytes;
                Cost total = cost(RETRANSMISSION, conn, role, -1, -1);
                if (k == 1) continue;
                Elementary el = new Elementary(start, end, k);
                boolean[] covered = new boolean[el.m];
                Cost per = null;
                for (int p = 0; p < k; p++) {
                    int f = bk.order[from + p];
                    int first = rtFrame.size;
                    long got = 0;
                    for (int e = el.a[p]; e < el.b[p]; e++) {
                        if (covered[e]) {
                            int lo = (int) (el.bnd[e] - start[p]);
                            int hi = (int) (el.bnd[e + 1] - start[p]);
                            got += hi - lo;
                            if (rtFrame.size > first && rtHi.a[rtHi.size - 1] == lo) {
                                rtHi.a[rtHi.size - 1] = hi;
                            } else {
                                rtFrame.add(f);
                                rtLo.add(lo);
                                rtHi.add(hi);
                            }
                        }
                        covered[e] = true;
                    }
                    if (got > 0) {
                        index.add((long) f << 32 | first);
                        if (per == null) per = cost(RETRANSMISSION, conn, role, sub, sub);
                        per.frames++;
                        per.bytes += got;
                        total.frames++;
                        total.bytes += got;
                    }
                }
            }
            rtIndex = Arrays.copyOf(index.a, index.size);
            Arrays.sort(rtIndex);
        }

        /** Records [first, end) of frame f's retransmitted offset intervals, or null. */
        private int[] retransRecords(int f) {
            int lo = 0;
            int hi = rtIndex.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int mf = (int) (rtIndex[mid] >>> 32);
                if (mf < f) lo = mid + 1;
                else if (mf > f) hi = mid - 1;
                else {
                    int first = (int) rtIndex[mid];
                    int end = first;
                    while (end < rtFrame.size && rtFrame.a[end] == f) end++;
                    return new int[] {first, end};
                }
            }
            return null;
        }

        /** DSN space, per connection direction. */
        private void duplicates(int maxConn) {
            int groups = 2 * (maxConn + 1);
            Buckets bk = Buckets.of(n, groups,
                    i -> payload(i) && in.hasDsn[i] ? in.conn[i] * 2 + (in.role[i] & 1) : -1);
            Buckets acks = Buckets.of(n, groups,
                    i -> in.conn[i] >= 0 && in.hasDataAck[i] ? in.conn[i] * 2 + (in.role[i] & 1) : -1);
            int[] mark = new int[n];
            int[] scratchLo = new int[16];
            int[] scratchHi = new int[16];
            int[] pairSub = new int[8];
            long[] pairBytes = new long[8];
            for (int g = 0; g < groups; g++) {
                int from = bk.start[g];
                int k = bk.start[g + 1] - from;
                if (k == 0) continue;
                int conn = g >> 1;
                int role = g & 1;
                int[] fr = Arrays.copyOfRange(bk.order, from, from + k);
                long base = in.rawDsn[fr[0]];
                long[] start = new long[k];
                long[] end = new long[k];
                for (int p = 0; p < k; p++) {
                    start[p] = in.rawDsn[fr[p]] - base; // 64-bit wrap-safe differences
                    end[p] = start[p] + in.len[fr[p]];
                }
                Elementary el = new Elementary(start, end, k);
                // frames covering each elementary interval, in frame order (CSR)
                int[] off = new int[el.m + 1];
                for (int p = 0; p < k; p++) {
                    off[el.a[p] + 1]++;
                    off[el.b[p] + 1]--;
                }
                long total = 0;
                int depth = 0;
                for (int e = 0; e < el.m; e++) {
                    depth += off[e + 1];
                    off[e + 1] = (int) Math.min(Integer.MAX_VALUE, total += depth);
                }
                if (total > Integer.MAX_VALUE - 16) continue; // absurd overlap depth: give up on this group
                int[] fill = Arrays.copyOf(off, el.m);
                int[] list = new int[(int) total];
                Cost reinj = cost(REINJECTION, conn, role, -1, -1);
                cost(RESEND, conn, role, -1, -1);
                int ackPos = acks.start[g ^ 1];
                int ackEnd = acks.start[(g ^ 1) + 1];
                boolean ackSeen = false;
                long ackMax = 0;
                for (int p = 0; p < k; p++) {
                    int f = fr[p];
                    int s = in.subflow[f];
                    while (ackPos < ackEnd && acks.order[ackPos] < f) {
                        long v = in.rawDataAck[acks.order[ackPos++]] - base;
                        if (!ackSeen || v > ackMax) ackMax = v;
                        ackSeen = true;
                    }
                    long dup = 0;
                    long dupEnd = 0;
                    int orig = Integer.MAX_VALUE;
                    int pairs = 0;
                    int sameCount = 0;
                    for (int e = el.a[p]; e < el.b[p]; e++) {
                        int firstOther = -1;
                        boolean same = false;
                        for (int t = off[e]; t < fill[e]; t++) {
                            int q = list[t];
                            int j = fr[q];
                            if (in.subflow[j] != s) {
                                if (firstOther < 0) firstOther = q;
                                if (mark[j] != f + 1) {
                                    mark[j] = f + 1;
                                    relation.add((long) f << 32 | j);
                                }
                            } else {
                                same = true;
                            }
                        }
                        long len = el.bnd[e + 1] - el.bnd[e];
                        if (firstOther >= 0) {
                            dup += len;
                            dupEnd = el.bnd[e + 1];
                            orig = Math.min(orig, firstOther);
                            int os = in.subflow[fr[firstOther]];
                            int x = 0;
                            while (x < pairs && pairSub[x] != os) x++;
                            if (x == pairs) {
                                if (pairs == pairSub.length) {
                                    pairSub = Arrays.copyOf(pairSub, pairs * 2);
                                    pairBytes = Arrays.copyOf(pairBytes, pairs * 2);
                                }
                                pairSub[pairs] = os;
                                pairBytes[pairs++] = 0;
                            }
                            pairBytes[x] += len;
                        }
                        if (same) {
                            int lo = (int) (el.bnd[e] - start[p]);
                            int hi = (int) (el.bnd[e + 1] - start[p]);
                            if (sameCount > 0 && scratchHi[sameCount - 1] == lo) {
                                scratchHi[sameCount - 1] = hi;
                            } else {
                                if (sameCount == scratchLo.length) {
                                    scratchLo = Arrays.copyOf(scratchLo, sameCount * 2);
                                    scratchHi = Arrays.copyOf(scratchHi, sameCount * 2);
                                }
                                scratchLo[sameCount] = lo;
                                scratchHi[sameCount++] = hi;
                            }
                        }
                        list[fill[e]++] = p;
                    }
                    int[] rec = dup > 0 || sameCount > 0 ? retransRecords(f) : null;
                    long resent = sameCount == 0 ? 0
                            : minus(scratchLo, scratchHi, sameCount, rec);
                    if (resent > 0) {
                        Cost c = cost(RESEND, conn, role, s, s);
                        c.frames++;
                        c.bytes += resent;
                        Cost t = cost(RESEND, conn, role, -1, -1);
                        t.frames++;
                        t.bytes += resent;
                    }
                    if (dup == 0) continue;
                    reinj.frames++;
                    reinj.bytes += dup;
                    for (int x = 0; x < pairs; x++) {
                        Cost c = cost(REINJECTION, conn, role, pairSub[x], s);
                        c.frames++;
                        c.bytes += pairBytes[x];
                    }
                    int o = fr[orig];
                    dFrame.add(f + 1);
                    dSub.add(s);
                    dRole.add(role);
                    dOrig.add(o + 1);
                    dOrigSub.add(in.subflow[o]);
                    dBytes.add((int) dup);
                    dDelay.add(in.tsNanos[f] - in.tsNanos[o]);
                    dAcked.add(ackSeen && ackMax >= dupEnd);
                    int rt = 0;
                    if (rec != null) for (int r = rec[0]; r < rec[1]; r++) rt += rtHi.a[r] - rtLo.a[r];
                    dRetrans.add(rt);
                    dResent.add((int) resent);
                }
            }
        }

        /** Size of the union of [lo, hi) minus the retransmitted records (both sorted, disjoint). */
        private long minus(int[] lo, int[] hi, int count, int[] rec) {
            long sum = 0;
            for (int x = 0; x < count; x++) sum += hi[x] - lo[x];
            if (rec == null) return sum;
            int x = 0;
            int r = rec[0];
            while (x < count && r < rec[1]) {
                int a = Math.max(lo[x], rtLo.a[r]);
                int b = Math.min(hi[x], rtHi.a[r]);
                if (b > a) sum -= b - a;
                if (hi[x] < rtHi.a[r]) x++; else r++;
            }
            return sum;
        }

        private static long key(int a, int b) { return (long) a << 1 | b; }

        private Cost cost(String kind, int conn, int role, int from, int to) {
            int k = kind.equals(REINJECTION) ? 0 : kind.equals(RETRANSMISSION) ? 1 : 2;
            return costs.computeIfAbsent(List.of(conn, role, k, from, to), x -> new Cost());
        }

        private ReinjectionIndex build() {
            // duplicates in frame order
            int d = dFrame.size;
            long[] byFrame = new long[d];
            for (int x = 0; x < d; x++) byFrame[x] = (long) dFrame.a[x] << 32 | x;
            Arrays.sort(byFrame);
            int[] frame = new int[d];
            int[] sub = new int[d];
            int[] role = new int[d];
            int[] orig = new int[d];
            int[] origSub = new int[d];
            int[] bytes = new int[d];
            int[] retrans = new int[d];
            int[] resent = new int[d];
            long[] delay = new long[d];
            boolean[] acked = new boolean[d];
            for (int y = 0; y < d; y++) {
                int x = (int) byFrame[y];
                frame[y] = dFrame.a[x];
                sub[y] = dSub.a[x];
                role[y] = dRole.a[x];
                orig[y] = dOrig.a[x];
                origSub[y] = dOrigSub.a[x];
                bytes[y] = dBytes.a[x];
                retrans[y] = dRetrans.a[x];
                resent[y] = dResent.a[x];
                delay[y] = dDelay.a[x];
                acked[y] = dAcked.get(x);
            }
            long[] of = Arrays.copyOf(relation.a, relation.size);
            long[] inv = new long[of.length];
            for (int x = 0; x < of.length; x++) inv[x] = (of[x] << 32) | (of[x] >>> 32);
            Arrays.sort(of);
            Arrays.sort(inv);
            int[][] ofCsr = csr(of);
            int[][] inCsr = csr(inv);
            List<SummaryRow> rows = new ArrayList<>();
            String[] kinds = {REINJECTION, RETRANSMISSION, RESEND};
            for (Map.Entry<List<Integer>, Cost> en : costs.entrySet()) {
                List<Integer> k = en.getKey();
                int conn = k.get(0);
                int r = k.get(1);
                String kind = kinds[k.get(2)];
                int from = k.get(3);
                int to = k.get(4);
                long data = kind.equals(REINJECTION) || to < 0
                        ? connData.getOrDefault(key(conn, r), new long[1])[0]
                        : subData.getOrDefault(key(to, r), new long[1])[0];
                rows.add(new SummaryRow(conn, r, kind, from, to, en.getValue().frames,
                        en.getValue().bytes, data));
            }
            return new ReinjectionIndex(ofCsr[0], ofCsr[1], ofCsr[2], inCsr[0], inCsr[1],
                    inCsr[2], frame, sub, orig, origSub, bytes, role, delay, acked, retrans,
                    resent, rows);
        }

        /** Sorted (key << 32 | value) pairs to {keys, start, values + 1}. */
        private static int[][] csr(long[] pairs) {
            int distinct = 0;
            for (int x = 0; x < pairs.length; x++) {
                if (x == 0 || (pairs[x] >>> 32) != (pairs[x - 1] >>> 32)) distinct++;
            }
            int[] keys = new int[distinct];
            int[] start = new int[distinct + 1];
            int[] vals = new int[pairs.length];
            int k = -1;
            for (int x = 0; x < pairs.length; x++) {
                if (x == 0 || (pairs[x] >>> 32) != (pairs[x - 1] >>> 32)) {
                    keys[++k] = (int) (pairs[x] >>> 32);
                    start[k] = x;
                }
                vals[x] = (int) pairs[x] + 1;
            }
            start[distinct] = pairs.length;
            return new int[][] {keys, start, vals};
        }
    }
}
