package mptcpanalyzer.capture;

import java.nio.file.Path;

/** Opens capture files: sniffs the magic number (gzip, pcap, pcapng) and picks the reader. */
public final class Captures {
    /** Largest record or block we accept (bytes); larger ones are reported as damage. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private Captures() {}

    /**
     * Opens {@code path} read-only.
     *
     * @throws CaptureException with a one-line message naming the file and the reason when it is
     *     missing, a directory, unreadable, empty or not a capture
     */
    public static CaptureReader open(Path path) throws CaptureException {
        throw new CaptureException(path + ": not implemented yet");
    }
}
