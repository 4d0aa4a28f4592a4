package mptcpanalyzer.capture;

/**
 * Reads fixed-width integers out of a byte array in either byte order with plain shifts.
 *
 * <p>Chosen over {@link java.nio.ByteBuffer} views because the buffer is swapped when it grows
 * and the byte order changes per pcapng section; these compile to a few instructions.
 */
final class Ints {
    private Ints() {}

    /** Signed 32-bit value at {@code p}. */
    static int i32(byte[] b, int p, boolean big) {
        // each of these small enough for the JIT's first tier to inline (35 bytes of bytecode)
        return big ? be32(b, p) : le32(b, p);
    }

    private static int be32(byte[] b, int p) {
        return be16(b, p) << 16 | be16(b, p + 2);
    }

    private static int le32(byte[] b, int p) {
        return le16(b, p + 2) << 16 | le16(b, p);
    }

    private static int be16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
    }

    private static int le16(byte[] b, int p) {
        return (b[p + 1] & 0xff) << 8 | b[p] & 0xff;
    }

    /** Unsigned 32-bit value at {@code p}. */
    static long u32(byte[] b, int p, boolean big) {
        return i32(b, p, big) & 0xffff_ffffL;
    }

    /** Unsigned 16-bit value at {@code p}. */
    static int u16(byte[] b, int p, boolean big) {
        return big ? be16(b, p) : le16(b, p);
    }

    /** 64-bit value at {@code p}. */
    static long i64(byte[] b, int p, boolean big) {
        long first = u32(b, p, big);
        long second = u32(b, p + 4, big);
        return big ? (first << 32) | second : (second << 32) | first;
    }
}
