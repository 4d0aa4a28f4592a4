package mptcpanalyzer.query;

import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;

/** The anomaly list: every named finding of the load, in frame order. */
public final class AnomalyQueries {
    private AnomalyQueries() {}

    /** Column names of {@link #anomalies}. */
    public static final String[] COLUMNS = {"frame", "conn", "subflow", "anomaly", "description", "detail"};

    /**
     * One row per anomaly, sorted by frame; only those of connection {@code conn} when
     * {@code conn >= 0}. Capture-level anomalies (a damaged file) have a null frame.
     */
    public static Table anomalies(Trace t, int conn) {
        Table.Builder b = Table.of(COLUMNS);
        Anomalies a = t.anomalies();
        for (int i = 0; i < a.size(); i++) {
            int c = a.conn(i);
            if (conn >= 0 && c != conn) continue;
            int frame = a.frame(i);
            int subflow = t.hasFrame(frame) ? t.packets().subflow(frame - 1) : -1;
            b.row(frame > 0 ? frame : null, c >= 0 ? c : null, subflow >= 0 ? subflow : null,
                    a.anomaly(i).id(), a.anomaly(i).description(), a.detail(i));
        }
        return b.build();
    }
}
