package mptcpanalyzer.capture;

/**
 * Why a capture could not be read to its end.
 *
 * @param offset byte offset (in the uncompressed stream) of the record that could not be read
 * @param unreadableBytes bytes from {@code offset} to the end of the file (-1 when unknown,
 *     e.g. for a compressed stream)
 * @param message one line, e.g. "record at offset 1234 claims 70000 bytes, file has 12 left"
 */
public record CaptureDamage(long offset, long unreadableBytes, String message) {}
