package mptcpanalyzer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An MPTCP connection, numbered exactly like Wireshark's {@code mptcp.stream}.
 *
 * <p>Roles: index 0 is the connection's client (sender of the MP_CAPABLE SYN on the master
 * subflow), 1 its server. When the handshake was not captured, role 0 is the client of the
 * first subflow seen. Fields are filled during the load, read-only afterwards.
 */
public final class Connection {
    public static final int CLIENT = 0;
    public static final int SERVER = 1;

    /** {@code mptcp.stream}. */
    public final int id;
    /** 0 or 1 from MP_CAPABLE; -1 when no MP_CAPABLE was seen. */
    public int version = -1;
    /** Master subflow id, or -1 when the MP_CAPABLE handshake was not captured. */
    public int masterSubflow = -1;
    /** Subflow ids in order of attachment. */
    public final List<Integer> subflows = new ArrayList<>();

    /** Keys per role and whether each was seen. */
    public final long[] key = new long[2];
    public final boolean[] keySeen = new boolean[2];
    /** Frame (1-based) where each key was first seen, 0 when not seen. */
    public final int[] keyFrame = new int[2];
    /** Tokens per role (from the key, or from an MP_JOIN when the key is unknown). */
    public final long[] token = new long[2];
    public final boolean[] tokenSeen = new boolean[2];
    /** Initial data sequence numbers per role (from the key). */
    public final long[] idsn = new long[2];

    /** MP_CAPABLE flags of the SYN (checksum required, algorithm...), -1 when not seen. */
    public int capableFlagsSyn = -1;
    public int capableFlagsSynAck = -1;
    /** Frames of the MP_CAPABLE SYN, SYN/ACK and third ACK; 0 when not seen. */
    public int synFrame, synAckFrame, ackFrame;
    /** Fell back to TCP (MP_CAPABLE SYN answered without it). */
    public boolean fallback;

    public int firstFrame;
    public int lastFrame;
    /** Packets and payload bytes sent by each role. */
    public final long[] packets = new long[2];
    public final long[] bytes = new long[2];
    /** Anomalies recorded on this connection's packets or on the connection itself. */
    public int anomalies;

    public Connection(int id) { this.id = id; }

    /** {@code complete} (SYN, SYN/ACK and ACK with both keys), {@code partial}, {@code missing}. */
    public String handshake() {
        if (synFrame != 0 && synAckFrame != 0 && ackFrame != 0) return "complete";
        if (synFrame != 0 || synAckFrame != 0 || ackFrame != 0) return "partial";
        return "missing";
    }
}
