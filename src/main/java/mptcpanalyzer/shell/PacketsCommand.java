package mptcpanalyzer.shell;

import java.util.List;
import mptcpanalyzer.query.PacketList;
import mptcpanalyzer.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code packets [--limit N] [--columns a,b,...]}: lists the current view. */
@Command(name = "packets", description = {
    "List the packets of the current view (all packets, or those of the last 'filter').",
    "Columns: frame time subflow conn src dst flags seq ack len dsn dack mptcp; "
            + "also available: wire_len window raw_seq raw_ack anomalies."})
final class PacketsCommand extends Commands.Base {
    @Option(names = "--limit", paramLabel = "N", description = "Show at most N packets.")
    Integer limit;

    @Option(names = "--columns", split = ",", paramLabel = "a,b,...",
            description = "Columns to show, in this order (default: frame..mptcp).")
    List<String> columns;

    @Mixin FormatOption format;

    PacketsCommand(Session s) { super(s); }

    @Override
    void execute() {
        var t = session.trace();
        if (limit != null && limit < 0) throw new UserException("--limit must be 0 or more (got " + limit + ")");
        List<String> cols = columns == null ? PacketList.defaultColumns() : columns;
        for (String c : cols) {
            if (!PacketList.COLUMNS.contains(c)) {
                throw new UserException("unknown column '" + c + "' (expected: "
                        + String.join(",", PacketList.COLUMNS) + ")");
            }
        }
        PacketView v = session.view();
        int[] packets = v == null ? null : v.packets();
        int max = limit == null ? 0 : limit;
        if (limit != null && limit == 0) packets = new int[0];
        Table table = PacketList.packets(t, packets, max, cols);
        session.printPaged(table, format.get());
    }
}
