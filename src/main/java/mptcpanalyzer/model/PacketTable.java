package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * Per-packet columns of a loaded capture: primitive arrays indexed by {@code frame - 1}, frozen
 * after load. No object per packet.
 *
 * <p>MPTCP options are kept as their raw bytes in one pool, so that every option field can be
 * decoded on demand by the wire views; each pooled option is stored as one byte with its
 * readable length followed by the option bytes.
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
    final byte[] optPool;
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
        optPool = Columns.fit(b.optPool, b.optStart[count], Builder.POOL_SLACK);
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
        int at = ackAt(optPool, f, optionsStart(i), optionsEnd(i));
        if (at < 0) return 0; // not reached: setRawDataAck stored what the pool does not give
        if ((at & 1) != 0) return u64(optPool, at >>> 1);
        long base = dackBase[(i >>> LongColumn.SHIFT) << 2 | (f >>> LANE_SHIFT & 3)];
        return SeqSpace.nearest(base, (int) u32(optPool, at >>> 1));
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
     * The pool of raw MPTCP option bytes: each packet's MPTCP options as captured, one after
     * the other ({@link #optionsStart}, {@link #optionsEnd}); walk them with
     * {@link #optionLength}.
     */
    public byte[] optionPool() { return optPool; }

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

    /** Pool offset where packet {@code i}'s options start. */
    public int optionsStart(int i) { return optBase[i >>> OPT_SHIFT] + optLow[i]; }

    /** Pool offset where packet {@code i}'s options end. */
    public int optionsEnd(int i) { return optBase[(i + 1) >>> OPT_SHIFT] + optLow[i + 1]; }

    /** log2 of the packets per block of {@link #optBase}. */
    private static final int OPT_SHIFT = 9;

    /**
     * Approximate retained bytes of the columns, for {@code info} and the benchmark.
     */
    public long retainedBytes() {
        long perPacket = 4 + 2 + 4 + 2 + 2 + 4 + 4 + 1 + 2 + 2 + 2 + 4;
        return perPacket * count + optPool.length + tsNanos.extraBytes() + fileOffset.extraBytes()
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
        byte[] optPool = new byte[0];
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
         * The next packet would grow the columns, or its options the pool (by doubling: the
         * loader sizes them again from the file size first).
         */
        public boolean nearlyFull() {
            return count == capacity || optStart[count] + 1024 > optPool.length;
        }

        /** Option pool bytes there is room for before it grows. */
        public int poolCapacity() { return optPool.length; }

        /** Option pool bytes used so far. */
        public int poolSize() { return optStart[count]; }

        /** Number of packets added so far. */
        public int size() { return count; }

        /**
         * Makes room for {@code packets} packets and {@code poolBytes} option bytes at once, so
         * that a load whose size is known in advance copies no column while it grows (while the
         * counting thread's columns come: {@link #grow}).
         */
        public void reserve(int packets, int poolBytes) {
            if (packets > capacity) resize(packets);
            if (poolBytes > optPool.length) optPool = Arrays.copyOf(optPool, poolBytes);
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
         * The option pool on the way to {@code poolBytes}: a stashed one of {@code leastPoolBytes}
         * or more where {@code stash} holds one (may be null), else doubled when nearly full.
         */
        public void growPool(int leastPoolBytes, int poolBytes, ArrayStash stash) {
            if (optPool.length >= leastPoolBytes) return;
            byte[] t = ArrayStash.takeAtLeast(stash, leastPoolBytes);
            int used = optStart[count];
            if (t != null) {
                System.arraycopy(optPool, 0, t, 0, used);
                optPool = t;
            } else if (used + 1024 > optPool.length) {
                long n = Math.max(2L * optPool.length, used + 2048L);
                optPool = Arrays.copyOf(optPool, (int) Math.min(Integer.MAX_VALUE - 16,
                        Math.min(n, Math.max(poolBytes, used + 2048L))));
            }
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
         * The option pool is trimmed when more than 1/2^this of it is spare. The loader sizes it
         * with 5 % to spare (its bytes per packet drift as a capture goes on, and a pool that
         * runs short is copied whole): a trim at 1/32 would copy every pre-sized pool once more
         * at the end (33 MB for 1.5 million packets) to save about 1 B a packet; over 1/64, 0.4 B.
         */
        static final int POOL_SLACK = 4;

        /**
         * Drops the spare capacity a pre-sized load left when it is over 1/64 (the size is
         * estimated from the first packets; 6 % over on a real capture), 1/16 for the option
         * pool: once, after the last packet, one column at a time, so that {@link #build}
         * copies none while everything else of the load is alive too.
         */
        public void trimToSize() {
            int n = count;
            if (capacity - n > n >> 6) resize(n);
            optPool = Columns.fit(optPool, optStart[n], POOL_SLACK);
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
            optPool = Columns.ensure(optPool, end + n);
            System.arraycopy(src, off, optPool, end, n);
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
         * {@code out[from..to)}, on the columns being loaded (all packets added: no DATA_ACK
         * changes any more): one walk along the stored values instead of a search each.
         */
        public void rawDataAcks(int[] idx, int from, int to, long[] out) {
            int k = 0; // next stored value at or after the packet
            for (int x = from; x < to; x++) {
                int i = idx[x];
                int f = flags[i];
                long v = 0;
                if ((f & F_HAS_DACK) != 0) {
                    while (k < dackCount && dackIndex[k] < i) k++;
                    if (k < dackCount && dackIndex[k] == i) {
                        v = dackValue[k];
                    } else {
                        int at = ackAt(optPool, f, optStart[i], optStart[i + 1]);
                        if (at >= 0 && (at & 1) != 0) {
                            v = u64(optPool, at >>> 1);
                        } else if (at >= 0) {
                            long base = dackBase[(i >>> LongColumn.SHIFT) << 2 | (f >>> LANE_SHIFT & 3)];
                            v = SeqSpace.nearest(base, (int) u32(optPool, at >>> 1));
                        }
                    }
                }
                out[x] = v;
            }
        }

        /** Sets the raw DSN of packet {@code i} (and F_HAS_DSN). */
        public void setRawDsn(int i, long dsn) {
            rawDsn.set(i, dsn);
            flags[i] |= F_HAS_DSN;
        }

        /** Sets the raw DATA_ACK of packet {@code i} (and F_HAS_DACK). */
        public void setRawDataAck(int i, long dack) {
            setRawDataAck(i, dack, pooledAckAt(optPool, optStart[i], optStart[i + 1]));
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
            assert at == pooledAckAt(optPool, optStart[i], optStart[i + 1]);
            if (at < 0) return false;
            if ((at & 1) != 0) return u64(optPool, at >>> 1) == dack;
            int low32 = (int) u32(optPool, at >>> 1);
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
            optPool = new byte[0];
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
