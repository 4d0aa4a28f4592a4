package mptcpanalyzer.capture;

/**
 * Why a capture could not be read to its end.
 *
 * @param offset byte offset (in the uncompressed stream) of the record that could not be read
 * @param unreadableBytes bytes from {@code offset} to the end of the file (-1 when unknown,
 *     e.g. for a compressed stream)
 * @param message one line, e.g. "record at offset 1234 claims 70000 bytes, file has 12 left"
 * @param kind whether the file was cut short or holds a record that cannot be believed
 */
public record CaptureDamage(long offset, long unreadableBytes, String message, Kind kind) {
    /** What stopped the reading. */
    public enum Kind {
        /**
         * The file (or compressed stream) ends inside a header or record that is plausible in
         * itself: the capture was cut short (disk full, interrupted copy).
         */
        TRUNCATED,
        /**
         * A header or record claims something impossible (a length above the limit or above
         * the snap length, a block length that disagrees with its trailer, ...): the file is
         * damaged there, and nothing after it can be framed.
         */
        BAD_RECORD
    }

    /**
     * One line for warnings: how many bytes could not be read, where, and why, e.g.
     * {@code "12 unreadable bytes from offset 1234: record at offset 1234 is cut: ..."}.
     */
    public String summary() {
        String count = unreadableBytes >= 0 ? unreadableBytes + " unreadable bytes"
                : "the rest of the stream is unreadable";
        return count + " from offset " + offset + ": " + message;
    }
}
