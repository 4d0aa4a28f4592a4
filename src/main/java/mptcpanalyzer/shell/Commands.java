package mptcpanalyzer.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.Queries;
import mptcpanalyzer.render.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The shell's commands: each one a short adapter that parses its arguments, asks the query
 * API and prints the answer. The root is never run by itself.
 */
@Command(name = "", customSynopsis = "COMMAND [ARGUMENTS...]   ('help COMMAND' for one command)",
        description = "Commands of the mptcp-analyzer shell (and of -c, -f and standard input):")
public final class Commands implements Runnable {
    /**
     * The commands, in the order 'help' lists them. {@link CommandRunner} builds picocli's model
     * of each one when it is first used (the reflection over all of them costs ~0.05 s of CPU;
     * a batch run usually needs two or three).
     */
    static final List<Class<?>> ALL = List.of(
            HelpCommand.class,
            Commands.Load.class,
            Commands.Info.class,
            Commands.Connections.class,
            Commands.Subflows.class,
            Handshake.class,
            AnomaliesCommand.class,
            FilterCommand.class,
            PacketsCommand.class,
            Explain.class,
            DssCoverCommand.class,
            DupcheckCommand.class,
            Capture.class,
            Export.class,
            Source.class,
            Commands.Set.class,
            Commands.Exit.class);

    @Override
    public void run() {}

    /** Base of every command: holds the session. */
    abstract static class Base implements Callable<Integer> {
        final Session session;

        Base(Session session) { this.session = session; }

        @Override
        public final Integer call() throws Exception {
            execute();
            return 0;
        }

        abstract void execute() throws Exception;
    }

    @Command(name = "load", description = "Load a capture (pcap, pcapng, optionally .gz), replacing the current one.")
    static final class Load extends Base {
        @Parameters(paramLabel = "FILE", description = "Capture file to load.")
        Path file;

        Load(Session s) { super(s); }

        @Override
        void execute() throws IOException {
            Trace t = session.load(file);
            session.out().printf("loaded %s: %d packets, %d TCP subflows, %d MPTCP connections%n",
                    t.path(), t.packets().size(), t.subflows().size(), t.connections().size());
            session.out().flush();
        }
    }

    @Command(name = "info", description = "Describe the loaded capture: file, link types, packets, subflows, connections, anomalies.")
    static final class Info extends Base {
        @Mixin FormatOption format;

        @picocli.CommandLine.Option(names = "--timing",
                description = "Add load_time_s (left out by default: script output stays the same on every run).")
        boolean timing;

        Info(Session s) { super(s); }

        @Override
        void execute() {
            session.print(Queries.info(session.trace(), timing), format.get());
        }
    }

    @Command(name = "connections", description = {
        "List MPTCP connections; id is Wireshark's mptcp.stream.",
        "Columns: id version client server client_key server_key client_token server_token "
                + "client_idsn server_idsn subflows packets bytes_c2s bytes_s2c first_frame "
                + "last_frame duration_s handshake fallback anomalies"})
    static final class Connections extends Base {
        @Mixin FormatOption format;

        Connections(Session s) { super(s); }

        @Override
        void execute() {
            session.print(Queries.connections(session.trace()), format.get());
        }
    }

    @Command(name = "subflows", description = {
        "List the subflows of connection CONN (all TCP conversations when CONN is omitted); "
                + "id is Wireshark's tcp.stream.",
        "Columns: id conn master src dst ip_version join_token addr_id backup packets bytes "
                + "bytes_c2s bytes_s2c first_frame last_frame state"})
    static final class Subflows extends Base {
        @Parameters(paramLabel = "CONN", arity = "0..1", description = "Connection id (mptcp.stream).")
        Integer conn;

        @Mixin FormatOption format;

        Subflows(Session s) { super(s); }

        @Override
        void execute() {
            Trace t = session.trace();
            if (conn != null && (conn < 0 || conn >= t.connections().size())) {
                throw new UserException("no connection " + conn + " (the capture has "
                        + t.connections().size() + ": ids 0.." + (t.connections().size() - 1) + ")");
            }
            session.print(Queries.subflows(t, conn == null ? -1 : conn), format.get());
        }
    }

    @Command(name = "set", description = "Change a session setting: 'set format table|csv|json'.")
    static final class Set extends Base {
        @Parameters(index = "0", paramLabel = "SETTING", description = "Setting name: format.")
        String name;

        @Parameters(index = "1", paramLabel = "VALUE", description = "New value.")
        String value;

        Set(Session s) { super(s); }

        @Override
        void execute() {
            if (!name.equals("format")) throw new UserException("unknown setting '" + name + "' (expected: format)");
            try {
                session.format(Format.parse(value));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
    }

    @Command(name = "exit", aliases = "quit", description = "Leave the shell.")
    static final class Exit extends Base {
        Exit(Session s) { super(s); }

        @Override
        void execute() {
            session.requestExit();
        }
    }
}
