package mptcpanalyzer.testutil;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mptcpanalyzer.capture.CaptureDamage;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;

/**
 * What must hold for any loaded trace, however damaged its file: every id points at something
 * that exists, the cross references agree, anomalies are sorted and name real frames, and the
 * capture-level damage is reported exactly once.
 */
public final class TraceInvariants {
    private TraceInvariants() {}

    /** Every violation found (empty when the trace is sane). */
    public static List<String> violations(Trace t) {
        List<String> v = new ArrayList<>();
        PacketTable p = t.packets();
        int n = p.size();
        int nSub = t.subflows().size();
        int nConn = t.connections().size();

        for (int i = 0; i < n && v.size() < 20; i++) {
            int s = p.subflow(i);
            if (s < -1 || s >= nSub) v.add("frame " + (i + 1) + ": subflow " + s + " of " + nSub);
            int a = p.optionsStart(i), b = p.optionsEnd(i);
            int pool = p.optionChunk(i).length;
            if (a < 0 || a > b || b > pool) v.add("frame " + (i + 1) + ": options " + a + ".." + b + " in a chunk of " + pool);
            if (p.capLen(i) < 0) v.add("frame " + (i + 1) + ": negative captured length");
            if (s >= 0 && p.payloadLen(i) < 0) v.add("frame " + (i + 1) + ": negative payload");
        }
        for (int k = 0; k < nSub; k++) {
            Subflow s = t.subflows().get(k);
            if (s.id != k) v.add("subflow at " + k + " has id " + s.id);
            if (s.conn < -1 || s.conn >= nConn) {
                v.add("subflow " + k + ": conn " + s.conn + " of " + nConn);
            } else if (s.conn >= 0 && !t.connections().get(s.conn).subflows.contains(k)) {
                v.add("subflow " + k + " not listed by its connection " + s.conn);
            }
            if (s.firstFrame < 1 || s.lastFrame > n || s.firstFrame > s.lastFrame) {
                v.add("subflow " + k + ": frames " + s.firstFrame + ".." + s.lastFrame + " of " + n);
            }
        }
        for (int k = 0; k < nConn; k++) {
            Connection c = t.connections().get(k);
            if (c.id != k) v.add("connection at " + k + " has id " + c.id);
            Set<Integer> seen = new HashSet<>();
            for (int sid : c.subflows) {
                if (sid < 0 || sid >= nSub) v.add("connection " + k + ": subflow " + sid + " of " + nSub);
                else if (t.subflows().get(sid).conn != k) v.add("connection " + k + " lists subflow " + sid + " of another");
                if (!seen.add(sid)) v.add("connection " + k + " lists subflow " + sid + " twice");
            }
            if (c.masterSubflow >= nSub) v.add("connection " + k + ": master " + c.masterSubflow);
            if (c.firstFrame < 0 || c.lastFrame > n) v.add("connection " + k + ": frames " + c.firstFrame + ".." + c.lastFrame);
        }
        Anomalies an = t.anomalies();
        int damageReports = 0;
        for (int i = 0; i < an.size(); i++) {
            int f = an.frame(i);
            if (f < 0 || f > n) v.add("anomaly " + i + " at frame " + f + " of " + n);
            if (i > 0 && an.frame(i - 1) > f) v.add("anomalies not sorted at " + i);
            if (an.conn(i) < -1 || an.conn(i) >= nConn) v.add("anomaly " + i + ": conn " + an.conn(i));
            Anomaly a = an.anomaly(i);
            if (a == null) v.add("anomaly " + i + " is null");
            if (a == Anomaly.CAPTURE_TRUNCATED || a == Anomaly.CAPTURE_BAD_RECORD) {
                damageReports++;
                if (f != 0) v.add(a.id() + " at frame " + f + " (expected 0: the whole capture)");
            }
            if (f > 0 && !p.has(f - 1, PacketTable.F_ANOMALY)) v.add("frame " + f + " has an anomaly but no F_ANOMALY flag");
        }
        CaptureDamage d = t.damage();
        if ((d == null) != (damageReports == 0) || damageReports > 1) {
            v.add("damage " + d + " but " + damageReports + " capture-level anomalies");
        }
        return v;
    }
}
