package mptcpanalyzer.filter;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mptcpanalyzer.filter.Fields.BytesGetter;
import mptcpanalyzer.filter.Fields.Getter;
import mptcpanalyzer.filter.Fields.Opt;
import mptcpanalyzer.filter.Fields.StringGetter;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Reinjections;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.SeqBases;
import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.mptcp.Dss;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * What the getters of one compiled filter share: the trace's columns, one instance of each
 * option view (re-pointed at every option, never allocated per packet) and tables derived once
 * per compilation (addresses per subflow, the strings of {@code mptcp.analysis.subflows}). Not
 * thread-safe: one compiled filter runs on one thread at a time.
 */
public final class FieldContext {
    final Trace trace;
    final PacketTable packets;
    final List<Subflow> subflows;
    final List<Connection> connections;
    final DataLevel data;
    final Reinjections reinjections;
    final Dss dss = new Dss();
    private final byte[] scratch = new byte[16];
    private long[][] addr;
    private int[][] ports;

    FieldContext(Trace trace) {
        this.trace = trace;
        this.packets = trace.packets();
        this.subflows = trace.subflows();
        this.connections = trace.connections();
        this.data = trace.dataLevel() == null ? DataLevel.NONE : trace.dataLevel();
        this.reinjections = trace.reinjections() == null ? Reinjections.NONE : trace.reinjections();
    }

    /** Subflow of TCP packet {@code i}. */
    Subflow subflowOf(int i) { return subflows.get(packets.subflow(i)); }

    /** Direction of packet {@code i}: 0 client to server, 1 back. */
    int dir(int i) { return packets.has(i, PacketTable.F_REVERSE) ? 1 : 0; }

    /** Connection id of packet {@code i}'s subflow, -1 when none. */
    int conn(int i) {
        int s = packets.subflow(i);
        return s < 0 ? -1 : subflows.get(s).conn;
    }

    /**
     * True where tshark shows its MPTCP analysis tree: the frame carries an MPTCP option, its
     * subflow belongs to a connection, and tshark had already identified that connection (not on
     * a v1 MP_CAPABLE SYN: see PacketTable.F_BEFORE_CONNECTION).
     */
    boolean hasAnalysis(int i) {
        int f = packets.flags(i);
        return (f & PacketTable.F_MPTCP) != 0 && (f & PacketTable.F_BEFORE_CONNECTION) == 0 && conn(i) >= 0;
    }

    /** {@code inner}, absent where tshark shows no MPTCP analysis. */
    Getter analysis(Getter inner) {
        return (i, out) -> hasAnalysis(i) ? inner.get(i, out) : 0;
    }

    private SeqBases bases;

    private WiresharkDsn wiresharkDsn;

    /** tshark's presence rule for mptcp.dsn / rawdsn64 / ack over our values (built on first use). */
    WiresharkDsn wiresharkDsn() {
        if (bases == null) bases = SeqBases.of(trace);
        if (wiresharkDsn == null) wiresharkDsn = new WiresharkDsn(packets, subflows, connections, data, bases);
        return wiresharkDsn;
    }

    long relativeSeq(int i) {
        if (bases == null) bases = SeqBases.of(trace);
        return bases.seq(packets, i);
    }

    long relativeAck(int i) {
        if (bases == null) bases = SeqBases.of(trace);
        return bases.ack(packets, i);
    }

    /** Walks packet {@code i}'s pooled MPTCP options and lets {@code f} extract values. */
    Getter optionGetter(int mask, boolean anyShape, Opt f) {
        return (i, out) -> {
            int pos = packets.optionsStart(i);
            int end = packets.optionsEnd(i);
            if (pos == end) return 0;
            byte[] pool = packets.optionChunk(i);
            int tcpFlags = packets.tcpFlags(i);
            int n = 0;
            while (pos < end && n < Fields.MAX_VALUES / 2) {
                int len = PacketTable.optionLength(pool, pos, end);
                int off = pos;
                pos = off + len;
                if (len < 3) continue;
                int st = MptcpOption.subtype(pool, off);
                if ((mask & (1 << st)) == 0) continue;
                if (!anyShape && MptcpOption.check(pool, off, len, tcpFlags) != null) continue;
                n = f.put(this, i, pool, off, len, out, n);
            }
            return n;
        };
    }

    BytesGetter bytesGetter(int mask, int width, Opt f) {
        Getter g = optionGetter(mask, false, f);
        return new BytesGetter() {
            @Override public int get(int i, long[] out) {
                // f gives offsets in the packet's chunk of the pool: the chunk's index goes above
                int n = g.get(i, out);
                long chunk = (long) packets.chunkIndex(i) << 32;
                for (int k = 0; k < n; k++) out[k] |= chunk;
                return n;
            }
            @Override public byte[] array(long value) { return packets.chunkAt((int) (value >>> 32)); }
            @Override public int width() { return width; }
        };
    }

    /** Token or IDSN of the key of the sender of MP_CAPABLE packet {@code i}. */
    int senderKeyDerived(int i, long[] out, int n, boolean token) {
        int sid = packets.subflow(i);
        if (sid < 0) return n;
        Subflow s = subflows.get(sid);
        if (s.conn < 0) return n;
        Connection c = connections.get(s.conn);
        int dir = dir(i);
        int role = dir == 0 ? s.clientRole : 1 - s.clientRole;
        if (!c.keySeen[role]) return n;
        out[n] = token ? c.token[role] : c.idsn[role];
        return n + 1;
    }

    static int copy(int[] src, long[] out) {
        int n = Math.min(src.length, Fields.MAX_VALUES);
        for (int k = 0; k < n; k++) out[k] = src[k];
        return n;
    }

    // --- addresses

    private void buildAddresses() {
        int n = subflows.size();
        addr = new long[4][2 * n]; // client hi/lo, server hi/lo (IPv4 in hi)
        ports = new int[2][n];
        for (Subflow s : subflows) {
            put(addr[0], addr[1], s.id, s.client.address());
            put(addr[2], addr[3], s.id, s.server.address());
            ports[0][s.id] = s.client.port();
            ports[1][s.id] = s.server.port();
        }
    }

    private static void put(long[] hi, long[] lo, int id, byte[] a) {
        if (a.length == 4) {
            hi[id] = Bytes.u32(a, 0);
        } else {
            hi[id] = Bytes.u64(a, 0);
            lo[id] = Bytes.u64(a, 8);
        }
    }

    /** {@code ip.*} (version 4) or {@code ipv6.*} (6): source and/or destination. */
    Getter address(int version, boolean src, boolean dst) {
        if (addr == null) buildAddresses();
        int flag = version == 4 ? PacketTable.F_IPV4 : PacketTable.F_IPV6;
        return (i, out) -> {
            if ((packets.flags(i) & flag) == 0) return 0;
            int n = 0;
            int sid = packets.subflow(i);
            for (int which = 0; which < 2; which++) {
                if (which == 0 ? !src : !dst) continue;
                if (sid >= 0) {
                    // the source is the client when the packet goes client to server
                    int side = (which == 0) == (dir(i) == 0) ? 0 : 2;
                    if (version == 4) {
                        out[n] = addr[side][sid];
                    } else {
                        out[2 * n] = addr[side][sid];
                        out[2 * n + 1] = addr[side + 1][sid];
                    }
                } else {
                    if (!packets.otherIpAddress(i, which, scratch)) return 0;
                    if (version == 4) {
                        out[n] = Bytes.u32(scratch, 0);
                    } else {
                        out[2 * n] = Bytes.u64(scratch, 0);
                        out[2 * n + 1] = Bytes.u64(scratch, 8);
                    }
                }
                n++;
            }
            return n;
        };
    }

    Getter port(boolean src, boolean dst) {
        if (addr == null) buildAddresses();
        return (i, out) -> {
            int sid = packets.subflow(i);
            if (sid < 0) return 0;
            int n = 0;
            boolean forward = dir(i) == 0;
            if (src) out[n++] = ports[forward ? 0 : 1][sid];
            if (dst) out[n++] = ports[forward ? 1 : 0][sid];
            return n;
        };
    }

    // --- strings

    /**
     * Frame (1-based) where tshark attached subflow {@code s} to its connection's subflow list,
     * or 0 when it never does: at the MP_JOIN SYN, or at the first MP_CAPABLE carrying a key on
     * the master subflow. Connections tshark creates from another option (a DSS or ADD_ADDR on
     * an unknown conversation, mid-connection captures) get an empty subflow list: the field is
     * then present with the empty string.
     */
    private int attachFrame(Subflow s) {
        if (s.joinSynFrame != 0) return s.joinSynFrame;
        Connection c = connections.get(s.conn);
        if (c.masterSubflow != s.id) return 0;
        int f = 0;
        for (int r = 0; r < 2; r++) {
            if (c.keyFrame[r] != 0 && (f == 0 || c.keyFrame[r] < f)) f = c.keyFrame[r];
        }
        return f == 0 ? s.firstFrame : f;
    }

    StringGetter subflowsString() {
        List<String> dict = new ArrayList<>();
        dict.add("");
        int[] base = new int[connections.size()];
        int[][] order = new int[connections.size()][];
        int[][] when = new int[connections.size()][];
        for (Connection c : connections) {
            List<int[]> att = new ArrayList<>();
            for (int sid : c.subflows) {
                int f = attachFrame(subflows.get(sid));
                if (f != 0) att.add(new int[] {f, sid});
            }
            att.sort((a, b) -> Integer.compare(a[0], b[0]));
            order[c.id] = att.stream().mapToInt(a -> a[1]).toArray();
            when[c.id] = att.stream().mapToInt(a -> a[0]).toArray();
            base[c.id] = dict.size();
            for (int k = 1; k <= order[c.id].length; k++) {
                StringBuilder sb = new StringBuilder();
                for (int j = k - 1; j >= 0; j--) sb.append(order[c.id][j]).append(' ');
                dict.add(sb.toString());
            }
        }
        String[] d = dict.toArray(new String[0]);
        Getter g = analysis((i, out) -> {
            int c = conn(i);
            int frame = i + 1;
            int[] w = when[c];
            int k = 0;
            while (k < w.length && w[k] <= frame) k++;
            out[0] = k == 0 ? 0 : base[c] + k - 1;
            return 1;
        });
        return new StringGetter() {
            @Override public int get(int i, long[] out) { return g.get(i, out); }
            @Override public String[] dictionary() { return d; }
        };
    }

    StringGetter anomalyNames() {
        Anomaly[] all = Anomaly.values();
        String[] d = new String[all.length];
        for (Anomaly a : all) d[a.ordinal()] = a.id();
        Anomalies an = trace.anomalies();
        Getter g = (i, out) -> {
            if (!packets.has(i, PacketTable.F_ANOMALY)) return 0;
            int frame = i + 1;
            int n = 0;
            for (int k = an.firstOf(frame); k >= 0 && k < an.size() && an.frame(k) == frame
                    && n < Fields.MAX_VALUES; k++) {
                out[n++] = an.anomaly(k).ordinal();
            }
            return n;
        };
        return new StringGetter() {
            @Override public int get(int i, long[] out) { return g.get(i, out); }
            @Override public String[] dictionary() { return d; }
        };
    }

    Getter anomaly(Anomaly a) {
        Anomalies an = trace.anomalies();
        return (i, out) -> {
            if (!packets.has(i, PacketTable.F_ANOMALY)) return 0;
            int frame = i + 1;
            for (int k = an.firstOf(frame); k >= 0 && k < an.size() && an.frame(k) == frame; k++) {
                if (an.anomaly(k) == a) {
                    out[0] = 0;
                    return 1;
                }
            }
            return 0;
        };
    }

    // --- MP_JOIN HMAC

    /**
     * RFC 8684 3.2 (RFC 6824 for v0): host A sends the SYN, B answers. The SYN/ACK carries the
     * leftmost 64 bits of HMAC(Key-B || Key-A, R-B || R-A); the third ACK the leftmost 160 bits
     * of HMAC(Key-A || Key-B, R-A || R-B). HMAC-SHA256 in v1, HMAC-SHA1 in v0. Verdicts per
     * subflow: -1 unknown, 0 bad, 1 good.
     */
    Getter hmacOk() {
        int n = subflows.size();
        byte[] synAck = new byte[n];
        byte[] ack = new byte[n];
        Arrays.fill(synAck, (byte) -1);
        Arrays.fill(ack, (byte) -1);
        for (Subflow s : subflows) {
            if (s.conn < 0 || s.joinSynFrame == 0 || s.joinNonceClient < 0 || s.joinNonceServer < 0) continue;
            Connection c = connections.get(s.conn);
            if (!c.keySeen[0] || !c.keySeen[1]) continue;
            long keyA = c.key[s.clientRole];
            long keyB = c.key[1 - s.clientRole];
            String alg = c.version == 0 ? "HmacSHA1" : "HmacSHA256";
            if (s.joinHmacServerSeen) {
                byte[] h = hmac(alg, keyB, keyA, s.joinNonceServer, s.joinNonceClient);
                synAck[s.id] = (byte) (Bytes.u64(h, 0) == s.joinHmacServer ? 1 : 0);
            }
            if (s.joinHmacClient != null) {
                byte[] h = hmac(alg, keyA, keyB, s.joinNonceClient, s.joinNonceServer);
                ack[s.id] = (byte) (Arrays.equals(h, 0, 20, s.joinHmacClient, 0, 20) ? 1 : 0);
            }
        }
        return (i, out) -> {
            int sid = packets.subflow(i);
            if (sid < 0) return 0;
            Subflow s = subflows.get(sid);
            int frame = i + 1;
            int v = frame == s.joinSynAckFrame ? synAck[sid] : frame == s.joinAckFrame ? ack[sid] : -1;
            if (v < 0) return 0;
            out[0] = v;
            return 1;
        };
    }

    static byte[] hmac(String alg, long key1, long key2, long nonce1, long nonce2) {
        byte[] key = new byte[16];
        byte[] msg = new byte[8];
        for (int k = 0; k < 8; k++) {
            key[k] = (byte) (key1 >>> (56 - 8 * k));
            key[8 + k] = (byte) (key2 >>> (56 - 8 * k));
        }
        for (int k = 0; k < 4; k++) {
            msg[k] = (byte) (nonce1 >>> (24 - 8 * k));
            msg[4 + k] = (byte) (nonce2 >>> (24 - 8 * k));
        }
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(msg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + alg, e);
        }
    }
}
