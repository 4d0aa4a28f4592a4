package mptcpanalyzer.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.ReinjectionIndex;
import mptcpanalyzer.model.ReinjectionIndex.SummaryRow;
import mptcpanalyzer.model.Reinjections;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;

/** The {@code dupcheck} answers: duplicate frames (reinjections) and what they cost. */
public final class Duplicates {
    private Duplicates() {}

    /** Column names of {@link #frames}. */
    public static final String[] FRAME_COLUMNS = {
        "frame", "original_frame", "conn", "direction", "subflow", "original_subflow", "dsn",
        "len", "bytes", "delay_s", "acked_before", "retransmitted_bytes", "resent_bytes",
        "reinjection_of"};

    /** Column names of {@link #summary}. */
    public static final String[] SUMMARY_COLUMNS = {
        "conn", "direction", "kind", "from_subflow", "to_subflow", "frames", "bytes",
        "data_bytes", "share_pct"};

    /** The analysis result of {@code t} (empty when none was run). */
    public static ReinjectionIndex index(Trace t) {
        Reinjections r = t.reinjections();
        return r instanceof ReinjectionIndex x ? x : ReinjectionIndex.EMPTY;
    }

    /** "c2s" for the connection's client sending, "s2c" for its server. */
    public static String direction(int role) { return role == 0 ? "c2s" : "s2c"; }

    /**
     * One row per duplicate frame of connection {@code conn} (all when < 0) sent on subflow
     * {@code subflow} (all when < 0).
     */
    public static Table frames(Trace t, int conn, int subflow) {
        ReinjectionIndex x = index(t);
        DataLevel dl = t.dataLevel();
        Table.Builder b = Table.of(FRAME_COLUMNS);
        for (int k = 0; k < x.duplicates(); k++) {
            int sid = x.subflow(k);
            int c = t.subflows().get(sid).conn;
            if (conn >= 0 && c != conn) continue;
            if (subflow >= 0 && sid != subflow) continue;
            int i = x.frame(k) - 1;
            List<Integer> of = new ArrayList<>();
            for (int f : x.reinjectionOf(i)) of.add(f);
            b.row(x.frame(k), x.originalFrame(k), c, direction(x.role(k)), sid,
                    x.originalSubflow(k), dl.hasDsn(i) ? dl.relativeDsn(i) : null,
                    t.packets().payloadLen(i), x.bytes(k),
                    BigDecimal.valueOf(x.delayNanos(k), 9).setScale(6, RoundingMode.HALF_UP),
                    x.ackedBefore(k), x.retransmittedBytes(k), x.resentBytes(k), of);
        }
        return b.build();
    }

    /**
     * Cost per connection direction: totals and per subflow pair of reinjected bytes, beside
     * same-subflow retransmissions and resends. {@code subflow} >= 0 keeps the rows that name it.
     */
    public static Table summary(Trace t, int conn, int subflow) {
        Table.Builder b = Table.of(SUMMARY_COLUMNS);
        for (SummaryRow r : index(t).summary()) {
            if (conn >= 0 && r.conn() != conn) continue;
            if (subflow >= 0 && r.from() != subflow && r.to() != subflow) continue;
            b.row(r.conn(), direction(r.role()), r.kind(), r.from() < 0 ? null : r.from(),
                    r.to() < 0 ? null : r.to(), r.frames(), r.bytes(), r.dataBytes(),
                    r.dataBytes() == 0 ? null
                            : BigDecimal.valueOf(100.0 * r.bytes() / r.dataBytes())
                                    .setScale(3, RoundingMode.HALF_UP));
        }
        return b.build();
    }
}
