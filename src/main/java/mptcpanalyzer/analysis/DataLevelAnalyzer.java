package mptcpanalyzer.analysis;

import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.ArrayStash;
import mptcpanalyzer.model.Columns;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.DataLevelIndex;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.SeqSpace;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.mptcp.Dss;
import mptcpanalyzer.wire.mptcp.MpCapable;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * DSS mappings and per-packet data sequence numbers (issue 3). Sees every TCP packet while the
 * capture streams by (payload bytes are available only then, for the DSS checksum), and builds
 * the {@link DataLevel} index at the end.
 *
 * <p>While streaming: every mapping announcement goes into a {@link Mappings.Builder} (4-byte
 * DSNs and DATA_ACKs expanded against the connection's DSN space, see {@link SeqSpace}), every
 * payload-carrying packet gets its relative subflow sequence number, and the payload bytes are
 * summed into the checksum of the mappings they belong to. At the end: the index is sorted and
 * merged, and each data packet's DSN is looked up in it, so that a mapping announced after the
 * data it covers still counts.
 */
final class DataLevelAnalyzer {
    private static final int SYN = 0x02;
    /** How many recent mappings of a direction the streaming checksum looks at for a packet. */
    private static final int CHECKSUM_WINDOW = 64;
    /** How many overlapping earlier mappings the conflict check compares a mapping with. */
    private static final int CONFLICT_WINDOW = 16;

    private final Anomalies anomalies;
    private final PacketTable.Builder table;
    private final List<Connection> connections;
    private Mappings.Builder mappings = new Mappings.Builder();
    private final Dss dss = new Dss();
    private final MpCapable capable = new MpCapable();
    /** Some mapping carries a checksum (else payloads need no look). */
    private boolean checksums;

    // per subflow direction (key = subflow * 2 + dir)
    private boolean[] baseSet = new boolean[0];
    private int[] base = new int[0];
    private boolean[] relSeen = new boolean[0];
    private long[] lastRel = new long[0];

    // per connection role (k = conn * 2 + role)
    private boolean[] dsnSeen = new boolean[0];
    private long[] lastDsn = new long[0];
    private long[] firstDsn = new long[0];
    private boolean[] ackSeen = new boolean[0];
    private long[] lastAck = new long[0];
    private boolean[] sentKnown = new boolean[0];
    private long[] sentEnd = new long[0];
    private boolean[] ackBeyondReported = new boolean[0];
    private int[] finFrame = new int[0];
    private long[] finDsn = new long[0];

    // per provisional mapping: streaming checksum state
    private long[] ckSum = new long[0];
    private int[] ckNext = new int[0];
    private int[] ckValue = new int[0];
    private int[] ckSsn32 = new int[0];

    // packets with payload: index and relative subflow sequence number
    private int dataCount;
    private int[] dataIdx = new int[0];
    private long[] dataSsn = new long[0];
    private int[] dataLen = new int[0];

    DataLevelAnalyzer(Anomalies anomalies, PacketTable.Builder table, List<Connection> connections) {
        this.anomalies = anomalies;
        this.table = table;
        this.connections = connections;
    }

    /**
     * Allocates into {@code stash} (a recording one), on the calling thread, the per-packet
     * arrays {@link #grow} will take for {@code packets} packets (those
     * sized by packets alone, not the mappings, sized at their rate so far).
     */
    static void stash(int packets, ArrayStash stash) {
        ArrayStash.copyOf(stash, new int[0], packets);
        ArrayStash.copyOf(stash, new long[0], packets);
        ArrayStash.copyOf(stash, new int[0], packets);
    }

    /**
     * Makes room for a load expected to have {@code packets} packets, {@code seen} of them seen
     * so far (a pre-sized load): as many payload-carrying packets, and the mappings and their
     * announcements at the rate so far, a quarter more. That rate, taken over the first packets,
     * was 9 % under the final one on a real capture (heldout14), and running short doubles the
     * arrays (17 MB more there); a quarter more costs 3 MB on 1.4 million packets, and these
     * arrays do not stay in the model (while the counting thread's arrays come: {@link #grow}).
     */
    void reserve(int packets, int seen) {
        if (packets > dataIdx.length) {
            dataIdx = Arrays.copyOf(dataIdx, packets);
            dataSsn = Arrays.copyOf(dataSsn, packets);
            dataLen = Arrays.copyOf(dataLen, packets);
        }
        reserveMappings(packets, seen);
    }

    /**
     * {@link #reserve} for a load of {@code packets} packets whose per-packet arrays come from
     * {@code stash} while the other thread fills it: taken when it holds all three, else they
     * grow as they fill, as without a reserve.
     */
    void grow(int packets, int seen, ArrayStash stash) {
        if (packets > dataIdx.length && stash != null) {
            Object[] t = stash.takeAll(new Class<?>[] {int[].class, long[].class, int[].class},
                    new int[] {packets, packets, packets});
            if (t != null) {
                dataIdx = (int[]) ArrayStash.copyInto(dataIdx, t[0]);
                dataSsn = (long[]) ArrayStash.copyInto(dataSsn, t[1]);
                dataLen = (int[]) ArrayStash.copyInto(dataLen, t[2]);
            }
        }
        // called again and again while the stash fills: a jump, or nothing (each is a copy)
        double scale = (double) packets / Math.max(1, seen) * 1.25;
        if (mappings.size() * scale + 16 > 2.0 * mappings.capacity()) reserveMappings(packets, seen);
    }

    /** Whether the per-packet arrays hold {@code packets} packets. */
    boolean holds(int packets) { return dataIdx.length >= packets; }

    /** The mappings and their announcements at the rate so far, a quarter more ({@link #reserve}). */
    private void reserveMappings(int packets, int seen) {
        double scale = (double) packets / Math.max(1, seen) * 1.25;
        int m = (int) Math.min(Integer.MAX_VALUE - 16, mappings.size() * scale + 16);
        mappings.reserve(m, (int) Math.min(Integer.MAX_VALUE - 16, mappings.announcements() * scale + 16));
        if (m > ckSum.length) {
            ckSum = Arrays.copyOf(ckSum, m);
            ckNext = Arrays.copyOf(ckNext, m);
            ckValue = Arrays.copyOf(ckValue, m);
            ckSsn32 = Arrays.copyOf(ckSsn32, m);
        }
    }

    /**
     * Called for every TCP packet, after its MPTCP options went through the connection mapper;
     * bit k of {@code wellFormed} is set when option k passed {@link MptcpOption#check};
     * {@code ackAt}: where the table pooled its DATA_ACK
     * ({@link PacketTable.Builder#dataAckAt}), -1 for none.
     */
    void onTcpPacket(int i, Subflow s, int dir, DecodedPacket dp, int wellFormed, int ackAt) {
        int key = s.id * 2 + dir;
        // the arrays grow with the subflows and connections: rarely, so the check stays here
        if (key >= baseSet.length) ensureSubflowKey(key);
        if (s.conn >= 0 && s.conn * 2 + 1 >= dsnSeen.length) ensureRole(s.conn * 2 + 1);
        long rel = -1;
        if (dp.payloadLen > 0) rel = relativeSeq(key, s, dir, dp);
        if (s.conn >= 0) {
            for (int k = 0; k < dp.mptcpCount; k++) {
                int off = dp.mptcpOffset[k];
                int len = dp.mptcpLength[k];
                if (k >= 32 ? MptcpOption.check(dp.buf, off, len, dp.tcpFlags) != null
                        : (wellFormed & 1 << k) == 0) {
                    continue;
                }
                switch (MptcpOption.subtype(dp.buf, off)) {
                    case MptcpOption.DSS -> onDss(i, s, dir, key, rel, dp, k, ackAt);
                    case MptcpOption.MP_CAPABLE -> onCapable(i, s, dir, key, rel, dp, off, len);
                    default -> { }
                }
            }
        }
        if (rel >= 0 && s.conn >= 0) {
            addData(i, rel, dp.payloadLen);
            if (checksums) sumPayload(key, rel, dp);
        }
    }

    // ------------------------------------------------------------------ subflow sequence space

    /**
     * Relative subflow sequence number of the packet's first payload byte, unwrapped to 64 bits.
     * The base is the ISN when the SYN was captured; otherwise, when the packet carries a DSS
     * mapping, the ISN it implies (seq - subflow seq, assuming the packet starts its mapping);
     * otherwise the first sequence number seen (then mappings may not line up: a capture that
     * starts mid-subflow without a mapping on its first data packet).
     */
    private long relativeSeq(int key, Subflow s, int dir, DecodedPacket dp) {
        if (!baseSet[key]) {
            baseSet[key] = true;
            if (s.isnSeen[dir]) {
                base[key] = s.isn[dir];
            } else {
                long ssn = firstMappingSsn(dp);
                base[key] = ssn >= 0 ? dp.seq - (int) ssn : s.baseSeq[dir];
            }
        }
        int rel32 = dp.seq - base[key];
        long rel = relSeen[key] ? SeqSpace.nearest(lastRel[key], rel32) : Integer.toUnsignedLong(rel32);
        relSeen[key] = true;
        lastRel[key] = rel;
        return rel;
    }

    /** Subflow sequence number of the packet's first DSS mapping, or -1. */
    private long firstMappingSsn(DecodedPacket dp) {
        for (int k = 0; k < dp.mptcpCount; k++) {
            int off = dp.mptcpOffset[k];
            int len = dp.mptcpLength[k];
            if (MptcpOption.check(dp.buf, off, len, dp.tcpFlags) != null) continue;
            if (MptcpOption.subtype(dp.buf, off) != MptcpOption.DSS) continue;
            Dss d = dss.wrap(dp.buf, off, len);
            if (d.dsnPresent() && d.subflowSeq() != 0) return d.subflowSeq();
        }
        return -1;
    }

    /** Unwraps a 32-bit relative subflow sequence number from a DSS option. */
    private long unwrapSsn(int key, long rel, long ssn32) {
        if (rel >= 0) return SeqSpace.nearest(rel, ssn32);
        if (relSeen[key]) return SeqSpace.nearest(lastRel[key], ssn32);
        return ssn32;
    }

    // ------------------------------------------------------------------ options

    private void onCapable(int i, Subflow s, int dir, int key, long rel, DecodedPacket dp,
            int off, int len) {
        MpCapable c = capable.wrap(dp.buf, off, len);
        if (!c.hasDataLevelLength() || (dp.tcpFlags & SYN) != 0) return;
        // RFC 8684 3.1: the data of the third ACK is mapped implicitly, DSN = IDSN + 1, ssn 1
        int role = ConnectionMapper.role(s, dir);
        int rk = s.conn * 2 + role;
        long dsn = Keys.idsn(c.senderKey(), Math.max(1, c.version())) + 1;
        int flags = Mappings.F_MP_CAPABLE | (c.hasChecksum() ? Mappings.F_CHECKSUM : 0);
        addMapping(i, key, rk, unwrapSsn(key, rel, 1), 1, c.dataLevelLength(), dsn, flags,
                c.checksum(), s.conn);
    }

    /**
     * MPTCP option {@code k} of the packet, a DSS option (well formed: {@link MptcpOption#check}
     * passed). Its fields come as the decoder read them ({@link DecodedPacket#dssAck} and the
     * like: on the reading thread of a load), not from the option again: this runs for nearly
     * every packet of a trace, on the thread that sets the pace of the load.
     */
    private void onDss(int i, Subflow s, int dir, int key, long rel, DecodedPacket dp, int k,
            int ackAt) {
        int f = dp.buf[dp.mptcpOffset[k] + 3] & 0xff;
        int frame = i + 1;
        int role = ConnectionMapper.role(s, dir);
        int rk = s.conn * 2 + role;
        int peer = s.conn * 2 + 1 - role;
        if ((f & Dss.FLAG_DATA_ACK_PRESENT) != 0) {
            long ack = (f & Dss.FLAG_DATA_ACK8) != 0 ? dp.dssAck[k]
                    : ackReference(s.conn, role, dp.dssAck[k]);
            table.setRawDataAck(i, ack, ackAt);
            ackSeen[rk] = true;
            lastAck[rk] = ack;
            if (sentKnown[peer] && ack - sentEnd[peer] > 0 && !ackBeyondReported[rk]) {
                ackBeyondReported[rk] = true;
                anomalies.add(frame, Anomaly.DATA_ACK_BEYOND_SENT, s.conn, String.format(
                        "DATA_ACK %s is %d beyond the highest data sequence number sent (%s)",
                        Long.toUnsignedString(ack), ack - sentEnd[peer],
                        Long.toUnsignedString(sentEnd[peer])));
            }
        }
        if ((f & Dss.FLAG_DSN_PRESENT) == 0) return;
        boolean dsn8 = (f & Dss.FLAG_DSN8) != 0;
        long dsn = dsn8 ? dp.dssDsn[k] : dsnReference(s.conn, role, dp.dssDsn[k]);
        long ssn32 = dp.dssSsn[k];
        int dll = dp.dssDll[k];
        boolean hasChecksum = dp.dssChecksum[k] >= 0;
        boolean fin = (f & Dss.FLAG_DATA_FIN) != 0;
        if (fin && dll > 0 && finFrame[rk] == 0) {
            finFrame[rk] = frame;
            finDsn[rk] = dsn + dll - 1;
        }
        if (fin && dll == 1 && ssn32 == 0) {
            // RFC 8684 3.3.3: a DATA_FIN without data has subflow sequence 0; it maps no bytes
            noteDsn(rk, dsn, dsn + 1);
            return;
        }
        int flags = (dsn8 ? 0 : Mappings.F_DSN4) | (hasChecksum ? Mappings.F_CHECKSUM : 0)
                | (fin ? Mappings.F_DATA_FIN : 0) | (dll == 0 ? Mappings.F_INFINITE : 0);
        int before = mappings.size();
        addMapping(i, key, rk, unwrapSsn(key, rel, ssn32), (int) ssn32, dll, dsn, flags,
                hasChecksum ? dp.dssChecksum[k] : 0, s.conn);
        // after a fallback the data no longer has mappings: what the peer acknowledges is unknown
        if (dll == 0) ackBeyondReported[peer] = true;
        if (dll == 0 && mappings.size() > before) {
            anomalies.add(frame, Anomaly.DSS_INFINITE_MAPPING, s.conn, String.format(
                    "infinite mapping on subflow %d from DSN %s, subflow seq %d: fallback",
                    s.id, Long.toUnsignedString(dsn), ssn32));
        }
    }

    private void addMapping(int i, int key, int rk, long ssn, int ssn32, int dll, long dsn,
            int flags, int checksum, int conn) {
        int before = mappings.size();
        int m = mappings.add(key, ssn, dll, dsn, flags, i + 1);
        if ((flags & Mappings.F_CHECKSUM) != 0) checksums = true;
        if (m >= before) {
            ckSum = Columns.ensure(ckSum, m + 1);
            ckNext = Columns.ensure(ckNext, m + 1);
            ckValue = Columns.ensure(ckValue, m + 1);
            ckSsn32 = Columns.ensure(ckSsn32, m + 1);
            ckSum[m] = 0;
            ckNext[m] = 0;
            ckValue[m] = checksum;
            ckSsn32[m] = ssn32;
        }
        noteDsn(rk, dsn, dll == 0 ? dsn : dsn + dll);
    }

    /** The sender of {@code rk} used DSNs up to {@code end} (exclusive). */
    private void noteDsn(int rk, long dsn, long end) {
        if (!dsnSeen[rk]) firstDsn[rk] = dsn;
        dsnSeen[rk] = true;
        lastDsn[rk] = dsn;
        if (!sentKnown[rk] || end - sentEnd[rk] > 0) sentEnd[rk] = end;
        sentKnown[rk] = true;
    }

    /**
     * Expands a 4-byte DSN sent by {@code role}: near the last DSN that role sent, else its IDSN,
     * else the peer's last DATA_ACK; with none of them known, the upper 32 bits are 0.
     */
    private long dsnReference(int conn, int role, long low32) {
        int rk = conn * 2 + role;
        if (dsnSeen[rk]) return SeqSpace.nearest(lastDsn[rk], low32);
        Connection c = connections.get(conn);
        if (c.keySeen[role]) return SeqSpace.nearest(c.idsn[role] + 1, low32);
        int peer = conn * 2 + 1 - role;
        if (ackSeen[peer]) return SeqSpace.nearest(lastAck[peer], low32);
        return low32;
    }

    /**
     * Expands a 4-byte DATA_ACK sent by {@code role}: near its last DATA_ACK, else the peer's
     * last DSN, else the peer's IDSN; with none of them known, the upper 32 bits are 0.
     */
    private long ackReference(int conn, int role, long low32) {
        int rk = conn * 2 + role;
        if (ackSeen[rk]) return SeqSpace.nearest(lastAck[rk], low32);
        int peer = conn * 2 + 1 - role;
        if (dsnSeen[peer]) return SeqSpace.nearest(lastDsn[peer], low32);
        Connection c = connections.get(conn);
        if (c.keySeen[1 - role]) return SeqSpace.nearest(c.idsn[1 - role] + 1, low32);
        return low32;
    }

    // ------------------------------------------------------------------ checksums

    /**
     * Adds the packet's payload to the running DSS checksum (RFC 8684 3.3.1: the 16-bit one's
     * complement sum of a pseudo-header and the mapping's data) of each recent checksummed
     * mapping it overlaps. Bytes must come in order from the mapping's start; a gap (out of
     * order, not captured) or a byte cut by the snap length leaves the mapping unverifiable.
     */
    private void sumPayload(int key, long rel, DecodedPacket dp) {
        long pktEnd = rel + dp.payloadLen;
        int m = mappings.lastOf(key);
        for (int n = 0; m >= 0 && n < CHECKSUM_WINDOW; n++, m = mappings.previous(m)) {
            if ((mappings.flags(m) & Mappings.F_CHECKSUM) == 0) continue;
            if (mappings.checksum(m) != Mappings.CHECKSUM_UNVERIFIABLE) continue; // settled
            if (ckNext[m] < 0) continue; // cut: stays unverifiable
            long start = mappings.ssn(m);
            long end = mappings.end(m);
            long lo = Math.max(rel, start), hi = Math.min(pktEnd, end);
            if (lo >= hi) continue;
            long from = start + ckNext[m];
            if (from < lo || from >= hi) continue; // a gap before this packet, or bytes we have
            int p0 = (int) (from - rel), p1 = (int) (hi - rel);
            if (p1 > dp.payloadCaptured) {
                ckNext[m] = -1;
                continue;
            }
            long sum = ckSum[m];
            boolean even = ((from - start) & 1) == 0;
            byte[] b = dp.buf;
            int base = dp.payloadOffset;
            for (int p = p0; p < p1; p++) {
                int v = b[base + p] & 0xff;
                sum += even ? v << 8 : v;
                even = !even;
            }
            ckSum[m] = sum;
            ckNext[m] = (int) (hi - start);
            if (hi == end) mappings.checksum(m, verify(m) ? Mappings.CHECKSUM_OK : Mappings.CHECKSUM_BAD);
            if (start <= rel && end >= pktEnd) break; // the packet lies inside this mapping
        }
    }

    /** Whether mapping {@code m}'s data sum plus its pseudo-header folds to 0xffff. */
    private boolean verify(int m) {
        long dsn = mappings.rawDsn(m);
        long sum = ckSum[m];
        for (int sh = 48; sh >= 0; sh -= 16) sum += (dsn >>> sh) & 0xffff;
        sum += (ckSsn32[m] >>> 16) & 0xffff;
        sum += ckSsn32[m] & 0xffff;
        sum += mappings.length(m) & 0xffff;
        sum += ckValue[m] & 0xffff;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return sum == 0xffff;
    }

    // ------------------------------------------------------------------ bookkeeping

    private void addData(int i, long rel, int len) {
        if (dataCount == dataIdx.length) { // one check: the three columns grow together
            dataIdx = Columns.ensure(dataIdx, dataCount + 1);
            dataSsn = Columns.ensure(dataSsn, dataCount + 1);
            dataLen = Columns.ensure(dataLen, dataCount + 1);
        }
        dataIdx[dataCount] = i;
        dataSsn[dataCount] = rel;
        dataLen[dataCount] = len;
        dataCount++;
    }

    private void ensureSubflowKey(int key) {
        if (key < baseSet.length) return;
        int n = Math.max(2 * baseSet.length, key + 2);
        baseSet = Arrays.copyOf(baseSet, n);
        base = Arrays.copyOf(base, n);
        relSeen = Arrays.copyOf(relSeen, n);
        lastRel = Arrays.copyOf(lastRel, n);
    }

    private void ensureRole(int k) {
        if (k < dsnSeen.length) return;
        int n = Math.max(2 * dsnSeen.length, k + 2);
        dsnSeen = Arrays.copyOf(dsnSeen, n);
        lastDsn = Arrays.copyOf(lastDsn, n);
        firstDsn = Arrays.copyOf(firstDsn, n);
        ackSeen = Arrays.copyOf(ackSeen, n);
        lastAck = Arrays.copyOf(lastAck, n);
        sentKnown = Arrays.copyOf(sentKnown, n);
        sentEnd = Arrays.copyOf(sentEnd, n);
        ackBeyondReported = Arrays.copyOf(ackBeyondReported, n);
        finFrame = Arrays.copyOf(finFrame, n);
        finDsn = Arrays.copyOf(finDsn, n);
    }

    // ------------------------------------------------------------------ finish

    /**
     * Called once after the last packet, before the anomalies are frozen (it may add some):
     * freezes the mapping index, reports its conflicts, infinite mappings and bad checksums,
     * and sets the DSN of every data packet. Then {@link #index} gives the result. The DSNs are
     * written over the data packets' columns, which {@link #ssn} reads: {@code encoded} returns
     * once it has (it may run on another thread meanwhile, until then).
     */
    void resolve(List<Subflow> subflows, List<Connection> connections, Runnable encoded) {
        PhaseTimer timing = PhaseTimer.of("resolve");
        int conns = connections.size();
        ensureRole(conns * 2 + 1);
        index = mappings.build();
        timing.mark("mappings build");
        mappings = new Mappings.Builder(); // its per-announcement lists are garbage now
        reportMappings(index, subflows);
        timing.mark("report");

        // DSN bases per role; one extra slot (unknown) for plain TCP packets
        dsnBase = new long[conns * 2 + 1];
        baseKind = new byte[conns * 2 + 1];
        for (Connection c : connections) {
            for (int role = 0; role < 2; role++) {
                int rk = c.id * 2 + role;
                if (c.keySeen[role]) {
                    dsnBase[rk] = c.idsn[role];
                    baseKind[rk] = DataLevelIndex.BASE_IDSN;
                } else if (dsnSeen[rk]) {
                    dsnBase[rk] = firstDsn[rk];
                    baseKind[rk] = DataLevelIndex.BASE_FIRST_DSN;
                }
            }
        }

        lastHit = new int[subflows.size() * 2];
        Arrays.fill(lastHit, -1);
        encoded.run();
        timing.mark("the encoding waited for");
        // written over the data packets' columns, read at k before written at n <= k: nothing
        // needs them after this (ssn() has run)
        int n = 0;
        for (int k = 0; k < dataCount; k++) {
            int i = dataIdx[k];
            Subflow s = subflows.get(table.subflow(i));
            if (s.conn < 0) continue;
            if (lookUp(index, i, s, dataSsn[k], dataLen[k], connections.get(s.conn))) {
                // the reinjection analysis groups these: connection and sender role
                int dir = (table.flags(i) & PacketTable.F_REVERSE) != 0 ? 1 : 0;
                dataIdx[n] = i;
                dataSsn[n] = found;
                dataLen[n++] = s.conn * 2 + (ConnectionMapper.role(s, dir) & 1);
            }
        }
        dsns = new Dsns(dataIdx, dataLen, dataSsn, n);
        dataIdx = new int[0];
        dataSsn = new long[0];
        dataLen = new int[0];
        finFrames = Arrays.copyOf(finFrame, conns * 2);
        finDsns = Arrays.copyOf(finDsn, conns * 2);
        timing.mark("a DSN per data packet (" + dataCount + ")");
        timing.report();
    }

    private Mappings index;
    /** After {@link #resolve}, until taken: the packets given a DSN. */
    private Dsns dsns;
    private long[] dsnBase;
    private byte[] baseKind;
    private int[] finFrames;
    private long[] finDsns;

    /**
     * The packets {@link #resolve} gave a DSN: {@code idx[0..count)} ascending, their groups
     * {@code key} ({@code conn * 2 + role} of the sender) and their raw DSNs {@code dsn} (what
     * the table holds for them, without decoding it again). Whoever takes them takes the
     * arrays over (the DSN groups reorder them in place): nothing else holds them.
     */
    static final class Dsns {
        int[] idx;
        int[] key;
        long[] dsn;
        final int count;

        Dsns(int[] idx, int[] key, long[] dsn, int count) {
            this.idx = idx;
            this.key = key;
            this.dsn = dsn;
            this.count = count;
        }
    }

    /** The packets {@link #resolve} gave a DSN, once: this analyzer keeps no reference to them. */
    Dsns takeDsns() {
        Dsns d = dsns;
        dsns = null;
        return d;
    }

    /**
     * The relative subflow sequence numbers of the data packets, encoded: reads only what the
     * streaming pass left, so it may run on another thread while {@link #resolve} builds the
     * mapping index, which waits for it before it writes its DSNs over the columns this reads.
     */
    DataLevelIndex.Ssn ssn(List<Subflow> subflows) {
        boolean[] keep = new boolean[subflows.size()];
        for (Subflow s : subflows) keep[s.id] = s.conn >= 0;
        return DataLevelIndex.encode(table, dataIdx, dataSsn, dataCount, keep, base);
    }

    /** The result for the Trace, after {@link #resolve}; drops the per-packet buffers. */
    DataLevel index(List<Subflow> subflows, DataLevelIndex.Ssn ssn) {
        DataLevelIndex result = new DataLevelIndex(index, List.copyOf(subflows), ssn, base.clone(),
                dsnBase, baseKind, finFrames, finDsns);
        // the loader keeps this analyzer until the trace is built: resolve dropped the
        // per-packet columns, the DSN groups took their DSNs
        dataCount = 0;
        dsns = null;
        return result;
    }

    /** Per direction key, the last mapping {@link #lookUp} found (-1 none): its fast path. */
    private int[] lastHit = new int[0];

    /** Reused result buffer of the mapping lookups in {@link #lookUp}. */
    private int[] cover = new int[8];

    /** The DSN the last {@link #lookUp} that gave one gave. */
    private long found;

    /**
     * Gives data packet {@code i} its DSN from the mappings (then {@link #found} holds it, and
     * the result is true) and reports what no mapping covers.
     */
    private boolean lookUp(Mappings index, int i, Subflow s, long rel, int len, Connection c) {
        int dir = (table.flags(i) & PacketTable.F_REVERSE) != 0 ? 1 : 0;
        // fast path: the previous packet's mapping of this direction, or the next one, is the
        // only one covering this packet and covers all of it (bulk data in order)
        int key = s.id * 2 + dir;
        if (key < lastHit.length) {
            int h = lastHit[key];
            int m = h < 0 ? -1 : index.soleCovering(s.id, dir, h, rel, rel + len);
            if (m < 0 && h >= 0) m = index.soleCovering(s.id, dir, h + 1, rel, rel + len);
            if (m >= 0) {
                lastHit[key] = m;
                table.setRawDsn(i, found = index.rawDsn(m) + (rel - index.ssn(m)));
                return true;
            }
        }
        int count = index.coveringInto(s.id, dir, rel, rel + len, cover);
        if (count > cover.length) {
            cover = new int[count];
            index.coveringInto(s.id, dir, rel, rel + len, cover);
        }
        int first = -1; // the mapping of the first byte; with a conflict, the one announced first
        for (int k = 0; k < count; k++) {
            int m = cover[k];
            if (index.ssn(m) <= rel && (first < 0 || index.firstFrame(m) < index.firstFrame(first))) first = m;
        }
        if (first >= 0) table.setRawDsn(i, found = index.rawDsn(first) + (rel - index.ssn(first)));
        if (key < lastHit.length && count > 0) {
            lastHit[key] = cover[Math.min(count, cover.length) - 1];
        }
        if (c.fallback) return first >= 0;
        // ms is sorted by mapping start: walk it to find the first uncovered byte
        long covered = rel;
        for (int k = 0; k < count; k++) {
            int m = cover[k];
            if (index.ssn(m) > covered) break;
            covered = Math.max(covered, index.end(m));
        }
        if (covered < rel + len) {
            anomalies.add(i + 1, Anomaly.DSS_MISSING_MAPPING, s.conn, String.format(
                    "subflow %d: bytes %d-%d (relative subflow sequence) of this segment are "
                            + "not covered by any DSS mapping", s.id, covered, rel + len - 1));
        }
        return first >= 0;
    }

    /** Conflicts, infinite mappings and bad checksums of the frozen index. */
    private void reportMappings(Mappings index, List<Subflow> subflows) {
        for (int key = 0; key < index.keyCount(); key++) {
            int g0 = index.groupStart(key);
            int g1 = index.groupStart(key + 1);
            if (g0 < g1) reportMappings(index, g0, g1, subflows.get(key >> 1).conn);
        }
    }

    /** {@link #reportMappings} for the mappings [g0, g1) of one direction. */
    private void reportMappings(Mappings index, int g0, int g1, int conn) {
        for (int m = g0; m < g1; m++) {
            if (index.checksum(m) == Mappings.CHECKSUM_BAD) {
                anomalies.add(index.firstFrame(m), Anomaly.DSS_CHECKSUM_BAD, conn, String.format(
                        "mapping DSN %s, subflow seq %d, length %d: the DSS checksum does not "
                                + "match the data", Long.toUnsignedString(index.rawDsn(m)),
                        index.ssn(m), index.length(m)));
            }
            // nothing earlier in this direction reaches this mapping's start: nothing to compare
            if (m == g0 || index.maxEnd(m - 1) <= index.ssn(m)) continue;
            int n = 0;
            for (int k = m - 1; k >= g0 && n < CONFLICT_WINDOW; k--, n++) {
                if (index.end(k) <= index.ssn(m)) continue;
                long offK = index.rawDsn(k) - index.ssn(k);
                long offM = index.rawDsn(m) - index.ssn(m);
                if (offK == offM) continue;
                int later = Math.max(index.firstFrame(k), index.firstFrame(m));
                int earlier = Math.min(index.firstFrame(k), index.firstFrame(m));
                anomalies.add(later, Anomaly.DSS_MAPPING_CONFLICT, conn, String.format(
                        "subflow %d: the mappings of frames %d and %d give subflow bytes from %d "
                                + "different data sequence numbers", index.subflow(m), earlier,
                        later, Math.max(index.ssn(m), index.ssn(k))));
            }
        }
    }
}
