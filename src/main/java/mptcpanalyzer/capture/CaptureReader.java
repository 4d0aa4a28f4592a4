package mptcpanalyzer.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Sequential reader of a capture file (pcap or pcapng, optionally gzip-compressed).
 *
 * <p>Obtain one with {@link Captures#open(java.nio.file.Path)}. Reading never trusts lengths in
 * the file: a record that claims more bytes than the file holds, or more than
 * {@link Captures#MAX_RECORD_BYTES}, ends reading and is reported by {@link #damage()}, not
 * allocated.
 */
public interface CaptureReader extends Closeable {
    /**
     * Reads the next packet into {@code rec}.
     *
     * @return false at the end of the file, or when the rest of the file cannot be read (then
     *     {@link #damage()} says why)
     * @throws IOException only for an I/O error of the underlying file, never for bad content
     */
    boolean next(PacketRecord rec) throws IOException;

    /** "pcap", "pcap-ns", "pcapng", each with "+gzip" appended when compressed. */
    String format();

    /** Link types seen so far (pcap: the one of the header; pcapng: one per interface). */
    List<Integer> linkTypes();

    /** Bytes of the (compressed, if compressed) file consumed so far: for progress bars. */
    long position();

    /** Size of the file on disk in bytes (compressed size when compressed). */
    long size();

    /** Null when the file was read to its end; otherwise what stopped the reading. */
    CaptureDamage damage();

    /**
     * Packets skipped although the file framing was sound (pcapng: a packet block naming an
     * interface its section did not describe); 0 for pcap.
     */
    default long skippedPackets() {
        return 0;
    }

    /**
     * The number of packet records the file holds, counted from their headers alone without
     * reading the packets ({@link RecordCounter}), for sizing a model before loading it; -1 when
     * unknown (a compressed file, a live capture). A hint: a damaged file may deliver fewer.
     * May run on another thread while this reader reads (it neither moves nor closes the file).
     */
    default long countRecords() throws IOException {
        return -1;
    }

    /**
     * Asks the reader never to write over the bytes of a record it has handed out, so that the
     * caller may keep {@link PacketRecord#buf} instead of copying it: where the reader would
     * reuse its buffer, it moves to a new one of at least the length it asks of {@code fresh}
     * (which may give a buffer again once the caller is done with its records). Call before the
     * first {@link #next}; false when this reader cannot (it then reuses its buffer, as
     * {@link PacketRecord} says).
     */
    default boolean keepBuffers(IntFunction<byte[]> fresh) {
        return false;
    }

    /** Packets arrive as they are captured (each should be shown at once), not from a file. */
    default boolean live() {
        return false;
    }
}
