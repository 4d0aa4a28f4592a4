package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * Per-packet columns of a loaded capture: primitive arrays indexed by {@code frame - 1}, frozen
 * after load. No object per packet.
 *
 * <p>MPTCP options are kept as their raw bytes in one pool, so that every option field can be
 * decoded on demand by the wire views: each packet's options as captured, one after the other.
 * The pool is stored in chunks of 256 KiB, each followed by a copy of the first
 * {@link #CHUNK_OVER} bytes of the next, so that a packet's options, which the TCP header
 * bounds to 40 bytes, always read whole from the chunk where they start
 * ({@link #optionChunk}, {@link #optionsStart}, {@link #optionsEnd}). A load then never copies
 * the pool to grow or to trim it (one array, it was sized ahead from the first packets' bytes
 * per packet, and copied whole, 33 MB for 1.4 million packets, when that guess was off).
 */
public final class PacketTable {
    // bits of flags()
    /** The packet has an IPv4 header. */
    public static final int F_IPV4 = 1;
    /** The packet has an IPv6 header. */
    public static final int F_IPV6 = 1 << 1;
    /** The packet has a TCP header. */
    public static final int F_TCP = 1 << 2;
    /** The snap length cut some header or payload byte. */
    public static final int F_TRUNCATED = 1 << 3;
    /** At least one anomaly is recorded for this frame. */
    public static final int F_ANOMALY = 1 << 4;
    /** Sent from the subflow's server to its client (else client to server). */
    public static final int F_REVERSE = 1 << 5;
    /** The packet carries at least one MPTCP option. */
    public static final int F_MPTCP = 1 << 6;
    /**
     * The packet was seen before Wireshark would have attached its subflow to an MPTCP connection
     * (e.g. a v1 MP_CAPABLE SYN, which carries no key): Wireshark shows no {@code mptcp.stream}
     * for it in a single-pass analysis.
     */
    public static final int F_BEFORE_CONNECTION = 1 << 7;
    /** {@link #rawDsn(int)} is known (the packet's payload is covered by a DSS mapping). */
    public static final int F_HAS_DSN = 1 << 8;
    /** {@link #rawDataAck(int)} is known (the packet carries a DSS DATA_ACK). */
    public static final int F_HAS_DACK = 1 << 9;

    final int count;
    final LongColumn tsNanos;
    final CharColumn wireLen;
    final CapLenColumn capLen;
    final LongColumn fileOffset;
    final short[] flags;
    /** Subflow id + 1 (0 = not TCP). */
    final CharColumn subflow;
    final int[] seq;
    final int[] ack;
    final byte[] tcpFlags;
    final char[] window;
    final CharColumn payloadLen;
    /**
     * Pool offset of packet i's options: {@code optBase[i >>> OPT_SHIFT] + optLow[i]} (a block
     * of 512 packets holds at most 512 * 40 pool bytes, the TCP option space, so the offset
     * within a block fits a char).
     */
    final int[] optBase;
    final char[] optLow;
    /**
     * The option pool's chunks, each with a copy of the next one's first bytes (see
     * {@link Builder#chunks}); the last one holds only what is used.
     */
    final byte[][] optChunks;
    /** log2 of the bytes of the pool each chunk holds (before its copy of the next's first bytes). */
    final int chunkShift;
    final LongColumn rawDsn;
    /**
     * DATA_ACKs are read back from the option pool (the last DSS option carrying one): an
     * 8-byte one as it is, a 4-byte one expanded near a base kept per block of packets and lane
     * (the lane in bits LANE_SHIFT.. of the packet's flags; up to 4 sequence spaces per block).
     * The few the pool does not give (several DSS options, a far jump) are stored, sorted by
     * packet. No per-packet column.
     */
    final long[] dackBase;
    final int[] dackIndex;
    final long[] dackValue;
    final int[] otherIpIndex;
    final byte[] otherIpAddr;

    PacketTable(Builder b) {
        count = b.count;
        // a pre-sized builder's arrays are kept as they are when their slack is small
        tsNanos = b.tsNanos.build(count);
        wireLen = b.wireLen.build(count);
        capLen = b.capLens != null && b.capLensOf == count ? b.capLens
                : CapLenColumn.of(b.capLen, b.wireLen, count);
        fileOffset = b.fileOffset.build(count);
        flags = Columns.fit(b.flags, count);
        subflow = b.subflow.build(count);
        seq = Columns.fit(b.seq, count);
        ack = Columns.fit(b.ack, count);
        tcpFlags = Columns.fit(b.tcpFlags, count);
        window = Columns.fit(b.window, count);
        payloadLen = b.payloadLen.build(count);
        optBase = new int[(count >>> OPT_SHIFT) + 1];
        optLow = new char[count + 1];
        for (int i = 0; i <= count; i++) {
            int blk = i >>> OPT_SHIFT;
            if ((i & (1 << OPT_SHIFT) - 1) == 0) optBase[blk] = b.optStart[i];
            int d = b.optStart[i] - optBase[blk];
            if (d > Character.MAX_VALUE) throw new IllegalStateException("option pool block too big");
            optLow[i] = (char) d;
        }
        chunkShift = b.chunkShift;
        optChunks = b.frozenChunks();
        rawDsn = b.rawDsn.build(count);
        dackBase = Arrays.copyOf(b.dackBase,
                ((count + LongColumn.BLOCK - 1) >>> LongColumn.SHIFT) << 2);
        dackIndex = Arrays.copyOf(b.dackIndex, b.dackCount);
        dackValue = Arrays.copyOf(b.dackValue, b.dackCount);
        otherIpIndex = Arrays.copyOf(b.otherIpIndex, b.otherIpCount);
        otherIpAddr = Arrays.copyOf(b.otherIpAddr, b.otherIpCount * 2 * ADDR);
    }

    /** Bytes per stored address in the side table of non-TCP IP packets (IPv4 uses the first 4). */
    private static final int ADDR = 16;

    /**
     * Source ({@code which} 0) or destination (1) address of a non-TCP IP packet (ICMP, UDP ...)
     * copied into {@code dst} (4 bytes for IPv4, 16 for IPv6; see F_IPV4/F_IPV6); false when the
     * packet is TCP (its addresses are its subflow's) or not IP. A sparse side table: such packets
     * are rare in MPTCP captures.
     */
    public boolean otherIpAddress(int i, int which, byte[] dst) {
        int k = Arrays.binarySearch(otherIpIndex, i);
        if (k < 0) return false;
        System.arraycopy(otherIpAddr, (2 * k + which) * ADDR, dst, 0, ADDR);
        return true;
    }

    /** Number of packets (frames) in the capture. */
    public int size() { return count; }

    /** Capture timestamp of packet {@code i} (0-based), nanoseconds since the epoch. */
    public long tsNanos(int i) { return tsNanos.get(i); }

    /** Length on the wire ({@code frame.len}). */
    public int wireLen(int i) { return wireLen.get(i); }

    /** Captured length ({@code frame.cap_len}). */
    public int capLen(int i) { return capLen.get(i, wireLen.get(i)); }

    /** Offset of the packet's record in the uncompressed capture stream. */
    public long fileOffset(int i) { return fileOffset.get(i); }

    /** Bit set of F_* flags. */
    public int flags(int i) { return flags[i] & PUBLIC_FLAGS; }

    /** True when all bits of {@code flag} are set for packet {@code i}. */
    public boolean has(int i, int flag) { return (flags[i] & flag) == flag; }

    /** Subflow id ({@code tcp.stream}), or -1 for a non-TCP packet. */
    public int subflow(int i) { return subflow.get(i) - 1; }

    /** Raw TCP sequence number (unsigned 32 bits in an int). */
    public int seq(int i) { return seq[i]; }

    /** Raw TCP acknowledgment number. */
    public int ack(int i) { return ack[i]; }

    /** TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, ...). */
    public int tcpFlags(int i) { return tcpFlags[i] & 0xff; }

    /** TCP window field as sent (not scaled). */
    public int window(int i) { return window[i]; }

    /** TCP payload length ({@code tcp.len}), as declared by the IP header. */
    public int payloadLen(int i) { return payloadLen.get(i); }

    /** Raw 64-bit data sequence number of the packet's first payload byte (see F_HAS_DSN). */
    public long rawDsn(int i) { return (flags[i] & F_HAS_DSN) != 0 ? rawDsn.get(i) : 0; }

    /** Raw 64-bit DATA_ACK the packet carries (see F_HAS_DACK). */
    public long rawDataAck(int i) {
        int f = flags[i];
        if ((f & F_HAS_DACK) == 0) return 0;
        if (dackIndex.length > 0) {
            int k = Arrays.binarySearch(dackIndex, i);
            if (k >= 0) return dackValue[k];
        }
        byte[] pool = optionChunk(i);
        int at = ackAt(pool, f, optionsStart(i), optionsEnd(i));
        if (at < 0) return 0; // not reached: setRawDataAck stored what the pool does not give
        if ((at & 1) != 0) return u64(pool, at >>> 1);
        long base = dackBase[(i >>> LongColumn.SHIFT) << 2 | (f >>> LANE_SHIFT & 3)];
        return SeqSpace.nearest(base, (int) u32(pool, at >>> 1));
    }

    /** Bits of flags[] that flags() shows; the ones above hold the DATA_ACK lane and ACK_FIRST. */
    private static final int PUBLIC_FLAGS = (1 << 10) - 1;
    private static final int LANE_SHIFT = 10;
    /**
     * The packet's DATA_ACK is in its first pooled option (the usual case: one DSS option), so
     * {@link #ackAt} finds it without walking the options.
     */
    private static final int ACK_FIRST = 1 << 12;

    /**
     * {@link #pooledAckAt} of a packet with flags {@code f} and pooled options [{@code from},
     * {@code to}): read off the first option when {@link #ACK_FIRST} says it is there.
     */
    static int ackAt(byte[] pool, int f, int from, int to) {
        if ((f & ACK_FIRST) == 0) return pooledAckAt(pool, from, to);
        int at = Builder.dataAckAt(from, (pool[from + 3] & DSS_ACK8) != 0);
        assert at == pooledAckAt(pool, from, to);
        return at;
    }

    /** Option kind of MPTCP, DSS subtype, and DSS flags: DATA_ACK present, 8 bytes long. */
    private static final int KIND_MPTCP = 30;
    private static final int DSS = 2;
    private static final int DSS_ACK = 0x01;
    private static final int DSS_ACK8 = 0x02;
    /**
     * Where the DATA_ACK of the last DSS option among the pooled options [{@code from},
     * {@code to}) carrying one starts (RFC 8684 3.3: kind, length, subtype, flags, then the
     * DATA_ACK), times 2, plus 1 when it is 8 bytes long; -1 when there is none.
     */
    static int pooledAckAt(byte[] pool, int from, int to) {
        int at = -1;
        for (int p = from, n; p < to; p += n) {
            n = optionLength(pool, p, to);
            int o = p;
            if (n < 8 || (pool[o] & 0xff) != KIND_MPTCP || (pool[o + 2] & 0xff) >>> 4 != DSS) {
                continue;
            }
            int fl = pool[o + 3];
            if ((fl & DSS_ACK) == 0) continue;
            boolean ack8 = (fl & DSS_ACK8) != 0;
            if (n < (ack8 ? 12 : 8)) continue;
            at = (o + 4) << 1 | (ack8 ? 1 : 0);
        }
        return at;
    }

    private static long u32(byte[] b, int p) {
        // two 16-bit reads: short enough for the JIT's first tier to inline (35 bytes at most)
        return (long) u16(b, p) << 16 | u16(b, p + 2);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
    }

    private static long u64(byte[] b, int p) { return u32(b, p) << 32 | u32(b, p + 4); }

    /**
     * Bytes of the option pool each chunk repeats from the next one, after its own: more than
     * a packet's MPTCP options can take (TCP's option space is 40 bytes).
     */
    public static final int CHUNK_OVER = 64;

    /**
     * The array that holds packet {@code i}'s raw MPTCP options, as captured, one after the
     * other, from {@link #optionsStart} to {@link #optionsEnd}; walk them with
     * {@link #optionLength}. Packets share it (it is a chunk of the option pool).
     */
    public byte[] optionChunk(int i) { return chunkAt(chunkIndex(i)); }

    /**
     * Chunk {@code k} of the option pool ({@link #optionChunk} of a packet is chunk
     * {@link #chunkIndex} of it); an empty array past the last one (where only packets without
     * options start).
     */
    public byte[] chunkAt(int k) { return k < optChunks.length ? optChunks[k] : NO_OPTIONS; }

    /** Which chunk of the option pool {@link #optionChunk} of packet {@code i} is. */
    public int chunkIndex(int i) { return optionsFrom(i) >>> chunkShift; }

    private static final byte[] NO_OPTIONS = new byte[0];

    /**
     * Bytes of the pooled MPTCP option at {@code o}, among options ending at {@code end}: its
     * length byte, except for a packet's last option, which the snap length may have cut (then
     * the bytes there are; only the kind byte when the cut fell before the length byte). Only
     * a packet's last option can be cut: the options after a cut are not captured.
     */
    public static int optionLength(byte[] pool, int o, int end) {
        int left = end - o;
        if (left < 2) return left;
        int declared = pool[o + 1] & 0xff;
        return declared < 2 ? left : Math.min(declared, left);
    }

    /** Where packet {@code i}'s options start in {@link #optionChunk}. */
    public int optionsStart(int i) { return optionsFrom(i) & (1 << chunkShift) - 1; }

    /** Where packet {@code i}'s options end in {@link #optionChunk}. */
    public int optionsEnd(int i) { return optionsStart(i) + optionsTo(i) - optionsFrom(i); }

    /** Offset in the whole option pool where packet {@code i}'s options start. */
    private int optionsFrom(int i) { return optBase[i >>> OPT_SHIFT] + optLow[i]; }

    /** Offset in the whole option pool where packet {@code i}'s options end. */
    private int optionsTo(int i) { return optBase[(i + 1) >>> OPT_SHIFT] + optLow[i + 1]; }

    /** log2 of the packets per block of {@link #optBase}. */
    private static final int OPT_SHIFT = 9;

    /**
     * Approximate retained bytes of the columns, for {@code info} and the benchmark.
     */
    public long retainedBytes() {
        long perPacket = 4 + 2 + 4 + 2 + 2 + 4 + 4 + 1 + 2 + 2 + 2 + 4;
        long pool = 0;
        for (byte[] c : optChunks) pool += c.length;
        return perPacket * count + pool + tsNanos.extraBytes() + fileOffset.extraBytes()
                + rawDsn.extraBytes() + 8L * dackBase.length + 12L * dackIndex.length
                + wireLen.extraBytes()
                + capLen.retainedBytes() + payloadLen.extraBytes() + subflow.extraBytes()
                + 4L * otherIpIndex.length
                + otherIpAddr.length;
    }

    /** Packet columns being filled during a load. */
    public static final class Builder {
        int count;
        final LongColumn.Builder tsNanos = new LongColumn.Builder();
        int capacity;
        final CharColumn.Builder wireLen = new CharColumn.Builder();
        final CharColumn.Builder capLen = new CharColumn.Builder();
        final LongColumn.Builder fileOffset = new LongColumn.Builder();
        short[] flags = new short[0];
        final CharColumn.Builder subflow = new CharColumn.Builder();
        int[] seq = new int[0];
        int[] ack = new int[0];
        byte[] tcpFlags = new byte[0];
        char[] window = new char[0];
        final CharColumn.Builder payloadLen = new CharColumn.Builder();
        int[] optStart = new int[1];
        /** log2 of the pool bytes a chunk holds: {@link #CHUNK_SHIFT}, smaller in tests. */
        final int chunkShift;
        /**
         * The option pool: chunk k holds the pool's bytes from {@code k << chunkShift} on, and
         * {@link #CHUNK_OVER} more (the first ones of chunk k + 1 again); the last may be shorter.
         */
        byte[][] chunks = new byte[0][];
        /**
         * Chunks made ahead (zeroed, full length) on another thread ({@link #chunksFrom}): the
         * pool takes one from there, when there is one, before it allocates its own.
         */
        private ArrayStash chunkSource;
        // data sequence spaces: both directions, maybe several connections, in one block
        final LongColumn.Builder rawDsn = new LongColumn.Builder(4);
        long[] dackBase = new long[0];
        boolean[] dackBaseSet = new boolean[0];
        int dackCount;
        int[] dackIndex = new int[0];
        long[] dackValue = new long[0];
        int otherIpCount;
        int[] otherIpIndex = new int[0];
        byte[] otherIpAddr = new byte[0];

        /**
         * log2 of the pool bytes a chunk holds (before its copy of the next's first bytes): 256
         * KiB, an array small enough not to be a "humongous" object of the G1 collector (from
         * half a region of 1 MiB or more), which would take a region of its own and leave the rest
         * of it empty (the launcher's serial collector has no regions).
         */
        public static final int CHUNK_SHIFT = 18;

        public Builder() {
            this(CHUNK_SHIFT);
        }

        /**
         * With chunks of 2^{@code chunkShift} pool bytes, at least {@link #CHUNK_OVER} (tests:
         * tiny ones, to cross them often).
         */
        public Builder(int chunkShift) {
            if ((1 << chunkShift) < CHUNK_OVER) throw new IllegalArgumentException("chunks too small");
            this.chunkShift = chunkShift;
        }

        /**
         * The next packet would grow the columns (by doubling: the loader sizes them again from
         * the file size first). The option pool grows by chunks, never copied.
         */
        public boolean nearlyFull() {
            return count == capacity;
        }

        /** Bytes of the option pool's chunk arrays so far. */
        public long poolCapacity() {
            long n = 0;
            for (byte[] c : chunks) if (c != null) n += c.length;
            return n;
        }

        /** Length of a full chunk array. */
        private int chunkLength() { return (1 << chunkShift) + CHUNK_OVER; }

        /** Option pool bytes used so far. */
        public int poolSize() { return optStart[count]; }

        /** Number of packets added so far. */
        public int size() { return count; }

        /**
         * Makes room for {@code packets} packets at once, so that a load whose size is known in
         * advance copies no column while it grows (while the counting thread's columns come:
         * {@link #grow}).
         */
        public void reserve(int packets) {
            if (packets > capacity) resize(packets);
        }

        /**
         * Allocates, on the calling thread, the columns a {@link #grow} toward {@code packets}
         * packets will take from {@code stash} (a recording one): those of a throwaway builder
         * resized the same way, so that the shapes match exactly. The option pool is not among
         * them (its size depends on the options seen so far).
         */
        public static void stash(int packets, ArrayStash stash) {
            new Builder().resize(packets, stash);
        }

        /**
         * Makes room for {@code need} packets or more on the way to {@code full}, the packets of
         * the whole file: each column takes a stashed array of that length where {@code stash}
         * holds one (the counting thread allocates them one after the other, while this thread
         * loads), else is doubled if it holds fewer than {@code need}. The columns may then
         * differ in length for a while; the capacity is the smallest.
         */
        public void grow(int need, int full, ArrayStash stash) {
            tsNanos.grow(need, full, stash);
            wireLen.grow(need, full, stash);
            capLen.grow(need, full, stash);
            fileOffset.grow(need, full, stash);
            flags = ArrayStash.grow(stash, flags, need, full);
            subflow.grow(need, full, stash);
            seq = ArrayStash.grow(stash, seq, need, full);
            ack = ArrayStash.grow(stash, ack, need, full);
            tcpFlags = ArrayStash.grow(stash, tcpFlags, need, full);
            window = ArrayStash.grow(stash, window, need, full);
            payloadLen.grow(need, full, stash);
            optStart = ArrayStash.grow(stash, optStart, need + 1, full + 1);
            rawDsn.grow(need, full, stash);
            int bases = dackBases(full);
            if (dackBase.length < bases) {
                Object[] t = stash == null ? null : stash.takeAll(
                        new Class<?>[] {long[].class, boolean[].class}, new int[] {bases, bases});
                if (t != null) {
                    dackBase = (long[]) ArrayStash.copyInto(dackBase, t[0]);
                    dackBaseSet = (boolean[]) ArrayStash.copyInto(dackBaseSet, t[1]);
                } else if (dackCapacity() < need) {
                    int n = dackBases((int) Math.min(full, Math.max(need, 2L * dackCapacity())));
                    dackBase = Arrays.copyOf(dackBase, n);
                    dackBaseSet = Arrays.copyOf(dackBaseSet, n);
                }
            }
            capacity = min(tsNanos.capacity(), wireLen.capacity(), capLen.capacity(),
                    fileOffset.capacity(), flags.length, subflow.capacity(), seq.length, ack.length,
                    tcpFlags.length, window.length, payloadLen.capacity(), optStart.length - 1,
                    rawDsn.capacity(), dackCapacity());
        }

        private static int min(int... v) {
            int m = Integer.MAX_VALUE;
            for (int x : v) m = Math.min(m, x);
            return m;
        }

        /**
         * Allocates, on the calling thread, a chunk for the option pool, kept by {@code stash}
         * (a recording one) for {@link #chunksFrom} (a chunk of {@link #CHUNK_SHIFT}: for the
         * loader's builder).
         */
        public static void stashChunk(ArrayStash stash) {
            ArrayStash.copyOf(stash, new byte[0], (1 << CHUNK_SHIFT) + CHUNK_OVER);
        }

        /** Chunks for {@code poolBytes} bytes of the option pool. */
        public static int chunksFor(long poolBytes) {
            return (int) Math.min(Integer.MAX_VALUE, (poolBytes + (1 << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT);
        }

        /**
         * From now on the pool takes the chunks {@code stash} holds or will hold
         * ({@link #stashChunk}; the other thread may still be making them), one at a time as it
         * needs them, before it allocates any; until {@link #trimToSize}.
         */
        public void chunksFrom(ArrayStash stash) {
            chunkSource = stash;
        }

        /**
         * Chunk {@code k} of the pool, {@code least} bytes long or more (at most a full chunk):
         * made when missing (one made ahead first; else, while it is the pool's only one, as
         * short as it can be, doubled as it fills: a small capture needs a few KB), grown when
         * short.
         */
        private byte[] chunk(int k, int least) {
            if (k >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(k + 1, 2 * chunks.length));
            byte[] c = chunks[k];
            if (c != null && c.length >= least) return c;
            int full = chunkLength();
            if (c == null) c = ArrayStash.take(chunkSource, full);
            if (c == null) c = new byte[k == 0 ? Math.min(full, Math.max(least, 4096)) : full];
            else if (c.length < least) c = Arrays.copyOf(c, (int) Math.min(full, Math.max(least, 2L * c.length)));
            return chunks[k] = c;
        }

        /**
         * Writes {@code n} bytes, the rest of the last packet's options, at offset {@code at} of
         * the pool: into the chunk it falls in, on into the next one's first bytes where they
         * pass its end, and into the previous chunk's copy of its first bytes where they are
         * among them. Then {@link #head} is the chunk of the next write.
         */
        private void write(int at, byte[] src, int off, int n) {
            if (at + n - optStart[count - 1] > CHUNK_OVER) {
                // the decoder pools the options of the TCP header only: 40 bytes at most
                throw new IllegalArgumentException("MPTCP options of a packet over " + CHUNK_OVER + " bytes");
            }
            int size = 1 << chunkShift;
            int k = at >>> chunkShift;
            int o = at & size - 1;
            System.arraycopy(src, off, chunk(k, o + n), o, n);
            if (o + n > size) System.arraycopy(src, off + size - o, chunk(k + 1, o + n - size), 0, o + n - size);
            if (k > 0 && o < CHUNK_OVER) System.arraycopy(src, off, chunk(k - 1, size + CHUNK_OVER), size + o, Math.min(n, CHUNK_OVER - o));
            int next = (at + n) >>> chunkShift;
            head = next < chunks.length ? chunks[next] : null;
            headBase = next << chunkShift;
            headLimit = head == null ? 0 : Math.min(head.length, size);
        }

        /**
         * The chunk {@link #addOption} writes into without {@link #write}: while the bytes go
         * into it alone (at {@link #CHUNK_OVER} or more from its start, which the chunk before
         * repeats, and not past {@link #headLimit}); null before the first write.
         */
        private byte[] head;
        /** Pool offset where {@link #head} starts. */
        private int headBase;
        /** Bytes of {@link #head} a write may reach: its length, at most its chunk's own bytes. */
        private int headLimit;

        /** The chunk packet {@code i}'s options start in, and read whole from (see {@link #write}). */
        private byte[] optionChunk(int i) {
            int k = optStart[i] >>> chunkShift;
            return k < chunks.length && chunks[k] != null ? chunks[k] : NO_OPTIONS;
        }

        /** {@link #optionChunk} of packet {@code i}, which has options (its chunk exists). */
        private byte[] chunkOf(int i) { return chunks[optStart[i] >>> chunkShift]; }

        /** Where pool offset {@code at}, among packet {@code i}'s options, is in {@link #optionChunk}. */
        private int local(int i, int at) {
            return at - optStart[i] + (optStart[i] & (1 << chunkShift) - 1);
        }

        /**
         * The chunks for the frozen table: the last one trimmed to what is used (its growth
         * stops there: at most a chunk copied).
         */
        byte[][] frozenChunks() {
            int used = optStart[count];
            int n = (used + (1 << chunkShift) - 1) >>> chunkShift;
            byte[][] out = Arrays.copyOf(chunks, n);
            if (n > 0) {
                int last = used - (n - 1 << chunkShift);
                if (out[n - 1].length > last) out[n - 1] = Arrays.copyOf(out[n - 1], last);
            }
            return out;
        }

        /** Whether every column holds {@code packets} packets. */
        public boolean holds(int packets) { return capacity >= packets; }

        /** DATA_ACK base slots for {@code packets} packets (4 lanes a block). */
        private static int dackBases(int packets) {
            return ((packets + LongColumn.BLOCK - 1) >>> LongColumn.SHIFT) << 2;
        }

        /** Packets the DATA_ACK bases have room for. */
        private int dackCapacity() {
            return (int) Math.min(Integer.MAX_VALUE, (long) (dackBase.length >> 2) << LongColumn.SHIFT);
        }

        /** Appends a packet with its record fields; returns its 0-based index. */
        public int add(long ts, int wire, int cap, long offset) {
            int i = count;
            if (i == capacity) resize(Columns.grow(i, i + 1));
            tsNanos.set(i, ts);
            wireLen.set(i, wire);
            capLen.set(i, cap);
            fileOffset.set(i, offset);
            subflow.set(i, 0);
            optStart[i + 1] = optStart[i];
            count = i + 1;
            return i;
        }

        /**
         * Drops the spare capacity a pre-sized load left when it is over 1/64 (the size is
         * estimated from the first packets; 6 % over on a real capture): once, after the last
         * packet, one column at a time, so that {@link #build} copies none while everything else
         * of the load is alive too. The chunks made ahead for the option pool and not used are
         * left to the collector.
         */
        public void trimToSize() {
            int n = count;
            if (capacity - n > n >> 6) resize(n);
            chunkSource = null;
        }

        /** Room for exactly {@code cap} packets in every column: grows, or drops unused ones. */
        private void resize(int cap) {
            resize(cap, null);
        }

        /** {@link #resize(int)} with the arrays of {@code stash} (may be null). */
        private void resize(int cap, ArrayStash stash) {
            capacity = cap;
            tsNanos.resize(cap, stash);
            wireLen.resize(cap, stash);
            capLen.resize(cap, stash);
            fileOffset.resize(cap, stash);
            flags = ArrayStash.copyOf(stash, flags, cap);
            subflow.resize(cap, stash);
            seq = ArrayStash.copyOf(stash, seq, cap);
            ack = ArrayStash.copyOf(stash, ack, cap);
            tcpFlags = ArrayStash.copyOf(stash, tcpFlags, cap);
            window = ArrayStash.copyOf(stash, window, cap);
            payloadLen.resize(cap, stash);
            optStart = ArrayStash.copyOf(stash, optStart, cap + 1);
            rawDsn.resize(cap, stash);
            int bases = dackBases(cap);
            dackBase = ArrayStash.copyOf(stash, dackBase, bases);
            dackBaseSet = ArrayStash.copyOf(stash, dackBaseSet, bases);
        }

        /** Sets the TCP columns of packet {@code i}. */
        public void setTcp(int i, int subflowId, int seqNo, int ackNo, int flagsByte, int win,
                int payload) {
            subflow.set(i, subflowId + 1);
            seq[i] = seqNo;
            ack[i] = ackNo;
            tcpFlags[i] = (byte) flagsByte;
            window[i] = (char) win;
            payloadLen.set(i, payload);
        }

        /** ORs {@code f} into packet {@code i}'s flags. */
        public void flag(int i, int f) { flags[i] |= (short) f; }

        /** Flags of packet {@code i} so far. */
        public int flags(int i) { return flags[i] & PUBLIC_FLAGS; }

        /** TCP sequence number of packet {@code i}. */
        public int seq(int i) { return seq[i]; }

        /** Subflow of packet {@code i} so far. */
        public int subflow(int i) { return subflow.get(i) - 1; }

        /** TCP payload length of packet {@code i}. */
        public int payloadLen(int i) { return payloadLen.get(i); }

        /** Raw DSN of packet {@code i} as set so far (0 without F_HAS_DSN). */
        public long rawDsn(int i) { return (flags[i] & F_HAS_DSN) != 0 ? rawDsn.get(i) : 0; }

        /**
         * Appends one MPTCP option of the last packet added to the pool; returns where in the
         * pool it starts (for {@link #dataAckAt}).
         */
        public int addOption(byte[] src, int off, int len) {
            int n = Math.min(len, 255);
            int end = optStart[count];
            int o = end - headBase;
            if (o >= CHUNK_OVER && o + n <= headLimit && end + n - optStart[count - 1] <= CHUNK_OVER) {
                System.arraycopy(src, off, head, o, n); // within the chunk being filled, as usual
            } else {
                write(end, src, off, n);
            }
            optStart[count] = end + n;
            flags[count - 1] |= F_MPTCP;
            return end;
        }

        /**
         * Where {@link #setRawDataAck(int, long, int)} finds a packet's DATA_ACK: in its DSS
         * option pooled at {@code option} ({@link #addOption}'s result), 8 bytes long or not
         * ({@code ack8}): the value {@link #pooledAckAt} gives when that is the packet's last
         * option carrying one (the decoder knows which: no walk of the options again).
         */
        public static int dataAckAt(int option, boolean ack8) {
            return (option + 4) << 1 | (ack8 ? 1 : 0);
        }

        private CapLenColumn capLens;
        private int capLensOf;

        /**
         * Derives, ahead of {@link #build}, what it would derive from columns no packet changes
         * once all are added (the captured lengths): may run on another thread, which must
         * finish before {@link #build} (its result is handed over by that ordering).
         */
        public void prepare() {
            capLens = CapLenColumn.of(capLen, wireLen, count);
            capLensOf = count;
        }

        /**
         * {@link PacketTable#rawDataAck} of packets {@code idx[from..to)}, which ascend, into
         * {@code out[into .. into + to - from)}, on the columns being loaded (all packets added:
         * no DATA_ACK changes any more): one walk along the stored values instead of a search
         * each.
         */
        public void rawDataAcks(int[] idx, int from, int to, long[] out, int into) {
            if (from >= to) return;
            // next stored value at or after the packet (a few of them, or many: a block of a
            // few packets at a time must not walk them all from the start)
            int k = Arrays.binarySearch(dackIndex, 0, dackCount, idx[from]);
            if (k < 0) k = -k - 1;
            for (int x = from; x < to; x++) {
                int i = idx[x];
                int f = flags[i];
                long v = 0;
                if ((f & F_HAS_DACK) != 0) {
                    while (k < dackCount && dackIndex[k] < i) k++;
                    if (k < dackCount && dackIndex[k] == i) {
                        v = dackValue[k];
                    } else {
                        byte[] pool = chunkOf(i); // the packet has a DSS option
                        int at = ackAt(pool, f, local(i, optStart[i]), local(i, optStart[i + 1]));
                        if (at >= 0 && (at & 1) != 0) {
                            v = u64(pool, at >>> 1);
                        } else if (at >= 0) {
                            long base = dackBase[(i >>> LongColumn.SHIFT) << 2 | (f >>> LANE_SHIFT & 3)];
                            v = SeqSpace.nearest(base, (int) u32(pool, at >>> 1));
                        }
                    }
                }
                out[into + x - from] = v;
            }
        }

        /** Sets the raw DSN of packet {@code i} (and F_HAS_DSN). */
        public void setRawDsn(int i, long dsn) {
            rawDsn.set(i, dsn);
            flags[i] |= F_HAS_DSN;
        }

        /** Sets the raw DATA_ACK of packet {@code i} (and F_HAS_DACK). */
        public void setRawDataAck(int i, long dack) {
            int at = pooledAckAt(optionChunk(i), local(i, optStart[i]), local(i, optStart[i + 1]));
            setRawDataAck(i, dack, at < 0 ? at : (at >>> 1) - local(i, optStart[i]) + optStart[i] << 1 | at & 1);
        }

        /**
         * Sets the raw DATA_ACK of packet {@code i} (and F_HAS_DACK); {@code ackAt} is
         * {@link #pooledAckAt} of its options ({@link #dataAckAt}), -1 for none.
         */
        public void setRawDataAck(int i, long dack, int ackAt) {
            flags[i] &= (short) PUBLIC_FLAGS;
            if (pooled(i, dack, ackAt)) {
                // an earlier DSS option of this packet may have stored a value: this one wins
                if (dackCount > 0 && dackIndex[dackCount - 1] == i) dackCount--;
                if (ackAt >>> 1 == optStart[i] + 4) flags[i] |= (short) ACK_FIRST;
            } else if (dackCount > 0 && dackIndex[dackCount - 1] == i) {
                dackValue[dackCount - 1] = dack;
            } else {
                int k = dackCount++;
                dackIndex = Columns.ensure(dackIndex, k + 1);
                dackValue = Columns.ensure(dackValue, k + 1);
                dackIndex[k] = i;
                dackValue[k] = dack;
            }
            flags[i] |= F_HAS_DACK;
        }

        /**
         * Whether the option pool of packet {@code i} (its DATA_ACK at {@code at}, see
         * {@link #pooledAckAt}) gives {@code dack} back:
         * the last DSS option carrying a DATA_ACK has it in 8 bytes, or its 4 bytes expand to it
         * near a base of the packet's block (then the lane of that base goes into its flags).
         */
        private boolean pooled(int i, long dack, int at) {
            if (at < 0) return false;
            byte[] pool = chunkOf(i);
            int p = local(i, at >>> 1);
            assert (p << 1 | at & 1) == pooledAckAt(pool, local(i, optStart[i]), local(i, optStart[i + 1]));
            if ((at & 1) != 0) return u64(pool, p) == dack;
            int low32 = (int) u32(pool, p);
            if ((int) dack != low32) return false;
            int b0 = (i >>> LongColumn.SHIFT) << 2;
            for (int lane = 0; lane < 4; lane++) {
                if (!dackBaseSet[b0 | lane]) {
                    dackBaseSet[b0 | lane] = true;
                    dackBase[b0 | lane] = dack;
                }
                if (SeqSpace.nearest(dackBase[b0 | lane], low32) == dack) {
                    flags[i] |= (short) (lane << LANE_SHIFT);
                    return true;
                }
            }
            return false;
        }

        /**
         * Records the addresses of non-TCP IP packet {@code i} (packets must come in order);
         * {@code src} and {@code dst} hold 4 (IPv4) or 16 (IPv6) used bytes.
         */
        public void setOtherIp(int i, byte[] src, byte[] dst, int ipVersion) {
            int n = ipVersion == 6 ? 16 : 4;
            int k = otherIpCount++;
            otherIpIndex = Columns.ensure(otherIpIndex, k + 1);
            otherIpAddr = Columns.ensure(otherIpAddr, (k + 1) * 2 * ADDR);
            otherIpIndex[k] = i;
            Arrays.fill(otherIpAddr, 2 * k * ADDR, (2 * k + 2) * ADDR, (byte) 0);
            System.arraycopy(src, 0, otherIpAddr, 2 * k * ADDR, n);
            System.arraycopy(dst, 0, otherIpAddr, (2 * k + 1) * ADDR, n);
        }

        /** Freezes the columns. */
        public PacketTable build() {
            PacketTable t = new PacketTable(this);
            // the loader keeps its builder until the trace is complete: drop what the table
            // does not share (the pool offsets, or a column it trimmed)
            optStart = new int[1];
            chunks = new byte[0][];
            head = null;
            headLimit = 0;
            flags = new short[0];
            seq = new int[0];
            ack = new int[0];
            tcpFlags = new byte[0];
            window = new char[0];
            capacity = 0;
            count = 0;
            return t;
        }
    }
}
