package mptcpanalyzer.query;

import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Trace;

/**
 * Bases of relative TCP sequence numbers as Wireshark sets them in its single pass, per subflow
 * and direction: a direction's first segment sets its base to its sequence number when it is a
 * SYN, else to the sequence number minus 1 (relative numbers start at 1 when the handshake was
 * missed); a segment with ACK sets the peer's base, when still unset, to the ack number minus 1.
 */
public final class SeqBases {
    private final int[] base;

    private SeqBases(int[] base) { this.base = base; }

    // the trace weakly: a trace replaced in the session must not stay in memory
    private static java.lang.ref.WeakReference<Trace> cachedTrace = new java.lang.ref.WeakReference<>(null);
    private static SeqBases cached;

    /**
     * The bases of {@code t}: one pass over its packets, done once and kept for the last trace
     * asked (a command on a 10-million-packet trace should not pay it again).
     */
    public static synchronized SeqBases of(Trace t) {
        if (cachedTrace.get() != t) {
            cached = compute(t);
            cachedTrace = new java.lang.ref.WeakReference<>(t);
        }
        return cached;
    }

    private static SeqBases compute(Trace t) {
        PacketTable p = t.packets();
        int n = t.subflows().size();
        int[] base = new int[2 * n];
        boolean[] set = new boolean[2 * n];
        for (int i = 0; i < p.size(); i++) {
            int sid = p.subflow(i);
            if (sid < 0) continue;
            int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
            int f = p.tcpFlags(i);
            int me = 2 * sid + dir, peer = 2 * sid + 1 - dir;
            if (!set[me]) {
                set[me] = true;
                base[me] = (f & 0x02) != 0 ? p.seq(i) : p.seq(i) - 1;
            }
            if (!set[peer] && (f & 0x10) != 0) {
                set[peer] = true;
                base[peer] = p.ack(i) - 1;
            }
        }
        return new SeqBases(base);
    }

    /** Relative sequence number of TCP packet {@code i} ({@code tcp.seq}). */
    public long seq(PacketTable p, int i) {
        int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        return Integer.toUnsignedLong(p.seq(i) - base[2 * p.subflow(i) + dir]);
    }

    /** Relative acknowledgment number of TCP packet {@code i} ({@code tcp.ack}); 0 without ACK. */
    public long ack(PacketTable p, int i) {
        if ((p.tcpFlags(i) & 0x10) == 0) return 0;
        int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        return Integer.toUnsignedLong(p.ack(i) - base[2 * p.subflow(i) + 1 - dir]);
    }
}
