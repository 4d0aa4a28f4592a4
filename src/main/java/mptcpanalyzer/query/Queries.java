package mptcpanalyzer.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.capture.LinkTypes;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.Endpoint;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;

/**
 * The read-only API the shell commands call: each method answers one question about a loaded
 * {@link Trace} as a {@link Table} whose column names are a public interface (README).
 */
public final class Queries {
    private Queries() {}

    /** Column names of {@link #connections}. */
    public static final String[] CONNECTION_COLUMNS = {
        "id", "version", "client", "server", "client_key", "server_key", "client_token",
        "server_token", "client_idsn", "server_idsn", "subflows", "packets", "bytes_c2s",
        "bytes_s2c", "first_frame", "last_frame", "duration_s", "handshake", "fallback",
        "anomalies"};

    /** Column names of {@link #subflows}. */
    public static final String[] SUBFLOW_COLUMNS = {
        "id", "conn", "master", "src", "dst", "ip_version", "join_token", "addr_id", "backup",
        "packets", "bytes", "bytes_c2s", "bytes_s2c", "first_frame", "last_frame", "state"};

    /** One row per MPTCP connection ({@code mptcp.stream}). */
    public static Table connections(Trace t) {
        Table.Builder b = Table.of(CONNECTION_COLUMNS);
        for (Connection c : t.connections()) {
            Endpoint[] ends = connectionEnds(t, c);
            b.row(c.id, c.version < 0 ? null : c.version,
                    ends[0] == null ? null : ends[0].toString(),
                    ends[1] == null ? null : ends[1].toString(),
                    key(c, Connection.CLIENT), key(c, Connection.SERVER),
                    token(c, Connection.CLIENT), token(c, Connection.SERVER),
                    idsn(c, Connection.CLIENT), idsn(c, Connection.SERVER),
                    c.subflows.size(), c.packets[0] + c.packets[1], c.bytes[0], c.bytes[1],
                    c.firstFrame, c.lastFrame, seconds(t, c.firstFrame, c.lastFrame),
                    c.handshake(), c.fallback, c.anomalies);
        }
        return b.build();
    }

    /** Subflows of connection {@code conn}, or every TCP conversation when {@code conn} < 0. */
    public static Table subflows(Trace t, int conn) {
        Table.Builder b = Table.of(SUBFLOW_COLUMNS);
        List<Subflow> list = new ArrayList<>();
        if (conn >= 0) {
            for (int id : t.connections().get(conn).subflows) list.add(t.subflows().get(id));
        } else {
            list.addAll(t.subflows());
        }
        for (Subflow s : list) {
            b.row(s.id, s.conn < 0 ? null : s.conn, s.conn < 0 ? null : s.master,
                    s.client.toString(), s.server.toString(), s.ipVersion(),
                    s.joinToken < 0 ? null : hex8(s.joinToken),
                    s.joinAddrIdClient < 0 ? null : s.joinAddrIdClient,
                    s.conn < 0 ? null : s.backup, s.totalPackets(), s.totalBytes(), s.bytes[0],
                    s.bytes[1], s.firstFrame, s.lastFrame, s.state());
        }
        return b.build();
    }

    /** One record describing the capture, without the load time (deterministic output). */
    public static Table info(Trace t) { return info(t, false); }

    /**
     * One record describing the capture; {@code timing} adds {@code load_time_s} (left out by
     * default so that a script's output is the same on every run).
     */
    public static Table info(Trace t, boolean timing) {
        StringBuilder links = new StringBuilder();
        for (int lt : t.linkTypes()) {
            if (links.length() > 0) links.append(' ');
            links.append(LinkTypes.name(lt));
        }
        Trace.Stats s = t.stats();
        List<String> cols = new ArrayList<>(List.of("file", "format", "link_types", "packets",
                "ipv4", "ipv6", "non_ip", "tcp_packets", "mptcp_packets", "truncated_packets",
                "tcp_subflows", "mptcp_connections", "duration_s", "anomalies", "unreadable",
                "unreadable_offset", "unreadable_bytes", "dss_mappings", "dsn_base",
                "dss_checksums"));
        List<Object> row = new ArrayList<>(List.of(t.path().toString(), t.format(),
                links.toString(), t.packets().size(), s.ipv4(), s.ipv6(), s.nonIp(), s.tcp(),
                s.mptcpPackets(), s.truncated(), t.subflows().size(), t.connections().size(),
                t.packets().size() < 2 ? BigDecimal.ZERO : seconds(t, 1, t.packets().size()),
                t.anomalies().size()));
        row.add(t.damage() == null ? null : t.damage().message());
        row.add(t.damage() == null ? null : t.damage().offset());
        row.add(t.damage() == null || t.damage().unreadableBytes() < 0 ? null
                : t.damage().unreadableBytes());
        row.add(t.dataLevel().mappings().count());
        row.add(DataQueries.dsnBases(t));
        row.add(DataQueries.checksumSummary(t));
        if (timing) {
            cols.add("load_time_s");
            row.add(BigDecimal.valueOf(t.loadNanos() / 1e9).setScale(3, RoundingMode.HALF_UP));
        }
        return Table.of(cols.toArray(new String[0])).row(row.toArray()).vertical().build();
    }

    /** Client and server endpoints of a connection (from its master subflow when known). */
    static Endpoint[] connectionEnds(Trace t, Connection c) {
        int sid = c.masterSubflow >= 0 ? c.masterSubflow
                : c.subflows.isEmpty() ? -1 : c.subflows.get(0);
        if (sid < 0) return new Endpoint[2];
        Subflow s = t.subflows().get(sid);
        return s.clientRole == 0 ? new Endpoint[] {s.client, s.server}
                : new Endpoint[] {s.server, s.client};
    }

    private static String key(Connection c, int role) {
        return c.keySeen[role] ? String.format("%016x", c.key[role]) : null;
    }

    private static String token(Connection c, int role) {
        return c.tokenSeen[role] ? hex8(c.token[role]) : null;
    }

    private static BigInteger idsn(Connection c, int role) {
        return c.keySeen[role] ? new BigInteger(Long.toUnsignedString(c.idsn[role])) : null;
    }

    static String hex8(long v) { return String.format("%08x", v & 0xffffffffL); }

    /** Seconds between two frames (1-based), 6 decimals. */
    static BigDecimal seconds(Trace t, int fromFrame, int toFrame) {
        if (fromFrame <= 0 || toFrame <= 0) return null;
        PacketTable p = t.packets();
        long ns = p.tsNanos(toFrame - 1) - p.tsNanos(fromFrame - 1);
        return BigDecimal.valueOf(ns, 9).setScale(6, RoundingMode.HALF_UP);
    }
}
