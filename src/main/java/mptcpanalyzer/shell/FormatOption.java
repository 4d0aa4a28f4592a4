package mptcpanalyzer.shell;

import mptcpanalyzer.render.Format;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The {@code --format} option every list command takes. */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "table|csv|json", converter = Converter.class,
            completionCandidates = Candidates.class,
            description = "Output format: table, csv or json (default: the session's, see 'set format').")
    Format format;

    /** The chosen format, or null for the session default. */
    public Format get() { return format; }

    static final class Converter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) { return Format.parse(value); }
    }

    static final class Candidates extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Candidates() { super(java.util.List.of("table", "csv", "json")); }
    }
}
