package mptcpanalyzer.shell;

import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.HandshakeReport;
import mptcpanalyzer.render.Format;
import mptcpanalyzer.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code handshake CONN}: how the connection was set up and how its subflows joined. */
@Command(name = "handshake", description = {
    "Show step by step how connection CONN was set up: keys (and their frames), the hash "
            + "(SHA-1 for v0, SHA-256 for v1), token = first 32 bits of the digest, IDSN = last "
            + "64 bits; for each MP_JOIN the token, nonces and HMACs expected per RFC 8684 3.2 "
            + "against those seen (hmac_ok true/false/unverifiable); ADD_ADDR HMACs; address ids.",
    "json: one object (client_key server_key client_token server_token client_idsn server_idsn "
            + "... joins add_addr remove_addr); csv: one row per join."})
final class Handshake extends Commands.Base {
    @Parameters(paramLabel = "CONN", description = "Connection id (mptcp.stream).")
    int conn;

    @Mixin FormatOption format;

    Handshake(Session s) { super(s); }

    @Override
    void execute() {
        Trace t = session.trace();
        if (conn < 0 || conn >= t.connections().size()) {
            throw new UserException(t.connections().isEmpty() ? "no connection " + conn + " (the capture has no MPTCP connection)"
                    : "no connection " + conn + " (the capture has " + t.connections().size()
                            + ": ids 0.." + (t.connections().size() - 1) + ")");
        }
        HandshakeReport r = HandshakeReport.of(t, conn);
        Format f = format.get() == null ? session.format() : format.get();
        switch (f) {
            case JSON -> Renderer.jsonObject(r.json(), session.out());
            case CSV -> session.print(r.joinsTable(), f);
            case TABLE -> {
                for (String line : r.text()) session.out().println(line);
                session.out().flush();
            }
        }
    }
}
