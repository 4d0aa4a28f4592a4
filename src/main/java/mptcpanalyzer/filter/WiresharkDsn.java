package mptcpanalyzer.filter;

import java.util.List;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.query.SeqBases;

/**
 * Where and how tshark 4.0 shows {@code mptcp.dsn}, {@code mptcp.rawdsn64} and {@code mptcp.ack},
 * with the values taken from our model, so that a filter on them selects the frames
 * {@code tshark -Y} selects. The model's own per-packet DSN ({@link DataLevel#hasDsn}) stays
 * payload-only; this is the filter layer's view.
 *
 * <p>tshark's rule (epan/dissectors/packet-tcp.c, {@code mptcp_analysis_dsn_lookup}), on a frame
 * that gets the MPTCP analysis:
 * <ul>
 * <li>a SYN: the sender's IDSN (relative 0);
 * <li>no payload and relative sequence number 1 (third ACK, first pure ACKs): IDSN + 1
 *     (relative 1), on every subflow, a convention: such a frame carries no data;
 * <li>else the mapping that covers the segment's first byte, among those announced so far in
 *     the subflow direction (a pure ACK looks up its sequence number; a mapping with DATA_FIN
 *     covers one more sequence number, the DATA_FIN's); none: no DSN;
 * </ul>
 * and only when the sender's key was captured (tshark needs the IDSN to expand and to make the
 * DSN relative: without it neither {@code mptcp.dsn} nor {@code mptcp.rawdsn64} is shown).
 * {@code mptcp.ack} needs the key of the data's sender (the ack's receiver) the same way.
 *
 * <p>The values are ours: a payload frame's DSN is the model's (a 4-byte DSN expanded by
 * closeness, the width from the DSN's own flag), a pure ACK's comes from the model's mapping.
 */
final class WiresharkDsn {
    private final PacketTable packets;
    private final List<Subflow> subflows;
    private final List<Connection> connections;
    private final DataLevel data;
    private final Mappings mappings;
    private final SeqBases bases;
    private int[] scratch = new int[8]; // mapping ids, reused: filters run on one thread
    private final int[] hints; // per subflow direction: where the last mapping search ended

    WiresharkDsn(PacketTable packets, List<Subflow> subflows, List<Connection> connections, DataLevel data,
            SeqBases bases) {
        this.packets = packets;
        this.subflows = subflows;
        this.connections = connections;
        this.data = data;
        this.mappings = data.mappings();
        this.bases = bases;
        this.hints = new int[mappings.hintSlots()];
    }

    /** True when {@code role}'s key of {@code c} was seen at or before 1-based {@code frame}. */
    private static boolean keyKnown(Connection c, int role, int frame) {
        return c.keySeen[role] && c.keyFrame[role] <= frame;
    }

    /** Role (Connection.CLIENT / SERVER) of the sender of packet {@code i} on subflow {@code s}. */
    private int senderRole(Subflow s, int i) {
        int dir = packets.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        return dir == 0 ? s.clientRole : 1 - s.clientRole;
    }

    /**
     * The raw 64-bit DSN tshark would show on packet {@code i} into {@code out[0]} and the
     * sender's IDSN into {@code out[1]}; false when tshark shows none.
     */
    boolean rawDsn(int i, long[] out) {
        int sid = packets.subflow(i);
        if (sid < 0) return false;
        Subflow s = subflows.get(sid);
        if (s.conn < 0) return false;
        Connection c = connections.get(s.conn);
        int role = senderRole(s, i);
        if (!keyKnown(c, role, i + 1)) return false;
        long idsn = c.idsn[role];
        out[1] = idsn;
        int len = packets.payloadLen(i);
        if ((packets.tcpFlags(i) & 0x02) != 0) {
            out[0] = idsn;
            return true;
        }
        long relseq = bases.seq(packets, i);
        if (relseq == 1 && len == 0) {
            out[0] = idsn + 1;
            return true;
        }
        int m = announcedMapping(sid, packets.has(i, PacketTable.F_REVERSE) ? 1 : 0, relseq, len, i + 1);
        if (m < 0) return false;
        out[0] = len > 0 && data.hasDsn(i) ? data.rawDsn(i) : mappings.rawDsn(m) + (relseq - mappings.ssn(m));
        return true;
    }

    /**
     * The mapping tshark finds for a segment of {@code len} bytes at relative sequence number
     * {@code relseq}, among those announced at or before {@code frame}, or -1.
     *
     * <p>tshark keeps the mappings of a subflow direction in an interval tree keyed by the
     * first subflow sequence number: a later mapping with the same first number replaces the
     * data of the node but not its interval, so the interval is [ssn, ssn + length - 1] (a
     * DATA_FIN counts) of the FIRST mapping announced at that ssn (v1-2paths frame 379: the FIN
     * at 84481 finds no DSN because frame 371 announced ssn 81937 length 2544 before frame 373
     * re-announced it with length 2545 and a DATA_FIN). The segment's numbers
     * [relseq, relseq + max(len, 1) - 1] must meet it and it must start at or before relseq
     * (tshark asserts on one that starts later, and shows no DSN). Several: the latest
     * announced. Infinite mappings (length 0) cover nothing in tshark.
     */
    private int announcedMapping(int sid, int dir, long relseq, int len, int frame) {
        long last = relseq + Math.max(len, 1) - 1;
        // covering() is by the data bytes; one before relseq also finds a mapping whose
        // DATA_FIN sits at relseq. Allocation-free: ids into a reused array.
        int found;
        while ((found = mappings.coveringInto(sid, dir, Math.max(0, relseq - 1), last + 1, scratch,
                hints)) > scratch.length) {
            scratch = new int[2 * found];
        }
        int best = -1, bestFrame = -1, candidates = 0;
        for (int x = 0; x < found; x++) {
            int m = scratch[x];
            // announced at or before frame: the first announcement tells
            if (mappings.firstFrame(m) > frame || mappings.length(m) == 0) continue;
            long lo = mappings.ssn(m), hi = lo + firstLengthAt(m, frame) - 1;
            if (hi < relseq || lo > last || lo > relseq) continue;
            // the latest announcement only matters between several candidates
            if (++candidates == 1) {
                best = m;
                continue;
            }
            if (candidates == 2) bestFrame = latestAnnouncement(best, frame);
            int announced = latestAnnouncement(m, frame);
            if (announced > bestFrame) {
                best = m;
                bestFrame = announced;
            }
        }
        return best;
    }

    /**
     * Data-level length of the first mapping announced (at or before {@code frame}) with the
     * same direction and first subflow sequence number as {@code m}. Ids are ordered by
     * direction then ssn, so those mappings are {@code m}'s neighbours.
     */
    private int firstLengthAt(int m, int frame) {
        int lo = m, hi = m;
        // the ssn first: it nearly always differs, and key() is a search
        while (lo > 0 && mappings.ssn(lo - 1) == mappings.ssn(m) && mappings.key(lo - 1) == mappings.key(m)) lo--;
        while (hi + 1 < mappings.count() && mappings.ssn(hi + 1) == mappings.ssn(m)
                && mappings.key(hi + 1) == mappings.key(m)) hi++;
        int first = m;
        for (int k = lo; k <= hi; k++) {
            int f = mappings.firstFrame(k);
            if (f <= frame && f < mappings.firstFrame(first)) first = k;
        }
        return mappings.length(first);
    }

    /** The latest frame at or before {@code frame} that announced mapping {@code m}, or -1. */
    private int latestAnnouncement(int m, int frame) {
        int latest = -1;
        for (int f : mappings.frames(m)) {
            if (f <= frame) latest = f;
            else break;
        }
        return latest;
    }

    /** The DATA_ACK tshark shows as {@code mptcp.ack} on packet {@code i}, relative; false when none. */
    boolean relativeAck(int i, long[] out) {
        if (!data.hasDataAck(i)) return false;
        int sid = packets.subflow(i);
        if (sid < 0) return false;
        Subflow s = subflows.get(sid);
        if (s.conn < 0) return false;
        Connection c = connections.get(s.conn);
        int peer = 1 - senderRole(s, i);
        if (!keyKnown(c, peer, i + 1)) return false;
        out[0] = data.rawDataAck(i) - c.idsn[peer];
        return true;
    }
}
