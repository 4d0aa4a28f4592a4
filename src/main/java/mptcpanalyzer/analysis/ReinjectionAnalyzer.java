package mptcpanalyzer.analysis;

import static mptcpanalyzer.model.ReinjectionIndex.REINJECTION;
import static mptcpanalyzer.model.ReinjectionIndex.RESEND;
import static mptcpanalyzer.model.ReinjectionIndex.RETRANSMISSION;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>Method: per connection direction, the ranges are first grouped into clusters, the connected
 * components of the overlap relation (ranges sorted by start, unless already in order, and a
 * sweep: a cluster ends where no range is open). A range alone in its cluster shares no byte with
 * any other: in a bulk transfer that is nearly every frame, and it costs nothing more. Within a
 * cluster of two frames or more, the range ends are sorted into elementary intervals (each frame
 * covers a run of them); the cluster's frames are then visited in frame order, and each elementary
 * interval keeps the frames that covered it so far, in frame order:
 * <pre>
 *   DSN     0      1000    1500     2000
 *   A sf0   [=====================)          elementary intervals: [0,1000) [1000,1500) [1500,2000)
 *   B sf1          [===============)         B: [1000,1500) covered by A (other subflow) -> 500 dup
 *   C sf0          [======)                  C: [1000,1500) covered by A (same), B (other) -> 500 dup
 * </pre>
 * Cost: O(n log n) for the sorts plus, inside clusters, the sum over frames of the earlier frames
 * met per interval (bounded by how often a byte is sent). The same in TCP sequence space (per
 * subflow direction, 32-bit sequence numbers unwrapped) gives the retransmissions. Memory: the
 * per-packet facts are read in place from the model; the transient arrays are a few per payload
 * packet of the direction being analyzed. Primitive arrays only: no boxing, no per-frame objects.
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
    public static ReinjectionIndex analyze(Input in) {
        ArraySource source = new ArraySource(in);
        Run r = new Run(source);
        r.retransmissionPass();
        return r.finish(Acks.of(source), DsnGroups.of(source), source);
    }

    /**
     * The first pass, in TCP sequence space (retransmissions), from the payload packets the
     * loader listed per subflow direction as they came ({@code bySubflowDir[s * 2 + dir]},
     * ascending; directions as the packet table's F_REVERSE; the pass takes the lists over and
     * drops each once done with it): it reads only the loaded TCP columns, not the data level,
     * so it may run on another thread while the data level is finished (the columns it reads,
     * seq and payload length, are no longer written then). Give the result to {@link #finish}.
     */
    static Run retransmissions(PacketTable.Builder p, List<Subflow> subflows, IntChunks[] bySubflowDir) {
        int maxSub = -1;
        int maxConn = -1;
        for (Subflow s : subflows) {
            // every subflow has packets: the largest of a connection is the first pass's
            if (s.conn < 0) continue;
            maxSub = Math.max(maxSub, s.id);
            maxConn = Math.max(maxConn, s.conn);
        }
        Run r = new Run(new BuilderSeq(p, subflows));
        IntChunks[] groups = new IntChunks[2 * (maxSub + 1)];
        for (int g = 0; g < groups.length; g++) {
            int list = listOf(subflows, g, bySubflowDir.length);
            if (list >= 0) {
                groups[g] = bySubflowDir[list];
                bySubflowDir[list] = null;
            }
        }
        r.retransmissionPass(groups, maxSub, maxConn);
        return r;
    }

    /** The loader's list {@code s * 2 + dir} of group {@code s * 2 + role}, or -1 (none). */
    private static int listOf(List<Subflow> subflows, int g, int lists) {
        Subflow s = subflows.get(g >> 1);
        if (s.conn < 0) return -1;
        int role = g & 1;
        // ConnectionMapper.role(s, dir): dir 0 has the client's role; '& 1' as seqGroup's
        int dir = (ConnectionMapper.role(s, 0) & 1) == role ? 0 : 1;
        int list = s.id * 2 + dir;
        return list < lists ? list : -1;
    }

    /**
     * The packets carrying a DATA_ACK, grouped by connection direction, with their values: from
     * the loaded columns only, so this may run while the data level is finished on another
     * thread.
     */
    static Acks dataAcks(PacketTable.Builder p, List<Subflow> subflows) {
        return Acks.of(p, new SubflowRoles(subflows)).withBlockMaxima(p);
    }

    /**
     * The payload packets with a DSN, per connection direction, their DSN ranges and the clusters
     * of those, from the packets the data level gave a DSN ({@link DataLevelAnalyzer.Dsns},
     * whose arrays this takes over): this may run while {@link #retransmissions} runs on another
     * thread.
     */
    static DsnGroups dsnGroups(PacketTable.Builder p, List<Subflow> subflows, DataLevelAnalyzer.Dsns dsns) {
        return DsnGroups.of(new BuilderSeq(p, subflows), dsns);
    }

    /**
     * Per group {@code conn * 2 + role} ({@code groups} of them; a larger group has no packet):
     * its payload packets with a DSN (in frame order, {@code bk}), and, with two packets or more,
     * the first DSN ({@code base}), each range's start relative to it ({@code start}, 64-bit
     * wrap-safe differences) and length ({@code len}), both in the order of {@code bk}, and the
     * clusters of overlapping ranges (see {@link #clusters}; null without a cluster, and
     * {@code start} and {@code len} are null when no group has one).
     */
    record DsnGroups(Buckets bk, int groups, long[] base, long[] start, int[] len, int[][][] cl) {
        static DsnGroups of(SeqSource in) {
            int n = in.n();
            int maxConn = -1;
            int[] key = new int[n];
            for (int i = 0; i < n; i++) {
                int g = in.dsnGroup(i);
                key[i] = g;
                if (g >= 0) maxConn = Math.max(maxConn, g >> 1);
            }
            int groups = 2 * (maxConn + 1);
            Buckets b = Buckets.of(key, n, groups);
            int[] order = b.order();
            long[] start = new long[order.length];
            int[] len = new int[order.length];
            for (int x = 0; x < order.length; x++) {
                start[x] = in.memberDsn(order[x]);
                len[x] = in.memberLen(order[x]);
            }
            return clustered(b, groups, start, len);
        }

        /**
         * The groups from the packets that have them: {@code d.idx[0..d.count)} ascending, each
         * in group {@code d.key[k]} with DSN {@code d.dsn[k]} (the data level knows them as it
         * sets the DSNs; the same packets, groups and values as {@link SeqSource#dsnGroup} and
         * {@link SeqSource#memberDsn}, without decoding the DSN column again). The groups are
         * made in {@code d}'s arrays, which this takes over: {@code d.idx} and {@code d.dsn}
         * are reordered in place into group order ({@link #partition}; the packets' order and
         * the ranges' starts), {@code d.key} once counted holds the lengths: no array of a
         * packet each is allocated (12 bytes a data packet, at the heap's peak of a load).
         */
        static DsnGroups of(SeqSource in, DataLevelAnalyzer.Dsns d) {
            int count = d.count;
            int maxConn = -1;
            for (int k = 0; k < count; k++) maxConn = Math.max(maxConn, d.key[k] >> 1);
            int groups = 2 * (maxConn + 1);
            int[] key = d.key;
            long[] dsn = d.dsn;
            int[] idx = d.idx;
            d.key = null;
            d.dsn = null;
            d.idx = null;
            int[] start = partition(key, count, groups, idx, dsn);
            int[] len = key; // partitioned: free for the lengths
            for (int x = 0; x < count; x++) len[x] = in.memberLen(idx[x]);
            return clustered(new Buckets(start, idx), groups, dsn, len);
        }

        /**
         * Reorders {@code idx[0..n)} and {@code v[0..n)} by {@code key} (0..groups-1), stably,
         * in place; returns where each group starts (and n). The largest group moves within the
         * arrays, in two sequential passes (a value that moves left, in order, lands where only
         * values already moved or kept aside were; one that moves right, in reverse order, the
         * same), the others are kept aside meanwhile: their count in temporary arrays, not n
         * (heldout14: 0.15 of 1.15 million). Reads {@code key}, and leaves it as it was.
         */
        static int[] partition(int[] key, int n, int groups, int[] idx, long[] v) {
            int[] start = new int[groups + 1];
            if (n == 0) return start;
            for (int x = 0; x < n; x++) start[key[x] + 1]++;
            int big = 0;
            for (int g = 0; g < groups; g++) if (start[g + 1] > start[big + 1]) big = g;
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            int others = n - (start[big + 1] - start[big]);
            int[] asideSlot = new int[others];
            int[] asideIdx = new int[others];
            long[] asideV = new long[others];
            int[] fill = Arrays.copyOf(start, groups);
            int t = 0;
            for (int x = 0; x < n; x++) {
                int g = key[x];
                if (g == big) continue;
                asideSlot[t] = fill[g]++;
                asideIdx[t] = idx[x];
                asideV[t++] = v[x];
            }
            // the largest group's r-th value goes from its position x to start[big] + r
            int r = 0;
            for (int x = 0; x < n; x++) {
                if (key[x] != big) continue;
                int to = start[big] + r++;
                if (x > to) {
                    idx[to] = idx[x];
                    v[to] = v[x];
                }
            }
            for (int x = n - 1; x >= 0; x--) {
                if (key[x] != big) continue;
                int to = start[big] + --r;
                if (x < to) {
                    idx[to] = idx[x];
                    v[to] = v[x];
                }
            }
            for (int u = 0; u < others; u++) {
                idx[asideSlot[u]] = asideIdx[u];
                v[asideSlot[u]] = asideV[u];
            }
            return start;
        }

        /**
         * Makes each group's starts relative to its first DSN and finds its clusters; the arrays
         * are kept only when some group has one.
         */
        private static DsnGroups clustered(Buckets bk, int groups, long[] start, int[] len) {
            long[] base = new long[groups];
            int[][][] cl = new int[groups][][];
            boolean any = false;
            for (int g = 0; g < groups; g++) {
                int from = bk.start[g];
                int k = bk.start[g + 1] - from;
                if (k < 2) continue;
                long b = start[from];
                for (int p = 0; p < k; p++) start[from + p] -= b; // 64-bit wrap-safe differences
                int[][] c = clusters(start, len, from, k);
                if (c[1].length == 0) continue;
                base[g] = b;
                cl[g] = c;
                any = true;
            }
            return any ? new DsnGroups(bk, groups, base, start, len, cl)
                    : new DsnGroups(bk, groups, base, null, null, cl);
        }

        int count(int g) { return g < groups ? bk.start[g + 1] - bk.start[g] : 0; }
    }

    /**
     * The packets carrying a DATA_ACK by group {@code conn * 2 + role} (in frame order), for
     * {@code groups} groups: a larger group has none; {@code maxConn} the largest connection
     * of such a packet (-1 none); {@code first} and {@code blockMax} null, or (read on the
     * loader's second thread) each group's first DATA_ACK and the running maximum of its
     * DATA_ACKs relative to that one at the end of every {@link AckMax#BLOCK} of them (null
     * for a group whose values are too far apart for that, see {@link AckMax}).
     */
    record Acks(Buckets buckets, int groups, int maxConn, long[] first, long[][] blockMax) {
        static Acks of(SeqSource in) {
            int n = in.n();
            int[] key = new int[n];
            for (int i = 0; i < n; i++) key[i] = in.ackGroup(i);
            return of(key, n);
        }

        /**
         * {@link #of(SeqSource)} on the loaded columns, read directly: no call through
         * {@link SeqSource} (a virtual call in C1 code) per packet.
         */
        static Acks of(PacketTable.Builder p, SubflowRoles roles) {
            int maxConn = -1;
            for (int s = 0; s < roles.conn.length; s++) maxConn = Math.max(maxConn, roles.conn[s]);
            int groups = 2 * (maxConn + 1);
            Buckets b = Buckets.ofAcks(p, roles, groups);
            // groups without a packet at the end are left out, as of(key, n) does
            while (groups > 0 && b.start[groups] == b.start[groups - 2]) groups -= 2;
            return new Acks(b, groups, groups / 2 - 1, null, null);
        }

        /** The groups of packets {@code 0..n-1}, packet i in group {@code key[i]} (-1 none). */
        private static Acks of(int[] key, int n) {
            int maxConn = -1;
            for (int i = 0; i < n; i++) if (key[i] >= 0) maxConn = Math.max(maxConn, key[i] >> 1);
            int groups = 2 * (maxConn + 1);
            return new Acks(Buckets.of(key, n, groups), groups, maxConn, null, null);
        }

        /**
         * The same groups with their block maxima ({@link Acks}), read from the loaded columns:
         * on the second thread, while the first may still be busy. A value per block is kept,
         * not one per packet (11 MB of heldout14's load): the finish reads again only the few
         * values of a block that a duplicate asks about.
         */
        Acks withBlockMaxima(PacketTable.Builder p) {
            long[] first = new long[groups];
            long[][] blockMax = new long[groups][];
            long[] one = new long[1];
            for (int g = 0; g < groups; g++) {
                int from = buckets.start[g];
                int count = buckets.start[g + 1] - from;
                if (count == 0) continue;
                AckMax.Reader read = (x, y, out) -> p.rawDataAcks(buckets.order, from + x, from + y, out, 0);
                read.values(0, 1, one);
                first[g] = one[0];
                blockMax[g] = AckMax.blockMaxima(read, count, first[g]);
            }
            return new Acks(buckets, groups, maxConn, first, blockMax);
        }

        int start(int g) { return g < groups ? buckets.start[g] : 0; }

        int count(int g) { return g < groups ? buckets.start[g + 1] - buckets.start[g] : 0; }
    }

    /**
     * The second pass, in DSN space (duplicates, resends), on the frozen columns and the data
     * level, read in place (no copy of the per-packet columns: the transient memory is a few
     * arrays over the payload packets of each direction); {@code first}, {@code acks} and
     * {@code dsn} come from {@link #retransmissions}, {@link #dataAcks} and {@link #dsnGroups}
     * over the same packets.
     */
    static ReinjectionIndex finish(Run first, Acks acks, DsnGroups dsn, PacketTable p,
            List<Subflow> subflows, DataLevel data) {
        return first.finish(acks, dsn, new TableSource(p, subflows, data));
    }

    /** Both passes on the loaded columns and the data level, on this thread. */
    static ReinjectionIndex analyze(PacketTable p, List<Subflow> subflows, DataLevel data) {
        TableSource source = new TableSource(p, subflows, data);
        Run r = new Run(source);
        r.retransmissionPass();
        return r.finish(Acks.of(source), DsnGroups.of(source), source);
    }

    /** The per-packet facts of the TCP sequence space pass, by 0-based packet index. */
    private abstract static class SeqSource {
        abstract int n();

        abstract int conn(int i);

        abstract int role(int i);

        abstract int subflow(int i);

        abstract int len(int i);

        abstract int seq(int i);

        abstract boolean hasDataAck(int i);

        abstract boolean hasDsn(int i);

        abstract long rawDsn(int i);

        /** {@code conn * 2 + role} of a payload packet with a DSN in a connection, else -1. */
        int dsnGroup(int i) {
            boolean dsn = conn(i) >= 0 && subflow(i) >= 0 && len(i) > 0 && hasDsn(i);
            return dsn ? conn(i) * 2 + (role(i) & 1) : -1;
        }

        /** {@link #rawDsn} of a packet of a {@link #dsnGroup}. */
        long memberDsn(int i) { return rawDsn(i); }

        /** {@link #len} of a packet of a {@link #dsnGroup}. */
        int memberLen(int i) { return len(i); }

        /** {@code conn * 2 + role} of a packet of a connection carrying a DATA_ACK, else -1. */
        int ackGroup(int i) {
            return conn(i) >= 0 && hasDataAck(i) ? conn(i) * 2 + (role(i) & 1) : -1;
        }

        /** The subflow of a packet of a connection, else -1. */
        int connectedSubflow(int i) {
            return conn(i) >= 0 && subflow(i) >= 0 ? subflow(i) : -1;
        }

        /** {@code subflow * 2 + role} of a payload packet of a connection, else -1. */
        int seqGroup(int i) {
            boolean payload = conn(i) >= 0 && subflow(i) >= 0 && len(i) > 0;
            return payload ? subflow(i) * 2 + (role(i) & 1) : -1;
        }
    }

    /** Per subflow: its connection and the role of its client, flattened for the hot loops. */
    private static final class SubflowRoles {
        private final int[] conn;
        private final int[] clientRole;

        SubflowRoles(List<Subflow> subflows) {
            conn = new int[subflows.size()];
            clientRole = new int[subflows.size()];
            for (int s = 0; s < subflows.size(); s++) {
                conn[s] = subflows.get(s).conn;
                clientRole[s] = ConnectionMapper.role(subflows.get(s), 0);
            }
        }

        /** Connection of subflow {@code s}, -1 for none (s < 0: not TCP). */
        int conn(int s) { return s < 0 ? -1 : conn[s]; }

        /** Role of the sender of a packet of subflow {@code s}; 0 for non-TCP packets. */
        int role(int s, boolean reverse) {
            if (s < 0) return 0;
            return reverse ? 1 - clientRole[s] : clientRole[s];
        }
    }

    /** The loader's columns (as {@link TableSource} reads the frozen ones). */
    private static final class BuilderSeq extends SeqSource {
        private final PacketTable.Builder p;
        private final SubflowRoles roles;

        BuilderSeq(PacketTable.Builder p, List<Subflow> subflows) {
            this.p = p;
            roles = new SubflowRoles(subflows);
        }

        @Override int n() { return p.size(); }

        @Override int conn(int i) { return roles.conn(p.subflow(i)); }

        @Override int role(int i) {
            return roles.role(p.subflow(i), (p.flags(i) & PacketTable.F_REVERSE) != 0);
        }

        @Override int subflow(int i) { return p.subflow(i); }

        @Override int len(int i) { return p.subflow(i) < 0 ? 0 : p.payloadLen(i); }

        @Override int seq(int i) { return p.subflow(i) < 0 ? 0 : p.seq(i); }

        @Override boolean hasDataAck(int i) {
            return p.subflow(i) >= 0 && (p.flags(i) & PacketTable.F_HAS_DACK) != 0;
        }

        @Override boolean hasDsn(int i) {
            return p.subflow(i) >= 0 && (p.flags(i) & PacketTable.F_HAS_DSN) != 0;
        }

        @Override long rawDsn(int i) { return hasDsn(i) ? p.rawDsn(i) : 0; }

        // the same as the default, reading the column once

        @Override int memberLen(int i) { return p.payloadLen(i); }
    }

    /** The per-packet facts the analysis reads, by 0-based packet index: the sequence pass's and more. */
    private abstract static class Source extends SeqSource {
        abstract long tsNanos(int i);

        abstract long rawDataAck(int i);

        /** {@link #rawDataAck} of packets {@code idx[from..to)} (ascending) into {@code out[0..)}. */
        void rawDataAcks(int[] idx, int from, int to, long[] out) {
            for (int x = from; x < to; x++) out[x - from] = rawDataAck(idx[x]);
        }
    }

    private static final class ArraySource extends Source {
        private final Input in;

        ArraySource(Input in) { this.in = in; }

        @Override int n() { return in.n; }

        @Override int conn(int i) { return in.conn[i]; }

        @Override int role(int i) { return in.role[i]; }

        @Override int subflow(int i) { return in.subflow[i]; }

        @Override int len(int i) { return in.len[i]; }

        @Override int seq(int i) { return in.seq[i]; }

        @Override boolean hasDsn(int i) { return in.hasDsn[i]; }

        @Override long rawDsn(int i) { return in.rawDsn[i]; }

        @Override boolean hasDataAck(int i) { return in.hasDataAck[i]; }

        @Override long rawDataAck(int i) { return in.rawDataAck[i]; }

        @Override long tsNanos(int i) { return in.tsNanos[i]; }
    }

    /** The loaded model: a packet outside any subflow has conn and subflow -1, nothing else. */
    private static final class TableSource extends Source {
        private final PacketTable p;
        private final DataLevel data;
        private final SubflowRoles roles;

        TableSource(PacketTable p, List<Subflow> subflows, DataLevel data) {
            this.p = p;
            this.data = data;
            roles = new SubflowRoles(subflows);
        }

        @Override int n() { return p.size(); }

        @Override int conn(int i) { return roles.conn(p.subflow(i)); }

        @Override int role(int i) { return roles.role(p.subflow(i), p.has(i, PacketTable.F_REVERSE)); }

        @Override int subflow(int i) { return p.subflow(i); }

        @Override int len(int i) { return p.subflow(i) < 0 ? 0 : p.payloadLen(i); }

        @Override int seq(int i) { return p.subflow(i) < 0 ? 0 : p.seq(i); }

        @Override boolean hasDsn(int i) { return p.subflow(i) >= 0 && data.hasDsn(i); }

        @Override long rawDsn(int i) { return hasDsn(i) ? data.rawDsn(i) : 0; }

        @Override boolean hasDataAck(int i) { return p.subflow(i) >= 0 && data.hasDataAck(i); }

        @Override long rawDataAck(int i) { return hasDataAck(i) ? data.rawDataAck(i) : 0; }

        @Override long tsNanos(int i) { return p.tsNanos(i); }
    }

    /**
     * The running maximum of one group's DATA_ACKs (in frame order) relative to a DSN group's
     * base, signed 64-bit differences as the DSN ranges': {@link #upTo}(q) is the largest of
     * {@code raw[0..q] - base}. From {@link Acks#withBlockMaxima}'s block maxima when it has
     * them for the group (the maximum of a block's start, then the few values of the block up
     * to q read again), else from every value, read now. The block maxima are relative to the
     * group's first DATA_ACK r; {@code (raw - r) + (r - base)} is {@code raw - base} without
     * overflow, and preserves the order of the values, when both terms are {@link #near} zero
     * (within 2^62: DSN spaces of real connections are far smaller): else every value is read.
     */
    static final class AckMax {
        static final int BLOCK = 64;
        private static final long NEAR = 1L << 62;

        /** Reads a group's DATA_ACKs {@code from..to} (in frame order) into {@code out[0..)}. */
        interface Reader {
            void values(int from, int to, long[] out);
        }

        private final Reader read;
        private final long[] blockMax; // null: every value read into full
        private final long r;
        private final long shift;
        private final long[] full;
        private final long[] buf;

        /**
         * The running maximum of the group's {@code count} DATA_ACKs minus {@code base};
         * {@code blockMax} from {@link #blockMaxima} with its {@code first}, or null.
         */
        AckMax(Reader read, int count, long[] blockMax, long first, long base) {
            this.read = read;
            if (blockMax != null && near(first - base)) {
                this.blockMax = blockMax;
                r = first;
                shift = first - base;
                full = null;
                buf = new long[BLOCK];
            } else {
                this.blockMax = null;
                r = 0;
                shift = 0;
                full = new long[count];
                buf = null;
                read.values(0, count, full);
                for (int x = 0; x < count; x++) {
                    long v = full[x] - base;
                    full[x] = x == 0 ? v : Math.max(full[x - 1], v);
                }
            }
        }

        /** The group {@code g} of {@code acks}, read through {@code in}. */
        static AckMax of(Acks acks, int g, long base, Source in) {
            int from = acks.start(g);
            int[] order = acks.buckets().order;
            long[][] bm = acks.blockMax();
            boolean blocks = bm != null && g < bm.length && bm[g] != null;
            return new AckMax((x, y, out) -> in.rawDataAcks(order, from + x, from + y, out), acks.count(g),
                    blocks ? bm[g] : null, blocks ? acks.first()[g] : 0, base);
        }

        /**
         * The running maximum of the {@code count} values minus {@code first} at the end of
         * every block (the last one may be shorter); null when some value is not {@link #near}
         * {@code first}.
         */
        static long[] blockMaxima(Reader read, int count, long first) {
            long[] m = new long[(count + BLOCK - 1) / BLOCK];
            long[] buf = new long[BLOCK];
            long run = Long.MIN_VALUE;
            for (int b = 0; b < count; b += BLOCK) {
                int k = Math.min(BLOCK, count - b);
                read.values(b, b + k, buf);
                for (int x = 0; x < k; x++) {
                    long d = buf[x] - first;
                    if (!near(d)) return null;
                    run = Math.max(run, d);
                }
                m[b / BLOCK] = run;
            }
            return m;
        }

        static boolean near(long d) { return d >= -NEAR && d < NEAR; }

        /** The largest of the group's DATA_ACKs {@code 0..q} minus the base. */
        long upTo(int q) {
            if (full != null) return full[q];
            int b = q / BLOCK;
            long m = b > 0 ? blockMax[b - 1] : Long.MIN_VALUE;
            int k = q - b * BLOCK + 1;
            read.values(b * BLOCK, b * BLOCK + k, buf);
            for (int x = 0; x < k; x++) m = Math.max(m, buf[x] - r);
            return m + shift;
        }
    }

    /** Counting sort of packet indexes by group (key -1 = left out), stable in frame order. */
    record Buckets(int[] start, int[] order) {
        /**
         * The packets of the loaded columns by {@link SeqSource#ackGroup}, for {@code groups}
         * groups (enough for every packet's): the group is found twice per packet, to count
         * then to place, instead of kept in an array of a key per packet (6 MB of heldout14's
         * load), and read from the columns directly: no call through {@link SeqSource} (a
         * virtual call in C1 code) per packet.
         */
        static Buckets ofAcks(PacketTable.Builder p, SubflowRoles roles, int groups) {
            int n = p.size();
            int[] start = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                int g = ackGroup(p, roles, i);
                if (g >= 0) start[g + 1]++;
            }
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            int[] fill = Arrays.copyOf(start, groups);
            int[] order = new int[start[groups]];
            for (int i = 0; i < n; i++) {
                int g = ackGroup(p, roles, i);
                if (g >= 0) order[fill[g]++] = i;
            }
            return new Buckets(start, order);
        }

        /** {@link SeqSource#ackGroup} of packet {@code i} of the loaded columns. */
        private static int ackGroup(PacketTable.Builder p, SubflowRoles roles, int i) {
            int f = p.flags(i);
            if ((f & PacketTable.F_HAS_DACK) == 0) return -1;
            int s = p.subflow(i);
            int c = roles.conn(s);
            if (c < 0) return -1;
            return c * 2 + (roles.role(s, (f & PacketTable.F_REVERSE) != 0) & 1);
        }

        static Buckets of(int[] key, int n, int groups) {
            int[] start = new int[groups + 1];
            for (int i = 0; i < n; i++) {
                int g = key[i];
                if (g >= 0) start[g + 1]++;
            }
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            int[] fill = Arrays.copyOf(start, groups);
            int[] order = new int[start[groups]];
            for (int i = 0; i < n; i++) {
                int g = key[i];
                if (g >= 0) order[fill[g]++] = i;
            }
            return new Buckets(start, order);
        }
    }

    private static boolean ascending(long[] v, int from, int k) {
        for (int i = from + 1; i < from + k; i++) if (v[i] < v[i - 1]) return false;
        return true;
    }

    /**
     * The clusters of the ranges {@code [start[from + p], start[from + p] + len[from + p])}
     * (p = 0..k-1, non-empty, in frame order) that overlap another range: the connected
     * components of the overlap relation with two members or more, as CSR
     * {@code {first (clusters + 1), members}}; members are ranges p, in frame order. A range
     * alone in its component shares no byte with any other and needs no further look; ranges
     * of different components share none either.
     */
    static int[][] clusters(long[] start, int[] len, int from, int k) {
        int[] id = new int[k];
        int count = 0;
        // a sweep over the ranges in start order: a range starting at or after the end of every
        // range before it (in that order) starts a component. Data in order (the common case)
        // needs no reordering; interleaved subflows or retransmissions leave a few ascending
        // sequences, merged rather than sorted (Runs.order, into id or another array: the
        // one it leaves is the ids')
        int[] order = null;
        if (!ascending(start, from, k)) {
            int[] other = new int[k];
            order = Runs.order(start, from, k, id, other);
            if (order == id) id = other;
        }
        long maxEnd = Long.MIN_VALUE;
        int runStart = 0;
        for (int j = 0; j <= k; j++) {
            int p = j == k ? -1 : order == null ? j : order[j];
            if (j == k || start[from + p] >= maxEnd) {
                int size = j - runStart;
                int number = size > 1 ? count++ : -1;
                for (int q = runStart; q < j; q++) id[order == null ? q : order[q]] = number;
                runStart = j;
                if (j == k) break;
            }
            maxEnd = Math.max(maxEnd, start[from + p] + len[from + p]);
        }
        int[] first = new int[count + 1];
        for (int p = 0; p < k; p++) if (id[p] >= 0) first[id[p] + 1]++;
        for (int c = 0; c < count; c++) first[c + 1] += first[c];
        int[] fill = Arrays.copyOf(first, count);
        int[] members = new int[first[count]];
        for (int p = 0; p < k; p++) if (id[p] >= 0) members[fill[id[p]]++] = p;
        return new int[][] {first, members};
    }

    /** Sorted distinct ends of the ranges [start[p], end[p]), and each range's run of them. */
    private static final class Elementary {
        final long[] bnd;
        final int m;
        final int[] a;
        final int[] b;

        Elementary(long[] start, long[] end, int k) {
            long[] all = new long[2 * k];
            System.arraycopy(start, 0, all, 0, k);
            System.arraycopy(end, 0, all, k, k);
            Arrays.sort(all);
            int u = 0;
            for (int x = 0; x < all.length; x++) if (u == 0 || all[x] != all[u - 1]) all[u++] = all[x];
            bnd = all;
            m = u;
            a = new int[k];
            b = new int[k];
            for (int p = 0; p < k; p++) {
                a[p] = Arrays.binarySearch(all, 0, u, start[p]);
                b[p] = Arrays.binarySearch(all, 0, u, end[p]);
            }
        }
    }

    private static final class IntList {
        int[] a = new int[16];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }
    }

    private static final class LongList {
        long[] a = new long[16];
        int size;

        void add(long v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }
    }

    /**
     * Summary counters keyed by (conn, role, kind, from, to), kind 0 reinjection, 1
     * retransmission, 2 resend: an open-addressing table over parallel primitive arrays.
     */
    private static final class Costs {
        int size;
        int[] keys = new int[5 * 16];
        long[] frames = new long[16];
        long[] bytes = new long[16];
        int[] table = new int[64]; // entry + 1, 0 = free

        /** The entry of that key, created (zero) when new. */
        int get(int conn, int role, int kind, int from, int to) {
            int h = (((conn * 31 + role) * 31 + kind) * 31 + from) * 31 + to;
            h ^= h >>> 16;
            int mask = table.length - 1;
            for (int s = h & mask;; s = (s + 1) & mask) {
                int e = table[s] - 1;
                if (e < 0) break;
                int o = 5 * e;
                if (keys[o] == conn && keys[o + 1] == role && keys[o + 2] == kind
                        && keys[o + 3] == from && keys[o + 4] == to) return e;
            }
            if (size == frames.length) {
                frames = Arrays.copyOf(frames, size * 2);
                bytes = Arrays.copyOf(bytes, size * 2);
                keys = Arrays.copyOf(keys, 5 * size * 2);
            }
            int e = size++;
            int o = 5 * e;
            keys[o] = conn;
            keys[o + 1] = role;
            keys[o + 2] = kind;
            keys[o + 3] = from;
            keys[o + 4] = to;
            if (2 * size > table.length) rehash();
            else insert(e, h);
            return e;
        }

        void add(int e, long f, long b) {
            frames[e] += f;
            bytes[e] += b;
        }

        private int hash(int e) {
            int o = 5 * e;
            int h = (((keys[o] * 31 + keys[o + 1]) * 31 + keys[o + 2]) * 31 + keys[o + 3]) * 31 + keys[o + 4];
            return h ^ h >>> 16;
        }

        private void insert(int e, int h) {
            int mask = table.length - 1;
            int s = h & mask;
            while (table[s] != 0) s = (s + 1) & mask;
            table[s] = e + 1;
        }

        private void rehash() {
            table = new int[table.length * 2];
            for (int e = 0; e < size; e++) insert(e, hash(e));
        }

        int compare(int x, int y) {
            for (int c = 0; c < 5; c++) {
                int d = Integer.compare(keys[5 * x + c], keys[5 * y + c]);
                if (d != 0) return d;
            }
            return 0;
        }
    }

    private static final String[] KINDS = {REINJECTION, RETRANSMISSION, RESEND};
    private static final int K_REINJECTION = 0;
    private static final int K_RETRANSMISSION = 1;
    private static final int K_RESEND = 2;

    /** The state of one analysis between its passes. */
    static final class Run {
        SeqSource seqIn; // the first pass's
        Source in; // the second pass's
        final int n;
        int maxConn = -1;
        // retransmitted offset intervals [lo, hi) per frame, contiguous per frame
        final IntList rtFrame = new IntList();
        final IntList rtLo = new IntList();
        final IntList rtHi = new IntList();
        long[] rtIndex; // sorted (frame << 32 | first record)
        // payload bytes per (subflow, role) and per (conn, role): index id * 2 + role
        long[] subData;
        long[] connData;
        final Costs costs = new Costs();
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
        final IntList dAcked = new IntList();
        final LongList relation = new LongList();

        Run(SeqSource seqIn) {
            this.seqIn = seqIn;
            this.n = seqIn.n();
        }

        /** The TCP sequence space pass, on {@link #seqIn}. */
        void retransmissionPass() {
            int maxSub = -1;
            for (int i = 0; i < n; i++) {
                int s = seqIn.connectedSubflow(i);
                if (s >= 0) {
                    maxSub = Math.max(maxSub, s);
                    maxConn = Math.max(maxConn, seqIn.conn(i));
                }
            }
            if (maxConn < 0) return;
            IntChunks[] groups = new IntChunks[2 * (maxSub + 1)];
            for (int i = 0; i < n; i++) {
                int g = seqIn.seqGroup(i);
                if (g < 0) continue;
                if (groups[g] == null) groups[g] = new IntChunks();
                groups[g].add(i);
            }
            retransmissionPass(groups, maxSub, maxConn);
        }

        /**
         * The TCP sequence space pass on the payload packets of the connections grouped by
         * {@code subflow * 2 + role} ({@link SeqSource#seqGroup}; null for a group without
         * one; each dropped once done with), {@code maxSub} and {@code maxConn} the largest
         * subflow and connection among them.
         */
        void retransmissionPass(IntChunks[] bk, int maxSub, int maxConn) {
            this.maxConn = maxConn;
            if (maxConn < 0) return;
            subData = new long[2 * (maxSub + 1)];
            connData = new long[2 * (maxConn + 1)];
            retransmissions(maxSub, bk);
            seqIn = null;
        }

        /** The DSN space pass, on {@code source} (the same packets), and the result. */
        ReinjectionIndex finish(Acks acks, DsnGroups dsn, Source source) {
            if (maxConn < 0) return ReinjectionIndex.EMPTY;
            in = source;
            // acks may come from a connection no payload packet names
            maxConn = Math.max(maxConn, acks.maxConn());
            connData = Arrays.copyOf(connData, 2 * (maxConn + 1));
            duplicates(maxConn, acks, dsn);
            return build();
        }

        /** TCP sequence space, per subflow direction: bytes already sent on that subflow. */
        private void retransmissions(int maxSub, IntChunks[] bk) {
            int groups = 2 * (maxSub + 1);
            LongList index = new LongList();
            // the ranges of one group at a time, in arrays for the largest group: used for the
            // first k entries only (one pair for all groups: 7 MB less fresh memory on heldout14)
            int most = 0;
            for (int g = 0; g < groups; g++) if (bk[g] != null) most = Math.max(most, bk[g].size());
            long[] start = new long[most];
            int[] lens = new int[most];
            for (int g = 0; g < groups; g++) {
                IntChunks order = bk[g];
                bk[g] = null; // dropped once this group is done
                int k = order == null ? 0 : order.size();
                if (k == 0) continue;
                int sub = g >> 1;
                int role = g & 1;
                int conn = seqIn.conn(order.get(0));
                long rel = 0;
                long bytes = 0;
                int prevSeq = 0;
                for (int p = 0; p < k; p++) {
                    int f = order.get(p);
                    int seq = seqIn.seq(f);
                    if (p > 0) rel += seq - prevSeq; // signed 32-bit step
                    prevSeq = seq;
                    int len = seqIn.len(f);
                    start[p] = rel;
                    lens[p] = len;
                    bytes += len;
                }
                subData[g] += bytes;
                connData[2 * conn + role] += bytes;
                int total = costs.get(conn, role, K_RETRANSMISSION, -1, -1);
                if (k == 1) continue;
                int[][] cl = clusters(start, lens, 0, k);
                int per = -1;
                for (int c = 0; c + 1 < cl[0].length; c++) {
                    int c0 = cl[0][c];
                    int ck = cl[0][c + 1] - c0;
                    long[] cs = new long[ck];
                    long[] ce = new long[ck];
                    for (int q = 0; q < ck; q++) {
                        cs[q] = start[cl[1][c0 + q]];
                        ce[q] = cs[q] + lens[cl[1][c0 + q]];
                    }
                    Elementary el = new Elementary(cs, ce, ck);
                    boolean[] covered = new boolean[el.m];
                    for (int q = 0; q < ck; q++) {
                        int f = order.get(cl[1][c0 + q]);
                        int first = rtFrame.size;
                        long got = 0;
                        for (int e = el.a[q]; e < el.b[q]; e++) {
                            if (covered[e]) {
                                int lo = (int) (el.bnd[e] - cs[q]);
                                int hi = (int) (el.bnd[e + 1] - cs[q]);
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
                            if (per < 0) per = costs.get(conn, role, K_RETRANSMISSION, sub, sub);
                            costs.add(per, 1, got);
                            costs.add(total, 1, got);
                        }
                    }
                }
            }
            rtIndex = Arrays.copyOf(index.a, index.size);
            Arrays.sort(rtIndex);
        }

        /** Records of frame f's retransmitted offset intervals: (first << 32 | end), or -1. */
        private long retransRecords(int f) {
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
                    return (long) first << 32 | end;
                }
            }
            return -1;
        }

        /** DSN space, per connection direction. */
        private void duplicates(int maxConn, Acks acks, DsnGroups dsn) {
            int groups = 2 * (maxConn + 1);
            Buckets bk = dsn.bk();
            int[] mark = new int[16];
            int stamp = 0;
            int[] scratchLo = new int[16];
            int[] scratchHi = new int[16];
            int[] pairSub = new int[8];
            long[] pairBytes = new long[8];
            for (int g = 0; g < groups; g++) {
                int k = dsn.count(g);
                if (k == 0) continue;
                int from = bk.start[g];
                int conn = g >> 1;
                int role = g & 1;
                int[] fr = bk.order;
                int reinj = costs.get(conn, role, K_REINJECTION, -1, -1);
                int resendTotal = costs.get(conn, role, K_RESEND, -1, -1);
                int[][] cl = dsn.cl()[g];
                if (cl == null) continue;
                long base = dsn.base()[g];
                long[] start = dsn.start();
                int[] lens = dsn.len();
                // DATA_ACKs of the other role, in frame order, and their running maximum (only
                // for a direction with clusters)
                int ackFrom = acks.start(g ^ 1);
                int ackCount = acks.count(g ^ 1);
                AckMax ackMax = ackCount == 0 ? null : AckMax.of(acks, g ^ 1, base, in);
                for (int c = 0; c + 1 < cl[0].length; c++) {
                    int c0 = cl[0][c];
                    int ck = cl[0][c + 1] - c0;
                    long[] cs = new long[ck];
                    long[] ce = new long[ck];
                    for (int q = 0; q < ck; q++) {
                        cs[q] = start[from + cl[1][c0 + q]];
                        ce[q] = cs[q] + lens[from + cl[1][c0 + q]];
                    }
                    Elementary el = new Elementary(cs, ce, ck);
                    // frames covering each elementary interval, in frame order (CSR)
                    int[] off = new int[el.m + 1];
                    for (int q = 0; q < ck; q++) {
                        off[el.a[q] + 1]++;
                        off[el.b[q] + 1]--;
                    }
                    long total = 0;
                    int depth = 0;
                    for (int e = 0; e < el.m; e++) {
                        depth += off[e + 1];
                        off[e + 1] = (int) Math.min(Integer.MAX_VALUE, total += depth);
                    }
                    if (total > Integer.MAX_VALUE - 16) continue; // absurd overlap depth: give up on it
                    int[] fill = Arrays.copyOf(off, el.m);
                    int[] list = new int[(int) total];
                    if (mark.length < ck) mark = new int[Math.max(ck, 2 * mark.length)];
                    for (int q = 0; q < ck; q++) {
                        int f = fr[from + cl[1][c0 + q]];
                        int s = in.subflow(f);
                        stamp++;
                        long dup = 0;
                        long dupEnd = 0;
                        int orig = Integer.MAX_VALUE;
                        int pairs = 0;
                        int sameCount = 0;
                        for (int e = el.a[q]; e < el.b[q]; e++) {
                            int firstOther = -1;
                            boolean same = false;
                            for (int t = off[e]; t < fill[e]; t++) {
                                int w = list[t];
                                int j = fr[from + cl[1][c0 + w]];
                                if (in.subflow(j) != s) {
                                    if (firstOther < 0) firstOther = w;
                                    if (mark[w] != stamp) {
                                        mark[w] = stamp;
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
                                int os = in.subflow(fr[from + cl[1][c0 + firstOther]]);
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
                                int lo = (int) (el.bnd[e] - cs[q]);
                                int hi = (int) (el.bnd[e + 1] - cs[q]);
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
                            list[fill[e]++] = q;
                        }
                        long rec = dup > 0 || sameCount > 0 ? retransRecords(f) : -1;
                        long resent = sameCount == 0 ? 0 : minus(scratchLo, scratchHi, sameCount, rec);
                        if (resent > 0) {
                            costs.add(costs.get(conn, role, K_RESEND, s, s), 1, resent);
                            costs.add(resendTotal, 1, resent);
                        }
                        if (dup == 0) continue;
                        costs.add(reinj, 1, dup);
                        for (int x = 0; x < pairs; x++) {
                            costs.add(costs.get(conn, role, K_REINJECTION, pairSub[x], s), 1, pairBytes[x]);
                        }
                        int o = fr[from + cl[1][c0 + orig]];
                        // DATA_ACKs sent before f: how many, then the largest of them
                        int lo = 0;
                        int hi = ackCount;
                        while (lo < hi) {
                            int mid = (lo + hi) >>> 1;
                            if (acks.buckets().order[ackFrom + mid] < f) lo = mid + 1; else hi = mid;
                        }
                        dFrame.add(f + 1);
                        dSub.add(s);
                        dRole.add(role);
                        dOrig.add(o + 1);
                        dOrigSub.add(in.subflow(o));
                        dBytes.add((int) dup);
                        dDelay.add(in.tsNanos(f) - in.tsNanos(o));
                        dAcked.add(lo > 0 && ackMax.upTo(lo - 1) >= dupEnd ? 1 : 0);
                        int rt = 0;
                        if (rec >= 0) {
                            for (int r = (int) (rec >>> 32); r < (int) rec; r++) rt += rtHi.a[r] - rtLo.a[r];
                        }
                        dRetrans.add(rt);
                        dResent.add((int) resent);
                    }
                }
            }
        }

        /** Size of the union of [lo, hi) minus the retransmitted records (both sorted, disjoint). */
        private long minus(int[] lo, int[] hi, int count, long rec) {
            long sum = 0;
            for (int x = 0; x < count; x++) sum += hi[x] - lo[x];
            if (rec < 0) return sum;
            int x = 0;
            int r = (int) (rec >>> 32);
            int rEnd = (int) rec;
            while (x < count && r < rEnd) {
                int a = Math.max(lo[x], rtLo.a[r]);
                int b = Math.min(hi[x], rtHi.a[r]);
                if (b > a) sum -= b - a;
                if (hi[x] < rtHi.a[r]) x++; else r++;
            }
            return sum;
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
                acked[y] = dAcked.a[x] != 0;
            }
            long[] of = Arrays.copyOf(relation.a, relation.size);
            long[] inv = new long[of.length];
            for (int x = 0; x < of.length; x++) inv[x] = (of[x] << 32) | (of[x] >>> 32);
            Arrays.sort(of);
            Arrays.sort(inv);
            int[][] ofCsr = csr(of);
            int[][] inCsr = csr(inv);
            // summary lines ordered by (conn, role, kind, from, to)
            int[] order = sortedCosts();
            List<SummaryRow> rows = new ArrayList<>(order.length);
            for (int e : order) {
                int o = 5 * e;
                int conn = costs.keys[o];
                int r = costs.keys[o + 1];
                int kind = costs.keys[o + 2];
                int from = costs.keys[o + 3];
                int to = costs.keys[o + 4];
                long data = kind == K_REINJECTION || to < 0 ? connData[2 * conn + r] : subData[2 * to + r];
                rows.add(new SummaryRow(conn, r, KINDS[kind], from, to, costs.frames[e], costs.bytes[e], data));
            }
            return new ReinjectionIndex(ofCsr[0], ofCsr[1], ofCsr[2], inCsr[0], inCsr[1],
                    inCsr[2], frame, sub, orig, origSub, bytes, role, delay, acked, retrans,
                    resent, rows);
        }

        /** Entry numbers of the cost table in key order (merge sort: few entries, no boxing). */
        private int[] sortedCosts() {
            int[] a = new int[costs.size];
            for (int x = 0; x < a.length; x++) a[x] = x;
            int[] tmp = new int[a.length];
            for (int w = 1; w < a.length; w *= 2) {
                for (int lo = 0; lo < a.length; lo += 2 * w) {
                    int mid = Math.min(lo + w, a.length);
                    int hi = Math.min(lo + 2 * w, a.length);
                    int i = lo;
                    int j = mid;
                    int o = lo;
                    while (i < mid && j < hi) tmp[o++] = costs.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
                    while (i < mid) tmp[o++] = a[i++];
                    while (j < hi) tmp[o++] = a[j++];
                }
                int[] t = a;
                a = tmp;
                tmp = t;
            }
            return a;
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
