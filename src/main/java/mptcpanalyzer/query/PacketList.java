package mptcpanalyzer.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Endpoint;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/** The {@code packets} listing: one row per packet of a view, with chosen columns. */
public final class PacketList {
    /** Every column, in default order; the first {@link #DEFAULT_COUNT} are shown by default. */
    public static final List<String> COLUMNS = List.of(
            "frame", "time", "subflow", "conn", "src", "dst", "flags", "seq", "ack", "len", "dsn",
            "dack", "mptcp", "wire_len", "window", "raw_seq", "raw_ack", "anomalies");
    public static final int DEFAULT_COUNT = 13;

    private PacketList() {}

    /** The default columns. */
    public static List<String> defaultColumns() { return COLUMNS.subList(0, DEFAULT_COUNT); }

    /**
     * Rows for the packets {@code indexes} (0-based; null = all) up to {@code limit} rows
     * ({@code <= 0}: no limit), with {@code columns} (names from {@link #COLUMNS}).
     */
    public static Table packets(Trace t, int[] indexes, int limit, List<String> columns) {
        for (String c : columns) {
            if (!COLUMNS.contains(c)) throw new IllegalArgumentException("unknown column '" + c + "'");
        }
        PacketTable p = t.packets();
        int n = indexes == null ? p.size() : indexes.length;
        if (limit > 0) n = Math.min(n, limit);
        List<Object[]> rows = new ArrayList<>(n);
        SeqBases bases = columns.contains("seq") || columns.contains("ack") ? SeqBases.of(t) : null;
        for (int k = 0; k < n; k++) {
            int i = indexes == null ? k : indexes[k];
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) row[c] = cell(t, bases, i, columns.get(c));
            rows.add(row);
        }
        return new Table(columns, rows, false);
    }

    private static Object cell(Trace t, SeqBases bases, int i, String column) {
        PacketTable p = t.packets();
        int sid = p.subflow(i);
        Subflow s = sid < 0 ? null : t.subflows().get(sid);
        int dir = p.has(i, PacketTable.F_REVERSE) ? 1 : 0;
        DataLevel dl = t.dataLevel() == null ? DataLevel.NONE : t.dataLevel();
        switch (column) {
            case "frame": return i + 1;
            case "time": return BigDecimal.valueOf(p.tsNanos(i) - p.tsNanos(0), 9).setScale(6, RoundingMode.HALF_UP);
            case "subflow": return s == null ? null : sid;
            case "conn": return s == null || s.conn < 0 ? null : s.conn;
            case "src": return endpoint(p, i, s, dir == 0, 0);
            case "dst": return endpoint(p, i, s, dir == 1, 1);
            case "flags": return s == null ? null : flags(p.tcpFlags(i));
            case "seq": return s == null ? null : bases.seq(p, i);
            case "ack":
                if (s == null || (p.tcpFlags(i) & MptcpOption.TCP_ACK) == 0) return null;
                return bases.ack(p, i);
            case "len": return s == null ? null : p.payloadLen(i);
            case "dsn": return dl.hasDsn(i) ? Long.toUnsignedString(dl.relativeDsn(i)) : null;
            case "dack": return dl.hasDataAck(i) ? Long.toUnsignedString(dl.relativeDataAck(i)) : null;
            case "mptcp": return mptcp(p, i);
            case "wire_len": return p.wireLen(i);
            case "window": return s == null ? null : p.window(i);
            case "raw_seq": return s == null ? null : Integer.toUnsignedLong(p.seq(i));
            case "raw_ack": return s == null ? null : Integer.toUnsignedLong(p.ack(i));
            case "anomalies": return anomalies(t.anomalies(), p, i);
            default: throw new IllegalArgumentException(column);
        }
    }

    /** Client endpoint when {@code client}, else server; non-TCP IP packets: the address alone. */
    private static String endpoint(PacketTable p, int i, Subflow s, boolean client, int which) {
        if (s != null) return (client ? s.client : s.server).toString();
        byte[] a = new byte[16];
        if (!p.otherIpAddress(i, which, a)) return null;
        return Endpoint.formatAddress(p.has(i, PacketTable.F_IPV4) ? Arrays.copyOf(a, 4) : a);
    }

    /** tcpdump's notation: S F P R U E W, then "." for ACK. */
    static String flags(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & 0x02) != 0) sb.append('S');
        if ((f & 0x01) != 0) sb.append('F');
        if ((f & 0x08) != 0) sb.append('P');
        if ((f & 0x04) != 0) sb.append('R');
        if ((f & 0x20) != 0) sb.append('U');
        if ((f & 0x40) != 0) sb.append('E');
        if ((f & 0x80) != 0) sb.append('W');
        if ((f & 0x10) != 0) sb.append('.');
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String mptcp(PacketTable p, int i) {
        int pos = p.optionsStart(i), end = p.optionsEnd(i);
        if (pos == end) return null;
        byte[] pool = p.optionChunk(i);
        StringBuilder sb = new StringBuilder();
        while (pos < end) {
            int len = PacketTable.optionLength(pool, pos, end);
            if (sb.length() > 0) sb.append("; ");
            sb.append(MptcpOption.summary(pool, pos, len, p.tcpFlags(i)));
            pos += len;
        }
        return sb.toString();
    }

    private static Object anomalies(Anomalies a, PacketTable p, int i) {
        if (!p.has(i, PacketTable.F_ANOMALY)) return null;
        List<String> out = new ArrayList<>();
        for (int k = a.firstOf(i + 1); k >= 0 && k < a.size() && a.frame(k) == i + 1; k++) {
            String id = a.anomaly(k).id();
            if (!out.contains(id)) out.add(id);
        }
        return out.isEmpty() ? null : out;
    }
}
