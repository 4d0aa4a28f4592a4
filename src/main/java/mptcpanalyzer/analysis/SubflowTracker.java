package mptcpanalyzer.analysis;

import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.model.Endpoint;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.wire.DecodedPacket;

/**
 * Maps TCP packets to conversations numbered like Wireshark's {@code tcp.stream}.
 *
 * <p>A conversation is an unordered pair of (address, port) endpoints. As in Wireshark, a SYN
 * (without ACK) whose sequence number differs from the base sequence already recorded for its
 * sender starts a new conversation on the same 4-tuple (port reuse).
 *
 * <p>Lookup hashes the canonical 4-tuple into a primitive open-addressing table that points to
 * the newest subflow of that hash; older subflows with the same hash are chained through
 * {@link Subflow#nextSameHash}. Nothing is allocated per packet once a subflow exists.
 */
final class SubflowTracker {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private final List<Subflow> subflows = new ArrayList<>();
    private long[] keys = new long[1024];
    private int[] heads = new int[1024];
    private boolean[] used = new boolean[1024];
    private int usedCount;

    /** Direction of the last packet looked up: 0 = from the subflow's client. */
    int direction;

    List<Subflow> subflows() { return subflows; }

    /** The subflow of the previous packet: bulk transfers send runs of packets on one subflow. */
    private Subflow last;
    private long srcHi, srcLo, dstHi, dstLo;

    /** Returns the subflow of {@code p} (creating it when needed); sets {@link #direction}. */
    Subflow lookup(DecodedPacket p) {
        int alen = p.ipVersion == 6 ? 16 : 4;
        srcHi = p.srcHi; // packed by the decoder
        srcLo = p.srcLo;
        dstHi = p.dstHi;
        dstLo = p.dstLo;
        if (last != null) {
            int dir = matches(last, p, alen);
            // only a SYN can reuse the ports (tested here: most packets are no SYN)
            if (dir >= 0 && ((p.tcpFlags & SYN) == 0 || !isPortReuse(last, dir, p))) {
                direction = dir;
                return last;
            }
        }
        long h = p.tupleHash; // by the decoder
        int slot = find(h);
        int head = used[slot] ? heads[slot] : -1;
        for (int id = head; id >= 0; id = subflows.get(id).nextSameHash) {
            Subflow s = subflows.get(id);
            int dir = matches(s, p, alen);
            if (dir < 0) continue;
            if (isPortReuse(s, dir, p)) break;
            direction = dir;
            last = s;
            return s;
        }
        last = create(p, alen, slot, h, head);
        return last;
    }

    /** Wireshark: a SYN with another sequence number than its sender's base opens a new stream. */
    private static boolean isPortReuse(Subflow s, int dir, DecodedPacket p) {
        return (p.tcpFlags & (SYN | ACK)) == SYN && s.baseSeqSeen[dir] && s.baseSeq[dir] != p.seq;
    }

    private Subflow create(DecodedPacket p, int alen, int slot, long h, int head) {
        boolean synAck = (p.tcpFlags & (SYN | ACK)) == (SYN | ACK);
        Endpoint a = Endpoint.of(p.src, p.ipVersion, p.srcPort);
        Endpoint b = Endpoint.of(p.dst, p.ipVersion, p.dstPort);
        // A conversation whose first captured packet is a SYN/ACK: its client is the receiver.
        Subflow s = synAck ? new Subflow(subflows.size(), b, a) : new Subflow(subflows.size(), a, b);
        s.nextSameHash = head;
        subflows.add(s);
        if (!used[slot]) {
            used[slot] = true;
            keys[slot] = h;
            usedCount++;
        }
        heads[slot] = s.id;
        if (usedCount * 2 > keys.length) rehash();
        direction = synAck ? 1 : 0;
        return s;
    }

    /** 0 when {@code p} goes client to server, 1 when server to client, -1 when not {@code s}. */
    private int matches(Subflow s, DecodedPacket p, int alen) {
        if (s.ipVersion() != (alen == 16 ? 6 : 4)) return -1;
        if (s.client.port() == p.srcPort && s.server.port() == p.dstPort
                && s.clientHi == srcHi && s.clientLo == srcLo
                && s.serverHi == dstHi && s.serverLo == dstLo) {
            return 0;
        }
        if (s.server.port() == p.srcPort && s.client.port() == p.dstPort
                && s.serverHi == srcHi && s.serverLo == srcLo
                && s.clientHi == dstHi && s.clientLo == dstLo) {
            return 1;
        }
        return -1;
    }

    private int find(long h) {
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (used[i] && keys[i] != h) i = (i + 1) & mask;
        return i;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        heads = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (!oldUsed[i]) continue;
            int slot = find(oldKeys[i]);
            used[slot] = true;
            keys[slot] = oldKeys[i];
            heads[slot] = oldHeads[i];
        }
    }
}
