package mptcpanalyzer.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.wire.mptcp.MpCapable;
import mptcpanalyzer.wire.mptcp.MpJoin;
import mptcpanalyzer.wire.mptcp.MpPrio;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * Attaches TCP subflows to MPTCP connections, numbering connections like Wireshark's
 * {@code mptcp.stream}.
 *
 * <p>Wireshark creates a connection (and takes the next stream number) at the first option
 * that identifies one, in packet order: an MP_CAPABLE carrying a key whose token is not known
 * yet, an MP_JOIN SYN whose token is unknown, or any other MPTCP option (DSS, ADD_ADDR, ...,
 * MP_JOIN SYN/ACK or ACK) on a conversation that has no connection yet. A v1 MP_CAPABLE SYN
 * carries no key and creates nothing: its connection starts at the SYN/ACK. We follow the same
 * events so that our ids equal {@code mptcp.stream}, and mark the frames seen before (see
 * {@code PacketTable.F_BEFORE_CONNECTION}) instead of leaving them out.
 *
 * <p>Roles: a subflow's direction maps to a connection role through
 * {@link Subflow#clientRole}; tokens are global, as in Wireshark, so an MP_JOIN finds its
 * connection by the receiver's token.
 */
final class ConnectionMapper {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private final List<Connection> connections = new ArrayList<>();
    private final Map<Long, Connection> byToken = new HashMap<>();
    private final Anomalies anomalies;
    private final MpCapable capable = new MpCapable();
    private final MpJoin join = new MpJoin();
    private final MpPrio prio = new MpPrio();

    ConnectionMapper(Anomalies anomalies) { this.anomalies = anomalies; }

    List<Connection> connections() { return connections; }

    /** Role (0 client, 1 server) of the sender of direction {@code dir} of {@code s}. */
    static int role(Subflow s, int dir) { return dir == 0 ? s.clientRole : 1 - s.clientRole; }

    /** Processes one well-formed MPTCP option of a packet of {@code s} sent in direction {@code dir}. */
    void onOption(Subflow s, int dir, int frame, int tcpFlags, byte[] b, int off, int len) {
        int subtype = MptcpOption.subtype(b, off);
        switch (subtype) {
            case MptcpOption.MP_CAPABLE -> onCapable(s, dir, frame, tcpFlags, b, off, len);
            case MptcpOption.MP_JOIN -> onJoin(s, dir, frame, tcpFlags, b, off, len);
            default -> {
                if (s.conn < 0) attach(s, newConnection(frame), 0);
                if (subtype == MptcpOption.MP_PRIO) s.backup = prio.wrap(b, off, len).backup();
            }
        }
    }

    private void onCapable(Subflow s, int dir, int frame, int tcpFlags, byte[] b, int off, int len) {
        MpCapable c = capable.wrap(b, off, len);
        boolean syn = (tcpFlags & (SYN | ACK)) == SYN;
        boolean synAck = (tcpFlags & (SYN | ACK)) == (SYN | ACK);
        if (syn && s.capableSynFrame == 0) {
            s.capableSynFrame = frame;
            s.capableSynFlags = c.flags();
            s.capableSynVersion = c.version();
        }
        if (!c.hasSenderKey()) return; // v1 SYN: no key, nothing identifies the connection yet
        int version = c.version();
        Connection conn = connectionFromKey(s, dir, c.senderKey(), version, frame);
        conn.masterSubflow = s.id;
        // the SYN/ACK decides the version both ends use; a SYN alone gives the proposal
        if (synAck || conn.version < 0) conn.version = version;
        if (syn && conn.synFrame == 0) {
            conn.synFrame = frame;
            conn.capableFlagsSyn = c.flags();
        } else if (synAck && conn.synAckFrame == 0) {
            conn.synAckFrame = frame;
            conn.capableFlagsSynAck = c.flags();
        } else if (!syn && !synAck && c.hasReceiverKey() && conn.ackFrame == 0) {
            conn.ackFrame = frame;
        }
        if (conn.synFrame == 0 && s.capableSynFrame != 0) {
            conn.synFrame = s.capableSynFrame;
            conn.capableFlagsSyn = s.capableSynFlags;
        }
        if (!c.hasReceiverKey()) return;
        int peer = role(s, 1 - dir);
        if (conn.keySeen[peer]) {
            if (conn.key[peer] != c.receiverKey()) {
                anomalies.add(frame, Anomaly.MPTCP_ECHOED_KEY_MISMATCH, conn.id, String.format(
                        "echoed key %016x, handshake key %016x", c.receiverKey(), conn.key[peer]));
            }
        } else {
            connectionFromKey(s, 1 - dir, c.receiverKey(), version, frame);
        }
    }

    /** Wireshark's get_or_create_mptcpd_from_key: the key of the sender of {@code dir}. */
    private Connection connectionFromKey(Subflow s, int dir, long key, int version, int frame) {
        if (s.conn >= 0) {
            Connection c = connections.get(s.conn);
            if (c.keySeen[role(s, dir)]) return c;
        }
        int v = Math.max(0, version);
        Connection c = connectionFromToken(s, dir, Keys.token(key, v), frame);
        int r = role(s, dir);
        c.key[r] = key;
        c.keySeen[r] = true;
        c.keyFrame[r] = frame;
        c.idsn[r] = Keys.idsn(key, v);
        return c;
    }

    /** Wireshark's mptcp_get_meta_from_token: the token of the sender of {@code dir}. */
    private Connection connectionFromToken(Subflow s, int dir, long token, int frame) {
        if (s.conn >= 0) {
            Connection c = connections.get(s.conn);
            if (c.tokenSeen[role(s, dir)]) return c;
        }
        Connection found = byToken.get(token);
        if (found != null) {
            if (s.conn < 0) {
                int owner = found.tokenSeen[0] && found.token[0] == token ? 0 : 1;
                attach(s, found, dir == 0 ? owner : 1 - owner);
            }
            return connections.get(s.conn);
        }
        Connection c;
        if (s.conn < 0) {
            c = newConnection(frame);
            attach(s, c, 0);
        } else {
            c = connections.get(s.conn);
        }
        int r = role(s, dir);
        c.token[r] = token;
        c.tokenSeen[r] = true;
        byToken.put(token, c);
        return c;
    }

    private void onJoin(Subflow s, int dir, int frame, int tcpFlags, byte[] b, int off, int len) {
        MpJoin j = join.wrap(b, off, len);
        switch (j.form()) {
            case SYN -> {
                s.joinToken = j.receiverToken();
                s.joinAddrIdClient = j.addressId();
                s.joinNonceClient = j.senderRandom();
                s.backup = j.backup();
                if (s.joinSynFrame == 0) s.joinSynFrame = frame;
                boolean known = byToken.containsKey(j.receiverToken());
                Connection c = connectionFromToken(s, 1 - dir, j.receiverToken(), frame);
                if (!known) {
                    anomalies.add(frame, Anomaly.MPTCP_JOIN_UNKNOWN_TOKEN, c.id,
                            String.format("token %08x", j.receiverToken()));
                }
            }
            case SYN_ACK -> {
                if (s.conn < 0) attach(s, newConnection(frame), 0);
                s.joinAddrIdServer = j.addressId();
                s.joinNonceServer = j.senderRandom();
                s.joinHmacServer = j.truncatedHmac();
                s.joinHmacServerSeen = true;
                if (s.joinSynAckFrame == 0) s.joinSynAckFrame = frame;
            }
            case ACK -> {
                if (s.conn < 0) attach(s, newConnection(frame), 0);
                byte[] h = new byte[20];
                j.hmac(h);
                s.joinHmacClient = h;
                if (s.joinAckFrame == 0) s.joinAckFrame = frame;
            }
        }
    }

    private Connection newConnection(int frame) {
        Connection c = new Connection(connections.size());
        c.firstFrame = frame;
        connections.add(c);
        return c;
    }

    private static void attach(Subflow s, Connection c, int clientRole) {
        s.conn = c.id;
        s.clientRole = clientRole;
        c.subflows.add(s.id);
    }
}
