package mptcpanalyzer.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code source FILE}: runs the commands of a script file as if typed, with the same rules as
 * {@code -f} (comments, continuation lines, error lines naming FILE:LINE, {@code --echo} and
 * {@code --fail-fast} of the run). Sources may nest up to {@link Batch#MAX_SOURCE_DEPTH} deep.
 */
@Command(name = "source", description = {
    "Run the commands of script FILE (one per line, '#' comments, '\\' continues a line).",
    "A failing command prints its error with FILE:LINE and the script goes on (unless --fail-fast)."})
final class Source implements Callable<Integer> {
    private final Session session;

    @Parameters(paramLabel = "FILE", description = "Script file (relative to the working directory).")
    Path file;

    Source(Session session) { this.session = session; }

    @Override
    public Integer call() {
        Batch batch = session.batch();
        if (batch == null) {
            // the interactive shell: a script run of its own, without echo, going on after errors
            batch = new Batch(session, session.runner(), false, false);
            try {
                return batch.source(file) ? 0 : 1;
            } finally {
                session.batch(null);
            }
        }
        return batch.source(file) ? 0 : 1;
    }
}
