package mptcpanalyzer.shell;

import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.AnomalyQueries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code anomalies [CONN]}: the named findings of the load (damaged file, malformed options, ...). */
@Command(name = "anomalies", description = {
    "List anomalies (malformed packets and options, handshake problems, a damaged capture file), "
            + "in frame order; only those of connection CONN when given.",
    "Columns: frame conn subflow anomaly description detail (frame is empty for the whole file)"})
final class AnomaliesCommand extends Commands.Base {
    @Parameters(paramLabel = "CONN", arity = "0..1", description = "Connection id (mptcp.stream).")
    Integer conn;

    @Mixin FormatOption format;

    AnomaliesCommand(Session s) { super(s); }

    @Override
    void execute() {
        Trace t = session.trace();
        if (conn != null && (conn < 0 || conn >= t.connections().size())) {
            throw new UserException("no connection " + conn + " (the capture has "
                    + t.connections().size() + (t.connections().isEmpty() ? "" : ": ids 0.."
                    + (t.connections().size() - 1)) + ")");
        }
        session.print(AnomalyQueries.anomalies(t, conn == null ? -1 : conn), format.get());
    }
}
