package mptcpanalyzer.jmh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks find their captures. */
final class Inputs {
    /**
     * System property naming the project directory: {@code scripts/jmh} sets it on the JVM that
     * runs JMH, and JMH passes the host JVM's options on to the forked benchmark JVMs.
     */
    static final String ROOT_PROPERTY = "mptcp.root";

    private Inputs() {}

    /**
     * The capture a {@code capture} parameter names: a path as given (absolute, or relative to the
     * working directory), else relative to the project directory, so that the default
     * {@code testdata/...} values work from any directory.
     */
    static Path capture(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute() || Files.exists(p)) return p;
        String root = System.getProperty(ROOT_PROPERTY);
        if (root != null) {
            Path r = Path.of(root).resolve(name);
            if (Files.exists(r)) return r;
        }
        return p; // Captures.open names the missing file
    }
}
