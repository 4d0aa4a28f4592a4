package mptcpanalyzer.shell;

import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.Duplicates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dupcheck}: data sent on more than one subflow (reinjections). */
@Command(name = "dupcheck", description = {
    "List frames whose data (DSN range) was already carried by an earlier frame on another "
            + "subflow of the same connection and direction (reinjections).",
    "Columns: frame original_frame conn direction subflow original_subflow dsn len bytes "
            + "delay_s acked_before retransmitted_bytes resent_bytes reinjection_of",
    "--summary columns: conn direction kind from_subflow to_subflow frames bytes data_bytes "
            + "share_pct (kind: reinjection, retransmission, resend; empty subflows = total)"})
final class DupcheckCommand extends Commands.Base {
    @Parameters(paramLabel = "CONN", arity = "0..1", description = "Connection id (mptcp.stream).")
    Integer conn;

    @Option(names = "--subflow", paramLabel = "ID",
            description = "Only duplicates sent on subflow ID (tcp.stream); with --summary, rows naming ID.")
    Integer subflow;

    @Option(names = "--summary", description = "Cost per connection and direction instead of frames.")
    boolean summary;

    @Mixin FormatOption format;

    DupcheckCommand(Session s) { super(s); }

    @Override
    void execute() {
        Trace t = session.trace();
        if (conn != null && (conn < 0 || conn >= t.connections().size())) {
            throw new UserException("no connection " + conn + " (the capture has "
                    + t.connections().size() + (t.connections().isEmpty() ? ")"
                    : ": ids 0.." + (t.connections().size() - 1) + ")"));
        }
        if (subflow != null) {
            if (subflow < 0 || subflow >= t.subflows().size()) {
                throw new UserException("no subflow " + subflow + " (the capture has "
                        + t.subflows().size() + (t.subflows().isEmpty() ? ")"
                        : ": ids 0.." + (t.subflows().size() - 1) + ")"));
            }
            Subflow s = t.subflows().get(subflow);
            if (conn != null && s.conn != conn) {
                throw new UserException("subflow " + subflow + " is not in connection " + conn
                        + (s.conn < 0 ? " (it is plain TCP)" : " (it is in connection " + s.conn + ")"));
            }
        }
        int c = conn == null ? -1 : conn;
        int sf = subflow == null ? -1 : subflow;
        session.print(summary ? Duplicates.summary(t, c, sf) : Duplicates.frames(t, c, sf),
                format.get());
    }
}
