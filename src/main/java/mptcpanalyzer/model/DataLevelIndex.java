package mptcpanalyzer.model;

import java.util.Arrays;
import java.util.List;

/**
 * The frozen {@link DataLevel} of a capture: the {@link Mappings} index, the relative subflow
 * sequence number of every payload-carrying packet (sparse, sorted by packet), and per
 * connection role the DSN base and the DATA_FIN. Raw DSNs and DATA_ACKs are the packet table's
 * columns ({@link PacketTable#rawDsn}, {@link PacketTable#rawDataAck}).
 */
public final class DataLevelIndex implements DataLevel {
    /** Kinds of DSN base per connection role. */
    public static final byte BASE_UNKNOWN = 0;
    public static final byte BASE_IDSN = 1;
    public static final byte BASE_FIRST_DSN = 2;

    private final Mappings mappings;
    private final List<Subflow> subflows;
    /** Bit i set: packet i carries payload on an MPTCP subflow. */
    private final long[] isData;
    private final int dataCount;
    /**
     * Relative subflow sequence numbers are not stored: the packet's 32-bit TCP sequence number
     * less its direction's base ({@code seqBase}, per {@code subflow * 2 + dir}) gives the low
     * 32 bits, expanded near a base kept per block of packets and lane (up to 4 per block; the
     * packet's lane in 2 bits of {@code lanes}). The few that do not expand so are stored.
     */
    private final int[] seqBase;
    private final long[] laneBase;
    private final long[] lanes;
    private final int[] excIndex;
    private final long[] excValue;
    private final long[] base;
    private final byte[] baseKind;
    private final int[] finFrame;
    private final long[] finDsn;
    private PacketTable packets;

    /**
     * The relative subflow sequence numbers of the payload packets on MPTCP subflows, encoded
     * (see {@link #encode}): which packets they are ({@code isData}, {@code dataCount}), the
     * lane bases and each packet's lane, and the values stored as they are.
     */
    public record Ssn(long[] isData, int dataCount, long[] laneBase, long[] lanes, int[] excIndex,
            long[] excValue) {}

    /**
     * Encodes the relative subflow sequence numbers of the payload packets. Reads only columns
     * that no longer change once the packets are in (subflow, direction, TCP sequence number),
     * so it may run on another thread while the DSNs are being set.
     *
     * @param table the packets being loaded
     * @param dataIdx packets with payload (0-based, ascending; the first {@code count})
     * @param dataSsn their relative subflow sequence numbers
     * @param keep per subflow: whether its packets count (it belongs to an MPTCP connection)
     * @param seqBase the TCP sequence number each relative one counts from, per
     *     {@code subflow * 2 + dir}
     */
    public static Ssn encode(PacketTable.Builder table, int[] dataIdx, long[] dataSsn, int count,
            boolean[] keep, int[] seqBase) {
        int last = -1;
        int kept = 0;
        for (int k = 0; k < count; k++) {
            if (keep[table.subflow(dataIdx[k])]) {
                last = dataIdx[k];
                kept++;
            }
        }
        int n = last + 1;
        long[] isData = new long[(n + 63) >>> 6];
        long[] laneBase = new long[((n + LongColumn.BLOCK - 1) >>> LongColumn.SHIFT) << 2];
        long[] lanes = new long[(n + 31) >>> 5];
        boolean[] laneSet = new boolean[laneBase.length];
        int[] xi = new int[16];
        long[] xv = new long[16];
        int nx = 0;
        for (int k = 0; k < count; k++) {
            int i = dataIdx[k];
            int sub = table.subflow(i);
            if (!keep[sub]) continue;
            long v = dataSsn[k];
            isData[i >>> 6] |= 1L << i;
            int dir = (table.flags(i) & PacketTable.F_REVERSE) != 0 ? 1 : 0;
            int rel32 = table.seq(i) - seqBase[sub * 2 + dir];
            int lane = -1;
            if (rel32 == (int) v) {
                int b0 = (i >>> LongColumn.SHIFT) << 2;
                for (int l = 0; l < 4 && lane < 0; l++) {
                    if (!laneSet[b0 | l]) {
                        laneSet[b0 | l] = true;
                        laneBase[b0 | l] = v;
                    }
                    if (SeqSpace.nearest(laneBase[b0 | l], rel32) == v) lane = l;
                }
            }
            if (lane >= 0) {
                lanes[i >>> 5] |= (long) lane << ((i & 31) << 1);
            } else {
                if (nx == xi.length) {
                    xi = Arrays.copyOf(xi, 2 * nx);
                    xv = Arrays.copyOf(xv, 2 * nx);
                }
                xi[nx] = i;
                xv[nx++] = v;
            }
        }
        return new Ssn(isData, kept, laneBase, lanes, Arrays.copyOf(xi, nx), Arrays.copyOf(xv, nx));
    }

    /**
     * @param ssn the encoded relative subflow sequence numbers ({@link #encode})
     * @param seqBase the TCP sequence number each relative one counts from, per
     *     {@code subflow * 2 + dir}
     * @param base DSN base per {@code conn * 2 + role}
     * @param baseKind BASE_* per {@code conn * 2 + role}
     * @param finFrame first DATA_FIN frame per {@code conn * 2 + role} (0 = none)
     * @param finDsn its DSN
     */
    public DataLevelIndex(Mappings mappings, List<Subflow> subflows, Ssn ssn, int[] seqBase,
            long[] base, byte[] baseKind, int[] finFrame, long[] finDsn) {
        this.mappings = mappings;
        this.subflows = subflows;
        this.isData = ssn.isData();
        this.dataCount = ssn.dataCount();
        this.seqBase = seqBase;
        this.laneBase = ssn.laneBase();
        this.lanes = ssn.lanes();
        this.excIndex = ssn.excIndex();
        this.excValue = ssn.excValue();
        this.base = base;
        this.baseKind = baseKind;
        this.finFrame = finFrame;
        this.finDsn = finDsn;
    }

    /** Gives the frozen packet table (once, by the loader, before the trace is shared). */
    public void attach(PacketTable table) {
        if (packets != null) throw new IllegalStateException("already attached");
        packets = table;
    }

    @Override public Mappings mappings() { return mappings; }

    @Override public boolean hasDsn(int i) { return packets.has(i, PacketTable.F_HAS_DSN); }

    @Override public long rawDsn(int i) { return packets.rawDsn(i); }

    @Override public boolean hasRelativeDsn(int i) {
        return hasDsn(i) && baseKind[roleKey(i, false)] != BASE_UNKNOWN;
    }

    @Override public long relativeDsn(int i) { return packets.rawDsn(i) - base[roleKey(i, false)]; }

    @Override public boolean hasDataAck(int i) { return packets.has(i, PacketTable.F_HAS_DACK); }

    @Override public long rawDataAck(int i) { return packets.rawDataAck(i); }

    @Override public boolean hasRelativeDataAck(int i) {
        return hasDataAck(i) && baseKind[roleKey(i, true)] != BASE_UNKNOWN;
    }

    @Override public long relativeDataAck(int i) {
        return packets.rawDataAck(i) - base[roleKey(i, true)];
    }

    @Override public long subflowSeq(int i) {
        if (i < 0 || (i >>> 6) >= isData.length || (isData[i >>> 6] & 1L << i) == 0) return -1;
        if (excIndex.length > 0) {
            int k = Arrays.binarySearch(excIndex, i);
            if (k >= 0) return excValue[k];
        }
        int key = packets.subflow(i) * 2 + (packets.has(i, PacketTable.F_REVERSE) ? 1 : 0);
        int lane = (int) (lanes[i >>> 5] >>> ((i & 31) << 1)) & 3;
        long near = laneBase[(i >>> LongColumn.SHIFT) << 2 | lane];
        return SeqSpace.nearest(near, packets.seq(i) - seqBase[key]);
    }

    @Override public int[] mappingsOf(int i) {
        long ssn = subflowSeq(i);
        if (ssn < 0) return new int[0];
        int dir = packets.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        return mappings.covering(packets.subflow(i), dir, ssn, ssn + packets.payloadLen(i));
    }

    @Override public int[] relatedMappings(int i) {
        int[] ms = mappingsOf(i);
        int n = 0;
        for (int m : ms) n += mappings.frames(m).length;
        int[] out = new int[n];
        n = 0;
        for (int m : ms) for (int f : mappings.frames(m)) out[n++] = f;
        Arrays.sort(out);
        return out;
    }

    @Override public int checksumOk(int i) {
        boolean ok = false, unknown = false;
        for (int m : mappingsOf(i)) {
            switch (mappings.checksum(m)) {
                case Mappings.CHECKSUM_BAD -> { return 0; }
                case Mappings.CHECKSUM_OK -> ok = true;
                case Mappings.CHECKSUM_UNVERIFIABLE -> unknown = true;
                default -> { }
            }
        }
        return ok && !unknown ? 1 : -1;
    }

    @Override public String dsnBase(int conn, int role) {
        int k = conn * 2 + role;
        if (k < 0 || k >= baseKind.length) return null;
        return switch (baseKind[k]) {
            case BASE_IDSN -> "idsn";
            case BASE_FIRST_DSN -> "first_dsn";
            default -> null;
        };
    }

    @Override public long dsnBaseValue(int conn, int role) { return base[conn * 2 + role]; }

    @Override public int dataFinFrame(int conn, int role) {
        int k = conn * 2 + role;
        return k < finFrame.length ? finFrame[k] : 0;
    }

    @Override public long dataFinDsn(int conn, int role) { return finDsn[conn * 2 + role]; }

    /** Packets with payload on MPTCP subflows (0-based indexes, ascending); a copy. */
    public int[] dataPackets() {
        int[] out = new int[dataCount];
        int n = 0;
        for (int w = 0; w < isData.length; w++) {
            for (long bits = isData[w]; bits != 0; bits &= bits - 1) {
                out[n++] = w << 6 | Long.numberOfTrailingZeros(bits);
            }
        }
        return out;
    }

    /**
     * {@code conn * 2 + role} of the sender of packet {@code i} ({@code receiver} false) or of its
     * receiver; a packet on a plain TCP conversation maps to a slot with an unknown base.
     */
    private int roleKey(int i, boolean receiver) {
        Subflow s = subflows.get(packets.subflow(i));
        if (s.conn < 0) return baseKind.length - 1;
        int dir = packets.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        int role = dir == 0 ? s.clientRole : 1 - s.clientRole;
        return s.conn * 2 + (receiver ? 1 - role : role);
    }

    /** Retained bytes beyond the packet table, for the benchmark. */
    public long retainedBytes() {
        return mappings.retainedBytes() + 8L * isData.length + 8L * lanes.length
                + 8L * laneBase.length
                + 4L * seqBase.length + 12L * excIndex.length
                + 21L * baseKind.length;
    }
}
