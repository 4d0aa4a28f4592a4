package mptcpanalyzer.shell;

import mptcpanalyzer.query.DataQueries;
import mptcpanalyzer.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dss-cover FRAME [--covered]}: the DSS mappings of a data frame, or the frames of a mapping. */
@Command(name = "dss-cover", description = {
    "Which DSS mappings cover the payload of FRAME (one row per mapping); with --covered, "
            + "which data frames the mappings FRAME announced cover (one row per frame).",
    "Columns: frame mapping_frame frames conn subflow raw_dsn dsn dsn_base ssn length covers "
            + "kind data_fin checksum checksum_ok"})
final class DssCoverCommand extends Commands.Base {
    @Parameters(paramLabel = "FRAME", description = "Frame number (1-based).")
    int frame;

    @Option(names = "--covered", description = "List the data frames covered by the mappings FRAME announced.")
    boolean covered;

    @Mixin FormatOption format;

    DssCoverCommand(Session s) { super(s); }

    @Override
    void execute() {
        Table t;
        try {
            t = DataQueries.dssCover(session.trace(), frame, covered);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        session.print(t, format.get());
    }
}
