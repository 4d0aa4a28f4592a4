package mptcpanalyzer.query;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;

/**
 * Data-level questions: which DSS mappings cover a frame, which frames a mapping covers, and
 * the per-packet DSN columns that packet listings show.
 */
public final class DataQueries {
    private DataQueries() {}

    /** Column names of {@link #dssCover}. */
    public static final String[] DSS_COVER_COLUMNS = {
        "frame", "mapping_frame", "frames", "conn", "subflow", "raw_dsn", "dsn", "dsn_base",
        "ssn", "length", "covers", "kind", "data_fin", "checksum", "checksum_ok"};

    /** Per-packet data-level columns, for commands that list packets (see {@link #packetDsnValues}). */
    public static final String[] PACKET_DSN_COLUMNS = {
        "raw_dsn", "dsn", "raw_data_ack", "data_ack", "related_mappings", "checksum_ok"};

    /**
     * One row per (data frame, mapping) pair: without {@code covered}, the mappings covering any
     * payload byte of {@code frame}; with it, every data frame covered by the mappings
     * {@code frame} announced.
     *
     * @throws IllegalArgumentException with a one-line message when {@code frame} does not fit
     */
    public static Table dssCover(Trace t, int frame, boolean covered) {
        if (!t.hasFrame(frame)) {
            throw new IllegalArgumentException("no frame " + frame + " (the capture has "
                    + t.packets().size() + " frames: 1.." + t.packets().size() + ")");
        }
        int i = frame - 1;
        PacketTable p = t.packets();
        int sid = p.subflow(i);
        if (sid < 0) throw new IllegalArgumentException("frame " + frame + " is not a TCP packet");
        if (t.subflows().get(sid).conn < 0) {
            throw new IllegalArgumentException("frame " + frame + " is not on an MPTCP subflow (tcp.stream "
                    + sid + " is plain TCP)");
        }
        DataLevel d = t.dataLevel();
        Mappings ms = d.mappings();
        Table.Builder b = Table.of(DSS_COVER_COLUMNS);
        if (covered) {
            int[] announced = ms.announcedBy(frame);
            if (announced.length == 0) {
                throw new IllegalArgumentException("frame " + frame + " announces no DSS mapping");
            }
            for (int m : announced) {
                for (int k : coveredPackets(t, m)) row(b, t, k, m);
            }
        } else {
            if (p.payloadLen(i) == 0) {
                String hint = ms.announcedBy(frame).length > 0
                        ? " (it announces a mapping: try 'dss-cover " + frame + " --covered')" : "";
                throw new IllegalArgumentException("frame " + frame + " carries no payload" + hint);
            }
            for (int m : d.mappingsOf(i)) row(b, t, i, m);
        }
        return b.build();
    }

    /** Packets (0-based, ascending) with payload bytes inside mapping {@code m}. */
    static List<Integer> coveredPackets(Trace t, int m) {
        Mappings ms = t.dataLevel().mappings();
        PacketTable p = t.packets();
        DataLevel d = t.dataLevel();
        CoverIndex x = CoverIndex.of(t);
        int g = ms.subflow(m) * 2 + ms.dir(m);
        List<Integer> out = new ArrayList<>();
        if (g + 1 >= x.groupStart.length) return out;
        int from = x.groupStart[g], to = x.groupStart[g + 1];
        // first packet whose first byte could still reach the mapping's first byte
        long min = ms.ssn(m) - x.maxLen[g];
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (d.subflowSeq(x.order[mid]) < min) lo = mid + 1; else hi = mid;
        }
        for (int k = lo; k < to; k++) {
            int i = x.order[k];
            long ssn = d.subflowSeq(i);
            if (ssn >= ms.end(m)) break;
            if (ssn + p.payloadLen(i) > ms.ssn(m)) out.add(i);
        }
        out.sort(null);
        return out;
    }

    /**
     * The payload packets of MPTCP subflows with a known subflow sequence number, grouped by
     * subflow direction ({@code subflow * 2 + dir}) and sorted by that number: built on the
     * first {@code dss-cover --covered} of a trace (O(n), a sort only for the groups not already
     * in order), kept for the last trace, 4 bytes a packet.
     */
    private static final class CoverIndex {
        private static java.lang.ref.WeakReference<Trace> cachedTrace = new java.lang.ref.WeakReference<>(null);
        private static CoverIndex cached;

        final int[] groupStart;
        final int[] order;
        final int[] maxLen;

        private CoverIndex(int[] groupStart, int[] order, int[] maxLen) {
            this.groupStart = groupStart;
            this.order = order;
            this.maxLen = maxLen;
        }

        static synchronized CoverIndex of(Trace t) {
            if (cachedTrace.get() != t) {
                cached = build(t);
                cachedTrace = new java.lang.ref.WeakReference<>(t);
            }
            return cached;
        }

        private static int key(PacketTable p, DataLevel d, int i) {
            int sid = p.subflow(i);
            if (sid < 0 || p.payloadLen(i) == 0 || d.subflowSeq(i) < 0) return -1;
            return 2 * sid + (p.has(i, PacketTable.F_REVERSE) ? 1 : 0);
        }

        private static CoverIndex build(Trace t) {
            PacketTable p = t.packets();
            DataLevel d = t.dataLevel();
            int groups = 2 * t.subflows().size();
            int[] start = new int[groups + 1];
            int[] maxLen = new int[groups];
            for (int i = 0; i < p.size(); i++) {
                int g = key(p, d, i);
                if (g < 0) continue;
                start[g + 1]++;
                maxLen[g] = Math.max(maxLen[g], p.payloadLen(i));
            }
            for (int g = 0; g < groups; g++) start[g + 1] += start[g];
            int[] fill = java.util.Arrays.copyOf(start, groups);
            int[] order = new int[start[groups]];
            for (int i = 0; i < p.size(); i++) {
                int g = key(p, d, i);
                if (g >= 0) order[fill[g]++] = i;
            }
            for (int g = 0; g < groups; g++) sortBySeq(order, start[g], start[g + 1], d);
            return new CoverIndex(start, order, maxLen);
        }

        /** Stable sort of {@code order[from, to)} by subflow sequence number (merge sort). */
        private static void sortBySeq(int[] order, int from, int to, DataLevel d) {
            int k = to - from;
            long[] seq = new long[k];
            boolean sorted = true;
            for (int x = 0; x < k; x++) {
                seq[x] = d.subflowSeq(order[from + x]);
                if (x > 0 && seq[x] < seq[x - 1]) sorted = false;
            }
            if (sorted) return;
            int[] a = java.util.Arrays.copyOfRange(order, from, to);
            int[] b = new int[k];
            long[] sa = seq;
            long[] sb = new long[k];
            for (int w = 1; w < k; w *= 2) {
                for (int lo = 0; lo < k; lo += 2 * w) {
                    int mid = Math.min(lo + w, k), hi = Math.min(lo + 2 * w, k);
                    int i = lo, j = mid, o = lo;
                    while (i < mid && j < hi) {
                        if (sa[j] < sa[i]) { sb[o] = sa[j]; b[o++] = a[j++]; }
                        else { sb[o] = sa[i]; b[o++] = a[i++]; }
                    }
                    while (i < mid) { sb[o] = sa[i]; b[o++] = a[i++]; }
                    while (j < hi) { sb[o] = sa[j]; b[o++] = a[j++]; }
                }
                int[] ta = a; a = b; b = ta;
                long[] ts = sa; sa = sb; sb = ts;
            }
            System.arraycopy(a, 0, order, from, k);
        }
    }

    private static void row(Table.Builder b, Trace t, int i, int m) {
        DataLevel d = t.dataLevel();
        Mappings ms = d.mappings();
        Subflow s = t.subflows().get(ms.subflow(m));
        int role = ms.dir(m) == 0 ? s.clientRole : 1 - s.clientRole;
        String base = d.dsnBase(s.conn, role);
        long raw = ms.rawDsn(m);
        Long rel = null;
        if (base != null) rel = raw - d.dsnBaseValue(s.conn, role);
        long ssn = d.subflowSeq(i);
        long from = Math.max(ssn, ms.ssn(m)) - ms.ssn(m);
        long to = Math.min(ssn + t.packets().payloadLen(i), ms.end(m)) - ms.ssn(m) - 1;
        List<Integer> frames = new ArrayList<>();
        for (int f : ms.frames(m)) frames.add(f);
        String kind = ms.has(m, Mappings.F_INFINITE) ? "infinite"
                : ms.has(m, Mappings.F_MP_CAPABLE) ? "mp_capable" : "dss";
        int v = ms.checksum(m);
        Boolean ok = v == Mappings.CHECKSUM_OK ? Boolean.TRUE
                : v == Mappings.CHECKSUM_BAD ? Boolean.FALSE : null;
        b.row(i + 1, ms.firstFrame(m), frames, s.conn, s.id, unsigned(raw), rel, base, ms.ssn(m),
                ms.length(m), from + "-" + to, kind, ms.has(m, Mappings.F_DATA_FIN),
                Mappings.checksumName(v), ok);
    }

    /**
     * Values of {@link #PACKET_DSN_COLUMNS} for packet {@code i} (0-based): raw and relative DSN
     * ({@code mptcp.rawdsn64}, {@code mptcp.dsn}), raw and relative DATA_ACK ({@code mptcp.ack}),
     * the frames that announced the covering mappings, and the checksum verdict; null = unknown.
     */
    public static Object[] packetDsnValues(Trace t, int i) {
        DataLevel d = t.dataLevel();
        List<Integer> related = new ArrayList<>();
        for (int f : d.relatedMappings(i)) related.add(f);
        int ck = d.checksumOk(i);
        return new Object[] {
            d.hasDsn(i) ? unsigned(d.rawDsn(i)) : null,
            d.hasRelativeDsn(i) ? d.relativeDsn(i) : null,
            d.hasDataAck(i) ? unsigned(d.rawDataAck(i)) : null,
            d.hasRelativeDataAck(i) ? d.relativeDataAck(i) : null,
            related,
            ck < 0 ? null : ck == 1};
    }

    /**
     * For {@code info}: what relative DSNs are relative to, over every connection role with
     * a known base: "idsn", "first_dsn" (no key captured), both ("idsn first_dsn"), or null.
     */
    static String dsnBases(Trace t) {
        boolean idsn = false, first = false;
        for (int c = 0; c < t.connections().size(); c++) {
            for (int role = 0; role < 2; role++) {
                String b = t.dataLevel().dsnBase(c, role);
                if ("idsn".equals(b)) idsn = true;
                if ("first_dsn".equals(b)) first = true;
            }
        }
        return idsn && first ? "idsn first_dsn" : idsn ? "idsn" : first ? "first_dsn" : null;
    }

    /** For {@code info}: "ok N bad N unverifiable N" over checksummed mappings, or null when none. */
    static String checksumSummary(Trace t) {
        Mappings ms = t.dataLevel().mappings();
        int[] n = new int[4];
        for (int m = 0; m < ms.count(); m++) n[ms.checksum(m)]++;
        if (n[Mappings.CHECKSUM_OK] + n[Mappings.CHECKSUM_BAD] + n[Mappings.CHECKSUM_UNVERIFIABLE] == 0) return null;
        return "ok " + n[Mappings.CHECKSUM_OK] + " bad " + n[Mappings.CHECKSUM_BAD] + " unverifiable "
                + n[Mappings.CHECKSUM_UNVERIFIABLE];
    }

    static BigInteger unsigned(long v) { return new BigInteger(Long.toUnsignedString(v)); }
}
