package mptcpanalyzer.analysis;

import java.util.List;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.wire.DecodedPacket;

/**
 * DSS mappings and per-packet data sequence numbers (issue 3). Sees every TCP packet while the
 * capture streams by (payload bytes are available only then, for the DSS checksum), and builds
 * the {@link DataLevel} index at the end.
 */
final class DataLevelAnalyzer {
    private final Anomalies anomalies;

    DataLevelAnalyzer(Anomalies anomalies) { this.anomalies = anomalies; }

    /** Called for every TCP packet, after its MPTCP options went through the connection mapper. */
    void onTcpPacket(int i, Subflow s, int dir, DecodedPacket dp) {}

    /**
     * Called once after the last packet, before the anomalies are frozen (it may add some); the
     * result goes into the Trace.
     */
    DataLevel finish(int packetCount, List<Subflow> subflows, List<Connection> connections) {
        return DataLevel.NONE;
    }
}
