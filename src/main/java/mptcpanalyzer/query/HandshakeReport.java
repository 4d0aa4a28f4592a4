package mptcpanalyzer.query;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mptcpanalyzer.analysis.Keys;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.wire.Bytes;
import mptcpanalyzer.wire.mptcp.AddAddr;
import mptcpanalyzer.wire.mptcp.MptcpOption;
import mptcpanalyzer.wire.mptcp.RemoveAddr;

/**
 * How one MPTCP connection was set up, with the arithmetic shown: keys, their digest, token and
 * IDSN (RFC 8684 section 3.1; RFC 6824 for v0), each MP_JOIN's HMACs recomputed and compared
 * with those seen (RFC 8684 section 3.2), ADD_ADDR HMACs (section 3.4.1: the rightmost 64 bits
 * of HMAC-SHA256(Key = sender's key + receiver's key, Msg = address id + address + port, the
 * port 0 when absent), as Linux sends them), address ids announced, removed and used.
 *
 * <p>HMACs, per RFC 8684 3.2, for a subflow opened by A (the subflow's client) towards B:
 * the SYN/ACK carries the leftmost 64 bits of HMAC(Key = Key-B + Key-A, Msg = R-B + R-A), the
 * third ACK the leftmost 160 bits of HMAC(Key = Key-A + Key-B, Msg = R-A + R-B), where keys are
 * 8 bytes and nonces 4 bytes, big-endian, and HMAC is HMAC-SHA256 in v1, HMAC-SHA1 in v0.
 */
public final class HandshakeReport {
    /** Verdict of an HMAC check. */
    public enum Verdict {
        OK, MISMATCH, UNVERIFIABLE;

        /** true, false or null (unverifiable) for JSON. */
        Boolean json() { return this == UNVERIFIABLE ? null : this == OK; }

        @Override
        public String toString() {
            return this == OK ? "true" : this == MISMATCH ? "false" : "unverifiable";
        }
    }

    /** Column names of {@link #joinsTable()} (CSV output: one row per join). */
    public static final String[] JOIN_COLUMNS = {
        "conn", "subflow", "src", "dst", "token", "addr_id_client", "addr_id_server", "backup",
        "nonce_client", "nonce_server", "hmac_synack_seen", "hmac_synack_expected",
        "hmac_ack_seen", "hmac_ack_expected", "hmac_ok", "syn_frame", "synack_frame", "ack_frame"};

    private final Trace trace;
    private final Connection c;
    private final int version;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> text = new ArrayList<>();
    private final Table.Builder joins = Table.of(JOIN_COLUMNS);

    private HandshakeReport(Trace t, Connection c) {
        this.trace = t;
        this.c = c;
        this.version = Math.max(0, c.version);
    }

    /** The report of connection {@code conn} ({@code mptcp.stream}) of {@code t}. */
    public static HandshakeReport of(Trace t, int conn) {
        HandshakeReport r = new HandshakeReport(t, t.connections().get(conn));
        r.build();
        return r;
    }

    /** One JSON object (nested arrays {@code joins}, {@code add_addr}, {@code remove_addr}). */
    public Map<String, Object> json() { return json; }

    /** The step-by-step text. */
    public List<String> text() { return text; }

    /** One row per MP_JOIN subflow. */
    public Table joinsTable() { return joins.build(); }

    // ---------------------------------------------------------------- build

    private void build() {
        String hash = version >= 1 ? "SHA-256" : "SHA-1";
        String hmac = "HMAC-" + hash.replace("-", "");
        json.put("conn", c.id);
        json.put("version", c.version < 0 ? null : c.version);
        json.put("hash", hash);
        json.put("hmac", hmac);
        text.add("connection " + c.id + ": MPTCP " + (c.version < 0 ? "version unknown (no MP_CAPABLE seen)"
                : "v" + c.version + (c.version == 0 ? " (RFC 6824)" : " (RFC 8684)"))
                + "; keys hashed with " + hash + ", subflows authenticated with " + hmac);
        masterSteps();
        for (int role = 0; role < 2; role++) key(role, hash);
        json.put("master_subflow", c.masterSubflow < 0 ? null : c.masterSubflow);
        List<Object> joinList = new ArrayList<>();
        for (int sid : c.subflows) {
            Subflow s = trace.subflows().get(sid);
            if (s.joinSynFrame != 0 || s.joinSynAckFrame != 0 || s.joinAckFrame != 0) joinList.add(join(s, hmac));
        }
        json.put("joins", joinList);
        addresses(hmac);
    }

    private static String roleName(int role) { return role == Connection.CLIENT ? "client" : "server"; }

    private void masterSteps() {
        text.add("");
        if (c.masterSubflow < 0) {
            text.add("MP_CAPABLE handshake: not captured (the capture starts after it)");
        } else {
            Subflow m = trace.subflows().get(c.masterSubflow);
            text.add("MP_CAPABLE handshake on the master subflow " + m.id + " (" + m.client + " -> " + m.server + "):");
            text.add(step(c.synFrame, "SYN", version >= 1
                    ? "client proposes MPTCP v1; a v1 SYN carries no key"
                    : "client proposes MPTCP v0 and sends its key"));
            text.add(step(c.synAckFrame, "SYN/ACK", "server accepts and sends its key"));
            text.add(step(c.ackFrame, "ACK", "client sends its key and echoes the server's: both keys known"));
        }
        json.put("syn_frame", c.synFrame == 0 ? null : c.synFrame);
        json.put("synack_frame", c.synAckFrame == 0 ? null : c.synAckFrame);
        json.put("ack_frame", c.ackFrame == 0 ? null : c.ackFrame);
    }

    private static String step(int frame, String what, String meaning) {
        return "  " + pad(frame == 0 ? "frame -" : "frame " + frame, 12) + pad(what, 9)
                + (frame == 0 ? "not captured" : meaning);
    }

    private void key(int role, String hash) {
        String r = roleName(role);
        text.add("");
        if (c.keySeen[role]) {
            long key = c.key[role];
            byte[] d = Keys.digest(key, version);
            json.put(r + "_key", String.format("%016x", key));
            json.put(r + "_key_frame", c.keyFrame[role]);
            json.put(r + "_digest", Bytes.hex(d, 0, d.length));
            json.put(r + "_token", Queries.hex8(c.token[role]));
            json.put(r + "_idsn", new BigInteger(Long.toUnsignedString(c.idsn[role])));
            text.add(r + " key " + String.format("%016x", key) + " (first seen in frame " + c.keyFrame[role] + ")");
            text.add("  " + hash + "(key) = " + Bytes.hex(d, 0, d.length));
            text.add("  token = first 32 bits  = " + Queries.hex8(c.token[role]) + " (" + c.token[role] + ")");
            text.add("  IDSN  = last 64 bits   = " + String.format("%016x", c.idsn[role]) + " ("
                    + Long.toUnsignedString(c.idsn[role]) + ")");
        } else {
            json.put(r + "_key", null);
            json.put(r + "_key_frame", null);
            json.put(r + "_digest", null);
            json.put(r + "_token", c.tokenSeen[role] ? Queries.hex8(c.token[role]) : null);
            json.put(r + "_idsn", null);
            text.add(r + " key: not captured" + (c.tokenSeen[role]
                    ? "; token " + Queries.hex8(c.token[role]) + " known from an MP_JOIN" : ""));
        }
    }

    private Map<String, Object> join(Subflow s, String hmacName) {
        int a = s.clientRole, bRole = 1 - s.clientRole; // A opens the subflow, B answers
        boolean keys = c.keySeen[a] && c.keySeen[bRole];
        boolean nonces = s.joinNonceClient >= 0 && s.joinNonceServer >= 0;
        String why = !keys ? (c.keySeen[a] ? roleName(bRole) : roleName(a)) + " key not captured"
                : !nonces ? (s.joinNonceClient < 0 ? "SYN" : "SYN/ACK") + " nonce not captured" : null;
        byte[] synAckExp = null, ackExp = null;
        if (why == null) {
            synAckExp = Arrays.copyOf(hmac(concat(c.key[bRole], c.key[a]),
                    concat32(s.joinNonceServer, s.joinNonceClient)), 8);
            ackExp = Arrays.copyOf(hmac(concat(c.key[a], c.key[bRole]),
                    concat32(s.joinNonceClient, s.joinNonceServer)), 20);
        }
        byte[] synAckSeen = s.joinHmacServerSeen ? longBytes(s.joinHmacServer) : null;
        Verdict v1 = verdict(synAckExp, synAckSeen);
        Verdict v2 = verdict(ackExp, s.joinHmacClient);
        Verdict all = v1 == Verdict.MISMATCH || v2 == Verdict.MISMATCH ? Verdict.MISMATCH
                : v1 == Verdict.OK || v2 == Verdict.OK ? Verdict.OK : Verdict.UNVERIFIABLE;
        if (all == Verdict.UNVERIFIABLE && why == null) why = "no HMAC captured";
        String token = s.joinToken < 0 ? null : Queries.hex8(s.joinToken);

        Map<String, Object> j = new LinkedHashMap<>();
        j.put("subflow", s.id);
        j.put("src", s.client.toString());
        j.put("dst", s.server.toString());
        j.put("token", token);
        j.put("token_of", token == null ? null : roleName(bRole));
        j.put("addr_id_client", s.joinAddrIdClient < 0 ? null : s.joinAddrIdClient);
        j.put("addr_id_server", s.joinAddrIdServer < 0 ? null : s.joinAddrIdServer);
        j.put("backup", s.backup);
        j.put("nonce_client", s.joinNonceClient < 0 ? null : Queries.hex8(s.joinNonceClient));
        j.put("nonce_server", s.joinNonceServer < 0 ? null : Queries.hex8(s.joinNonceServer));
        j.put("hmac_synack_seen", hexOrNull(synAckSeen));
        j.put("hmac_synack_expected", hexOrNull(synAckExp));
        j.put("hmac_synack_ok", v1.json());
        j.put("hmac_ack_seen", hexOrNull(s.joinHmacClient));
        j.put("hmac_ack_expected", hexOrNull(ackExp));
        j.put("hmac_ack_ok", v2.json());
        j.put("hmac_ok", all.json());
        j.put("hmac_status", all == Verdict.OK ? "ok" : all == Verdict.MISMATCH ? "mismatch" : "unverifiable");
        j.put("unverifiable_because", all == Verdict.UNVERIFIABLE ? why : null);
        j.put("syn_frame", s.joinSynFrame == 0 ? null : s.joinSynFrame);
        j.put("synack_frame", s.joinSynAckFrame == 0 ? null : s.joinSynAckFrame);
        j.put("ack_frame", s.joinAckFrame == 0 ? null : s.joinAckFrame);
        joins.row(c.id, s.id, s.client.toString(), s.server.toString(), token, j.get("addr_id_client"),
                j.get("addr_id_server"), s.backup, j.get("nonce_client"), j.get("nonce_server"),
                j.get("hmac_synack_seen"), j.get("hmac_synack_expected"), j.get("hmac_ack_seen"),
                j.get("hmac_ack_expected"), all.json(), j.get("syn_frame"), j.get("synack_frame"),
                j.get("ack_frame"));

        String ra = roleName(a), rb = roleName(bRole);
        text.add("");
        text.add("MP_JOIN subflow " + s.id + ": " + s.client + " -> " + s.server + " (A = the connection's "
                + ra + ", B = its " + rb + ")" + (s.backup ? ", backup" : ""));
        text.add(step(s.joinSynFrame, "SYN", "token " + (token == null ? "-" : token) + " = the " + rb
                + "'s token: names connection " + c.id + "; A's address id " + str(j.get("addr_id_client"))
                + ", nonce R-A = " + str(j.get("nonce_client"))));
        text.add(step(s.joinSynAckFrame, "SYN/ACK", "B's address id " + str(j.get("addr_id_server"))
                + ", nonce R-B = " + str(j.get("nonce_server"))));
        text.add("  " + pad("", 21) + "HMAC seen     " + str(j.get("hmac_synack_seen")));
        text.add("  " + pad("", 21) + "expected      " + (synAckExp == null ? "? (" + why + ")"
                : hexOrNull(synAckExp) + " = first 64 bits of " + hmacName + "(key = Key-B + Key-A, msg = R-B + R-A)"));
        text.add("  " + pad("", 21) + "match: " + v1);
        text.add(step(s.joinAckFrame, "ACK", "A proves it knows both keys"));
        text.add("  " + pad("", 21) + "HMAC seen     " + str(j.get("hmac_ack_seen")));
        text.add("  " + pad("", 21) + "expected      " + (ackExp == null ? "? (" + why + ")"
                : hexOrNull(ackExp) + " = first 160 bits of " + hmacName + "(key = Key-A + Key-B, msg = R-A + R-B)"));
        text.add("  " + pad("", 21) + "match: " + v2);
        text.add("  hmac_ok: " + all + (all == Verdict.UNVERIFIABLE ? " (" + why + ")" : ""));
        return j;
    }

    /** ADD_ADDR (with v1 HMAC check) and REMOVE_ADDR of the connection, and address ids used. */
    private void addresses(String hmacName) {
        PacketTable p = trace.packets();
        List<Object> adds = new ArrayList<>();
        List<Object> removes = new ArrayList<>();
        AddAddr aa = new AddAddr();
        RemoveAddr ra = new RemoveAddr();
        List<String> lines = new ArrayList<>();
        int first = Math.max(1, c.firstFrame), last = c.lastFrame;
        for (int frame = first; frame <= last && frame >= 1; frame++) {
            int i = frame - 1;
            int sid = p.subflow(i);
            if (sid < 0 || trace.subflows().get(sid).conn != c.id || !p.has(i, PacketTable.F_MPTCP)) continue;
            Subflow s = trace.subflows().get(sid);
            int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
            int sender = dir == 0 ? s.clientRole : 1 - s.clientRole;
            byte[] pool = p.optionChunk(i);
            int end = p.optionsEnd(i);
            for (int off = p.optionsStart(i), len; off < end; off += len) {
                len = PacketTable.optionLength(pool, off, end);
                if (len < 3 || MptcpOption.check(pool, off, len, p.tcpFlags(i)) != null) continue;
                int st = MptcpOption.subtype(pool, off);
                if (st == MptcpOption.ADD_ADDR) {
                    adds.add(addAddr(aa.wrap(pool, off, len), frame, sender, hmacName, lines));
                } else if (st == MptcpOption.REMOVE_ADDR) {
                    ra.wrap(pool, off, len);
                    List<Integer> ids = new ArrayList<>();
                    for (int k = 0; k < ra.count(); k++) ids.add(ra.addressId(k));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("frame", frame);
                    m.put("sender", roleName(sender));
                    m.put("addr_ids", ids);
                    removes.add(m);
                    lines.add("  frame " + frame + ": " + roleName(sender) + " removes address id"
                            + (ids.size() > 1 ? "s " : " ") + joinInts(ids));
                }
            }
        }
        json.put("add_addr", adds);
        json.put("remove_addr", removes);
        text.add("");
        if (lines.isEmpty()) {
            text.add("address announcements: none (no ADD_ADDR or REMOVE_ADDR)");
        } else {
            text.add("address announcements:");
            text.addAll(lines);
        }
        text.add("address ids used by subflows (client id / server id; 0 = the master's addresses):");
        for (int sid : c.subflows) {
            Subflow s = trace.subflows().get(sid);
            String ids = s.master ? "0 / 0" : (s.joinAddrIdClient < 0 ? "-" : String.valueOf(s.joinAddrIdClient))
                    + " / " + (s.joinAddrIdServer < 0 ? "-" : String.valueOf(s.joinAddrIdServer));
            text.add("  subflow " + s.id + ": " + ids + (s.master ? " (master)" : ""));
        }
    }

    private Map<String, Object> addAddr(AddAddr a, int frame, int sender, String hmacName, List<String> lines) {
        byte[] addr = new byte[16];
        int n = a.address(addr);
        String address = Bytes.ipString(addr, 0, n == 16 ? 6 : 4);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", frame);
        m.put("sender", roleName(sender));
        m.put("addr_id", a.addressId());
        m.put("address", address);
        m.put("port", a.hasPort() ? a.port() : null);
        m.put("echo", a.echo());
        String seen = a.hasHmac() ? String.format("%016x", a.truncatedHmac()) : null;
        String expected = null;
        Verdict v = Verdict.UNVERIFIABLE;
        String why = null;
        if (a.hasHmac()) {
            int receiver = 1 - sender;
            if (version < 1) {
                why = "not a v1 connection";
            } else if (!c.keySeen[sender] || !c.keySeen[receiver]) {
                why = roleName(c.keySeen[sender] ? receiver : sender) + " key not captured";
            } else {
                byte[] msg = new byte[1 + n + 2];
                msg[0] = (byte) a.addressId();
                System.arraycopy(addr, 0, msg, 1, n);
                int port = a.hasPort() ? a.port() : 0;
                msg[1 + n] = (byte) (port >>> 8);
                msg[2 + n] = (byte) port;
                // RFC 8684 3.4.1: the rightmost 64 bits (MP_JOIN's SYN/ACK takes the leftmost)
                byte[] full = hmacSha256(concat(c.key[sender], c.key[receiver]), msg);
                byte[] h = Arrays.copyOfRange(full, full.length - 8, full.length);
                expected = Bytes.hex(h, 0, 8);
                v = expected.equals(seen) ? Verdict.OK : Verdict.MISMATCH;
                if (v == Verdict.MISMATCH && Bytes.hex(full, 0, 8).equals(seen)) {
                    why = "the leftmost 64 bits match: Linux before 5.11 sent those, RFC 8684 wants the rightmost";
                }
            }
        }
        m.put("hmac_seen", seen);
        m.put("hmac_expected", expected);
        m.put("hmac_ok", a.hasHmac() ? v.json() : null);
        m.put("hmac_note", why);
        String who = roleName(sender);
        String where = address + (a.hasPort() ? " port " + a.port() : "");
        if (a.echo()) {
            lines.add("  frame " + frame + ": " + who + " echoes address id " + a.addressId() + " " + where);
        } else if (!a.hasHmac()) {
            lines.add("  frame " + frame + ": " + who + " announces address id " + a.addressId() + " " + where + " (v0: no HMAC)");
        } else {
            lines.add("  frame " + frame + ": " + who + " announces address id " + a.addressId() + " " + where);
            lines.add("    HMAC seen " + seen + ", expected " + (expected == null ? "? (" + why + ")"
                    : expected + " = last 64 bits of " + hmacName
                            + "(key = sender's key + receiver's key, msg = id + address + port)")
                    + ": " + v + (v == Verdict.MISMATCH && why != null ? " (" + why + ")" : ""));
        }
        return m;
    }

    // ---------------------------------------------------------------- HMAC arithmetic

    private byte[] hmac(byte[] key, byte[] msg) {
        return version >= 1 ? hmacSha256(key, msg) : mac("HmacSHA1", key, msg);
    }

    private static byte[] hmacSha256(byte[] key, byte[] msg) { return mac("HmacSHA256", key, msg); }

    private static byte[] mac(String alg, byte[] key, byte[] msg) {
        try {
            Mac m = Mac.getInstance(alg);
            m.init(new SecretKeySpec(key, alg));
            return m.doFinal(msg);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK lacks " + alg, e);
        }
    }

    /** Two 64-bit keys as 16 big-endian bytes. */
    static byte[] concat(long k1, long k2) {
        byte[] out = new byte[16];
        System.arraycopy(longBytes(k1), 0, out, 0, 8);
        System.arraycopy(longBytes(k2), 0, out, 8, 8);
        return out;
    }

    /** Two 32-bit nonces as 8 big-endian bytes. */
    static byte[] concat32(long r1, long r2) {
        return Arrays.copyOfRange(longBytes(r1 << 32 | (r2 & 0xffffffffL)), 0, 8);
    }

    static byte[] longBytes(long v) {
        byte[] out = new byte[8];
        for (int k = 0; k < 8; k++) out[k] = (byte) (v >>> (56 - 8 * k));
        return out;
    }

    private static Verdict verdict(byte[] expected, byte[] seen) {
        if (expected == null || seen == null) return Verdict.UNVERIFIABLE;
        return Arrays.equals(expected, 0, seen.length, seen, 0, seen.length) && expected.length == seen.length
                ? Verdict.OK : Verdict.MISMATCH;
    }

    private static String hexOrNull(byte[] b) { return b == null ? null : Bytes.hex(b, 0, b.length); }

    private static String str(Object o) { return o == null ? "-" : o.toString(); }

    private static String pad(String s, int w) { return s.length() >= w ? s : s + " ".repeat(w - s.length()); }

    private static String joinInts(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(sb.length() == 0 ? "" : ", ").append(id);
        return sb.toString();
    }
}
