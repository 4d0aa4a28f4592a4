package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * Every DSS mapping of a capture (RFC 8684 3.3.1), frozen: which subflow bytes carry which data
 * sequence numbers, and which frames announced each mapping. Primitive arrays only.
 *
 * <p>A mapping id ({@code 0 .. count()-1}) orders mappings by subflow direction
 * ({@code key = subflow * 2 + dir}, dir 0 = from the subflow's client) and within a direction
 * by first relative subflow sequence number. Identical announcements (Linux repeats a mapping
 * on every segment it covers) are one mapping with several announcing frames.
 *
 * <pre>
 *  subflow bytes (relative ssn)   1        7101      14201 16385          ...
 *  frames                         |--f10---|--f12----|-f14-|--f16--| ...
 *  mapping A  ssn 1 len 16384     [=================================)
 *  mapping B  ssn 16385 ...                                  [=======...
 * </pre>
 * A lookup by subflow bytes is a binary search for the last mapping starting before the range
 * end, then a backward scan that stops as soon as the running maximum of mapping ends
 * ({@code maxEnd}) falls at or below the range start: O(log n) plus the mappings reported.
 */
public final class Mappings {
    /** The mapping carries a DSS checksum. */
    public static final int F_CHECKSUM = 1;
    /** Infinite mapping (data-level length 0): the subflow fell back, the mapping never ends. */
    public static final int F_INFINITE = 1 << 1;
    /** DATA_FIN set: the mapping's last data sequence number is the DATA_FIN, not a byte. */
    public static final int F_DATA_FIN = 1 << 2;
    /** The implicit mapping of a v1 MP_CAPABLE carrying data (DSN = IDSN + 1, ssn 1). */
    public static final int F_MP_CAPABLE = 1 << 3;
    /** Announced with a 4-byte DSN, expanded to 64 bits against the connection's DSN space. */
    public static final int F_DSN4 = 1 << 4;

    /** Checksum verdicts ({@link #checksum(int)}). */
    public static final int CHECKSUM_NONE = 0;
    public static final int CHECKSUM_OK = 1;
    public static final int CHECKSUM_BAD = 2;
    public static final int CHECKSUM_UNVERIFIABLE = 3;

    private static final String[] VERDICTS = {"none", "ok", "bad", "unverifiable"};

    private final int count;
    private final int[] groupStart;
    private final long[] ssn;
    private final int[] dll;
    private final long[] dsn;
    private final long[] maxEnd;
    private final byte[] flags;
    private final byte[] verdict;
    private final int[] framesStart;
    /** First announcing frame of each mapping. */
    private final int[] first;
    /**
     * Announcing frames of all mappings, grouped by mapping ({@code framesStart}), each as its
     * distance from the previous frame of the same mapping (0 for the first): 2 bytes each
     * where an int would hold the frame (a bulk capture has an announcement per packet).
     */
    private final CharColumn frameDelta;
    /**
     * Announcements sorted by frame ({@code frame << 32 | mapping}), built on the first
     * {@link #announcedBy} call: only per-frame queries need it, and a bulk capture has an
     * announcement per packet (8 bytes each that the load need not hold).
     */
    private volatile long[] byFrame;

    /** An empty index. */
    public static final Mappings EMPTY = new Builder().build();

    private Mappings(int count, int[] groupStart, long[] ssn, int[] dll, long[] dsn,
            long[] maxEnd, byte[] flags, byte[] verdict, int[] framesStart, int[] frames) {
        this.count = count;
        this.groupStart = groupStart;
        this.ssn = ssn;
        this.dll = dll;
        this.dsn = dsn;
        this.maxEnd = maxEnd;
        this.flags = flags;
        this.verdict = verdict;
        this.framesStart = framesStart;
        this.first = new int[count];
        CharColumn.Builder delta = new CharColumn.Builder();
        int total = framesStart[count];
        delta.capacity(total);
        for (int m = 0; m < count; m++) {
            int a0 = framesStart[m];
            if (a0 < framesStart[m + 1]) first[m] = frames[a0];
            for (int a = a0 + 1; a < framesStart[m + 1]; a++) {
                delta.set(a, frames[a] - frames[a - 1]);
            }
        }
        this.frameDelta = delta.build(total);
    }

    /** Number of mappings. */
    public int count() { return count; }

    /** Number of direction keys: mappings of key k are [groupStart(k), groupStart(k + 1)). */
    public int keyCount() { return groupStart.length - 1; }

    /** First mapping of direction key {@code k} ({@code 0 <= k <= keyCount()}). */
    public int groupStart(int k) { return groupStart[k]; }

    /** Largest {@link #end} among the mappings of {@code m}'s direction up to {@code m}. */
    public long maxEnd(int m) { return maxEnd[m]; }

    /** Direction key ({@code subflow * 2 + dir}) of mapping {@code m}. */
    public int key(int m) {
        int lo = 0, hi = groupStart.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (groupStart[mid] <= m) lo = mid; else hi = mid;
        }
        return lo;
    }

    /** Subflow ({@code tcp.stream}) of mapping {@code m}. */
    public int subflow(int m) { return key(m) >> 1; }

    /** Direction of mapping {@code m}: 0 = sent by the subflow's client. */
    public int dir(int m) { return key(m) & 1; }

    /** First subflow byte, relative to the subflow's ISN (the DSS field, unwrapped). */
    public long ssn(int m) { return ssn[m]; }

    /** Data-level length as announced (0 for an infinite mapping; includes a DATA_FIN). */
    public int length(int m) { return dll[m]; }

    /** Subflow bytes covered: the data-level length less one for a DATA_FIN. */
    public int subflowLength(int m) {
        return Math.max(0, dll[m] - ((flags[m] & F_DATA_FIN) != 0 ? 1 : 0));
    }

    /** End (exclusive) of the subflow bytes covered; Long.MAX_VALUE for an infinite mapping. */
    public long end(int m) {
        return (flags[m] & F_INFINITE) != 0 ? Long.MAX_VALUE : ssn[m] + subflowLength(m);
    }

    /** Raw 64-bit DSN of the first byte (4-byte DSNs expanded). */
    public long rawDsn(int m) { return dsn[m]; }

    /** F_* bits. */
    public int flags(int m) { return flags[m]; }

    /** True when all bits of {@code f} are set for mapping {@code m}. */
    public boolean has(int m, int f) { return (flags[m] & f) == f; }

    /** CHECKSUM_* verdict of mapping {@code m}. */
    public int checksum(int m) { return verdict[m]; }

    /** "none", "ok", "bad" or "unverifiable". */
    public static String checksumName(int verdict) { return VERDICTS[verdict]; }

    /** Frames (1-based, ascending) that announced mapping {@code m}. */
    public int[] frames(int m) {
        int a0 = framesStart[m];
        int[] out = new int[framesStart[m + 1] - a0];
        int f = first[m];
        for (int k = 0; k < out.length; k++) {
            if (k > 0) f += frameDelta.get(a0 + k);
            out[k] = f;
        }
        return out;
    }

    /** First frame that announced mapping {@code m}. */
    public int firstFrame(int m) { return first[m]; }

    /** Mappings announced by frame {@code frame}, by id. */
    public int[] announcedBy(int frame) {
        long[] pairs = byFrame();
        int lo = lowerBound(pairs, 0, pairs.length, (long) frame << 32);
        int hi = lo;
        while (hi < pairs.length && (int) (pairs[hi] >>> 32) == frame) hi++;
        int[] out = new int[hi - lo];
        for (int k = lo; k < hi; k++) out[k - lo] = (int) pairs[k]; // sorted: the low halves
        return out;
    }

    /**
     * Mappings of direction {@code dir} of {@code subflow} that cover at least one byte of the
     * relative subflow range [{@code from}, {@code to}), by id (ascending ssn).
     */
    public int[] covering(int subflow, int dir, long from, long to) {
        int[] out = new int[4];
        int n;
        while ((n = coveringInto(subflow, dir, from, to, out)) > out.length) {
            out = new int[n];
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Allocation-free {@link #covering}: writes the ids, ascending, into {@code out} and returns
     * their number; when that exceeds {@code out.length}, only the count is meaningful (call
     * again with a larger array).
     */
    public int coveringInto(int subflow, int dir, long from, long to, int[] out) {
        return coveringInto(subflow, dir, from, to, out, null);
    }

    /** Size of a hint array for {@link #coveringInto(int, int, long, long, int[], int[])}. */
    public int hintSlots() { return Math.max(0, groupStart.length - 1); }

    /**
     * {@link #coveringInto(int, int, long, long, int[])} for callers that look up increasing
     * positions of each direction (a scan in frame order): {@code hints[subflow * 2 + dir]}
     * remembers where the last search of that direction ended and the next one gallops from
     * there instead of bisecting the whole direction. {@code hints} (of {@link #hintSlots()}
     * zeros at first) may be null.
     */
    public int coveringInto(int subflow, int dir, long from, long to, int[] out, int[] hints) {
        int key = subflow * 2 + dir;
        if (key + 1 >= groupStart.length || to <= from) return 0;
        int g0 = groupStart[key], g1 = groupStart[key + 1];
        int k;
        if (hints == null) {
            k = lowerBound(ssn, g0, g1, to) - 1; // last mapping starting before `to`
        } else {
            k = gallop(ssn, g0, g1, to, Math.min(Math.max(hints[key], g0), g1)) - 1;
            hints[key] = Math.max(g0, k);
        }
        int n = 0;
        for (; k >= g0 && maxEnd[k] > from; k--) {
            if (end(k) > from) {
                if (n < out.length) out[n] = k;
                n++;
            }
        }
        if (n <= out.length) {
            // found in descending order: reverse to ascending
            for (int a = 0, b = n - 1; a < b; a++, b--) {
                int t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
        }
        return n;
    }

    /**
     * {@code m} when it is the only mapping of direction {@code dir} of {@code subflow} that
     * covers a byte of [{@code from}, {@code to}) and it covers them all, else -1: an O(1) check
     * of a guess (e.g. the previous packet's mapping) that spares {@link #coveringInto}'s search.
     */
    public int soleCovering(int subflow, int dir, int m, long from, long to) {
        int key = subflow * 2 + dir;
        if (key + 1 >= groupStart.length || m < groupStart[key] || m >= groupStart[key + 1]
                || to <= from) {
            return -1;
        }
        if (ssn[m] > from || end(m) < to) return -1;
        if (m > groupStart[key] && maxEnd[m - 1] > from) return -1; // an earlier one overlaps
        if (m + 1 < groupStart[key + 1] && ssn[m + 1] < to) return -1; // a later one overlaps
        return m;
    }

    /**
     * The mapping that covers relative subflow byte {@code at}, or -1. When mappings conflict,
     * the one announced first.
     */
    public int containing(int subflow, int dir, long at) {
        int best = -1;
        for (int m : covering(subflow, dir, at, at + 1)) {
            if (best < 0 || firstFrame(m) < firstFrame(best)) best = m;
        }
        return best;
    }

    /** Retained bytes, for the benchmark. */
    public long retainedBytes() {
        return 4L * groupStart.length + (8 + 4 + 8 + 8 + 1 + 1 + 4) * (long) count
                + 4L * count + 2L * framesStart[count] + frameDelta.extraBytes()
                + (byFrame == null ? 0 : 8L * byFrame.length);
    }

    private long[] byFrame() {
        long[] pairs = byFrame;
        if (pairs != null) return pairs;
        synchronized (this) {
            if (byFrame == null) {
                long[] p = new long[framesStart[count]];
                for (int m = 0; m < count; m++) {
                    int f = first[m];
                    for (int a = framesStart[m]; a < framesStart[m + 1]; a++) {
                        if (a > framesStart[m]) f += frameDelta.get(a);
                        p[a] = (long) f << 32 | m;
                    }
                }
                Arrays.sort(p);
                byFrame = p;
            }
            return byFrame;
        }
    }

    /** {@link #lowerBound} searched outward from {@code at} (lo <= at <= hi): O(log distance). */
    private static int gallop(long[] a, int lo, int hi, long v, int at) {
        int step = 1;
        if (at < hi && a[at] < v) {
            int left = at;
            int right = at + 1;
            while (right < hi && a[right] < v) {
                left = right;
                right = Math.min(hi, right + (step <<= 1));
            }
            return lowerBound(a, left + 1, right, v);
        }
        int right = at;
        int left = at - 1;
        while (left >= lo && a[left] >= v) {
            right = left;
            left = Math.max(lo - 1, left - (step <<= 1));
        }
        return lowerBound(a, left + 1, right, v);
    }

    private static int lowerBound(long[] a, int lo, int hi, long v) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /**
     * Collects announcements while a capture loads. Ids returned by {@link #add} are
     * provisional (order of first announcement); {@link #build} sorts and merges.
     */
    public static final class Builder {
        private int count;
        private int[] key = new int[0];
        private long[] ssn = new long[0];
        private int[] dll = new int[0];
        private long[] dsn = new long[0];
        private byte[] flags = new byte[0];
        private byte[] verdict = new byte[0];
        /** Previous mapping of the same direction key (creation order), -1 at the start. */
        private int[] prevSameKey = new int[0];
        /**
         * Announcements in frame order: frame and provisional mapping of each ({@link #build}
         * groups them by mapping with one counting pass); per mapping, the frames of its first
         * and last announcements.
         */
        private int annCount;
        private int[] annFrame = new int[0];
        private int[] annMapping = new int[0];
        private int[] firstAnn = new int[0];
        private int[] lastAnn = new int[0];
        /** Last mapping per direction key, -1 when none. */
        private int[] lastOfKey = new int[0];

        /** Number of provisional mappings. */
        public int size() { return count; }

        /** Mappings there is room for before the arrays grow. */
        public int capacity() { return key.length; }

        /** Number of announcements so far (a frame carrying a mapping, once per mapping). */
        public int announcements() { return annCount; }

        /**
         * Makes room for {@code mappings} provisional mappings and {@code announced}
         * announcements at once (a load that knows its size: the arrays are not doubled, each
         * doubling a copy of them all).
         */
        public void reserve(int mappings, int announced) {
            if (mappings > key.length) resize(mappings);
            if (announced > annFrame.length) {
                annFrame = Arrays.copyOf(annFrame, announced);
                annMapping = Arrays.copyOf(annMapping, announced);
            }
        }

        private void resize(int n) {
            key = Arrays.copyOf(key, n);
            ssn = Arrays.copyOf(ssn, n);
            dll = Arrays.copyOf(dll, n);
            dsn = Arrays.copyOf(dsn, n);
            flags = Arrays.copyOf(flags, n);
            verdict = Arrays.copyOf(verdict, n);
            prevSameKey = Arrays.copyOf(prevSameKey, n);
            firstAnn = Arrays.copyOf(firstAnn, n);
            lastAnn = Arrays.copyOf(lastAnn, n);
        }

        /** The latest mapping created for direction {@code key}, or -1. */
        public int lastOf(int key) { return key < lastOfKey.length ? lastOfKey[key] : -1; }

        /** The mapping created before {@code m} in the same direction, or -1. */
        public int previous(int m) { return prevSameKey[m]; }

        public long ssn(int m) { return ssn[m]; }
        public int length(int m) { return dll[m]; }
        public long rawDsn(int m) { return dsn[m]; }
        public int flags(int m) { return flags[m]; }

        /** End (exclusive) of the subflow bytes of provisional mapping {@code m}. */
        public long end(int m) {
            if ((flags[m] & F_INFINITE) != 0) return Long.MAX_VALUE;
            return ssn[m] + Math.max(0, dll[m] - ((flags[m] & F_DATA_FIN) != 0 ? 1 : 0));
        }

        /** Sets the checksum verdict of provisional mapping {@code m}. */
        public void checksum(int m, int v) { verdict[m] = (byte) v; }

        public int checksum(int m) { return verdict[m]; }

        /**
         * How far back {@link #add} looks for an identical mapping before creating a new one.
         * Linux repeats a mapping on consecutive segments, so a short window catches nearly all
         * repeats; older ones (retransmissions) are merged by {@link #build} anyway.
         */
        private static final int DEDUP_WINDOW = 4;

        /**
         * Records that {@code frame} announced a mapping; returns its provisional id (an existing
         * one when an identical mapping of the same direction was announced recently).
         */
        public int add(int dirKey, long ssnValue, int dllValue, long dsnValue, int flagBits, int frame) {
            int m = lastOf(dirKey);
            for (int n = 0; m >= 0 && n < DEDUP_WINDOW; n++, m = prevSameKey[m]) {
                if (ssn[m] == ssnValue && dll[m] == dllValue && dsn[m] == dsnValue
                        && flags[m] == (byte) flagBits) {
                    announce(m, frame);
                    return m;
                }
            }
            m = count++;
            if (m == key.length) resize(Columns.grow(m, m + 1));
            if (dirKey >= lastOfKey.length) {
                int old = lastOfKey.length;
                lastOfKey = Arrays.copyOf(lastOfKey, Math.max(dirKey + 1, 2 * old));
                Arrays.fill(lastOfKey, old, lastOfKey.length, -1);
            }
            key[m] = dirKey;
            ssn[m] = ssnValue;
            dll[m] = dllValue;
            dsn[m] = dsnValue;
            flags[m] = (byte) flagBits;
            verdict[m] = (byte) ((flagBits & F_CHECKSUM) != 0 ? CHECKSUM_UNVERIFIABLE : CHECKSUM_NONE);
            prevSameKey[m] = lastOfKey[dirKey];
            lastOfKey[dirKey] = m;
            firstAnn[m] = frame;
            lastAnn[m] = 0; // frames start at 1: none yet
            announce(m, frame);
            return m;
        }

        private void announce(int m, int frame) {
            if (lastAnn[m] == frame) return;
            int a = annCount++;
            if (a == annFrame.length) { // one check: the two columns grow together
                annFrame = Columns.ensure(annFrame, annCount);
                annMapping = Columns.ensure(annMapping, annCount);
            }
            annFrame[a] = frame;
            annMapping[a] = m;
            lastAnn[m] = frame;
        }

        /**
         * Sorts by direction and ssn, merges identical mappings, and freezes. Returns the index
         * and fills {@code finalId} (indexed by provisional id) when it is not null.
         */
        public Mappings build(int[] finalId) {
            // grouped by key first (stable): each key's mappings are then nearly in ssn order,
            // long runs for the merge sort
            int[] order = new int[count];
            int[] at = new int[lastOfKey.length + 1];
            for (int i = 0; i < count; i++) at[key[i] + 1]++;
            for (int k = 0; k < lastOfKey.length; k++) at[k + 1] += at[k];
            for (int i = 0; i < count; i++) order[at[key[i]]++] = i;
            IntSort.sort(order, (x, y) -> {
                if (key[x] != key[y]) return Integer.compare(key[x], key[y]);
                if (ssn[x] != ssn[y]) return Long.compare(ssn[x], ssn[y]);
                if (dll[x] != dll[y]) return Integer.compare(dll[x], dll[y]);
                if (dsn[x] != dsn[y]) return Long.compare(dsn[x], dsn[y]);
                if (flags[x] != flags[y]) return Integer.compare(flags[x], flags[y]);
                return Integer.compare(firstAnn[x], firstAnn[y]);
            });
            int keys = lastOfKey.length;
            int[] gs = new int[keys + 1];
            long[] s = new long[count];
            int[] d = new int[count];
            long[] q = new long[count];
            long[] me = new long[count];
            byte[] f = new byte[count];
            byte[] v = new byte[count];
            int[] ids = finalId != null ? finalId : new int[count];
            int n = 0;
            int prev = -1;
            for (int i = 0; i < count; i++) {
                int m = order[i];
                boolean same = prev >= 0 && key[prev] == key[m] && ssn[prev] == ssn[m]
                        && dll[prev] == dll[m] && dsn[prev] == dsn[m] && flags[prev] == flags[m];
                if (!same) {
                    s[n] = ssn[m];
                    d[n] = dll[m];
                    q[n] = dsn[m];
                    f[n] = flags[m];
                    v[n] = verdict[m];
                    gs[key[m] + 1] = n + 1;
                    n++;
                } else {
                    v[n - 1] = (byte) mergeVerdict(v[n - 1], verdict[m]);
                }
                ids[m] = n - 1;
                prev = m;
            }
            // the frames of each final mapping: the announcements counted, then placed in their
            // (frame) order, so that those of merged mappings come out sorted too
            int[] fs = new int[n + 1];
            for (int a = 0; a < annCount; a++) fs[ids[annMapping[a]] + 1]++;
            for (int m = 0; m < n; m++) fs[m + 1] += fs[m];
            int[] fill = Arrays.copyOf(fs, n);
            int[] fr = new int[annCount];
            for (int a = 0; a < annCount; a++) fr[fill[ids[annMapping[a]]]++] = annFrame[a];
            // groupStart[k] = first mapping of key k: the filled ends, carried forward
            for (int k = 1; k <= keys; k++) gs[k] = Math.max(gs[k], gs[k - 1]);
            for (int k = 0; k < keys; k++) {
                long run = Long.MIN_VALUE;
                for (int m = gs[k]; m < gs[k + 1]; m++) {
                    long end = (f[m] & F_INFINITE) != 0 ? Long.MAX_VALUE
                            : s[m] + Math.max(0, d[m] - ((f[m] & F_DATA_FIN) != 0 ? 1 : 0));
                    run = Math.max(run, end);
                    me[m] = run;
                }
            }
            // merged mappings are few (retransmissions): the arrays are kept when nearly full
            return new Mappings(n, gs, Columns.fit(s, n), Columns.fit(d, n), Columns.fit(q, n),
                    Columns.fit(me, n), Columns.fit(f, n), Columns.fit(v, n), fs, fr);
        }

        /** As {@link #build(int[])} without the id translation. */
        public Mappings build() { return build(null); }

        /** Two verdicts of the same mapping (seen twice): a verified result wins, bad over ok. */
        private static int mergeVerdict(int a, int b) {
            if (a == CHECKSUM_BAD || b == CHECKSUM_BAD) return CHECKSUM_BAD;
            if (a == CHECKSUM_OK || b == CHECKSUM_OK) return CHECKSUM_OK;
            return Math.max(a, b);
        }
    }

    /**
     * Stable merge sort of an int array by a primitive comparator (no boxing), from the natural
     * ascending runs: linear on input in order, a few merges on input nearly in order.
     */
    static final class IntSort {
        interface Cmp { int compare(int x, int y); }

        private IntSort() {}

        static void sort(int[] a, Cmp c) {
            int n = a.length;
            if (n < 2) return;
            int[] runs = new int[n + 1];
            int r = 0;
            runs[r++] = 0;
            for (int i = 1; i < n; i++) if (c.compare(a[i - 1], a[i]) > 0) runs[r++] = i;
            runs[r] = n;
            int[] src = a;
            int[] dst = new int[n];
            while (r > 1) {
                int m = 0;
                for (int q = 0; q < r; q += 2) {
                    int lo = runs[q];
                    int mid = runs[q + 1];
                    if (q + 1 == r) {
                        System.arraycopy(src, lo, dst, lo, mid - lo);
                    } else {
                        int hi = runs[q + 2];
                        int i = lo, j = mid, k = lo;
                        while (i < mid && j < hi) dst[k++] = c.compare(src[i], src[j]) <= 0 ? src[i++] : src[j++];
                        while (i < mid) dst[k++] = src[i++];
                        while (j < hi) dst[k++] = src[j++];
                    }
                    runs[m++] = lo;
                }
                runs[m] = n;
                r = m;
                int[] t = src;
                src = dst;
                dst = t;
            }
            if (src != a) System.arraycopy(src, 0, a, 0, n);
        }
    }
}
