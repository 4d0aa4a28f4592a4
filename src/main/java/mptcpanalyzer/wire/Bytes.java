package mptcpanalyzer.wire;

/**
 * Big-endian reads from byte arrays at absolute offsets, and hex formatting.
 *
 * <p>Reads do not check bounds beyond what the JVM does: callers check lengths first (the decoder
 * and the MPTCP option views validate before reading), so the hot path pays no extra branch.
 */
public final class Bytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {}

    /** Unsigned byte at {@code off}. */
    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    /** Unsigned big-endian 16-bit value at {@code off}. */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** Raw big-endian 32-bit value at {@code off} (signed int; see {@link #u32}). */
    public static int i32(byte[] b, int off) {
        // two 16-bit reads: 17 bytes of bytecode, which the JIT's first tier inlines (35 at most)
        return u16(b, off) << 16 | u16(b, off + 2);
    }

    /** Unsigned big-endian 32-bit value at {@code off}. */
    public static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(i32(b, off));
    }

    /** Big-endian 64-bit value at {@code off} (the bits as a long; unsigned by interpretation). */
    public static long u64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | u32(b, off + 4);
    }

    /** Little-endian 32-bit value at {@code off} (host-order fields of little-endian writers). */
    public static int i32le(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8)
                | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 24);
    }

    /** Lower-case hex of {@code len} bytes from {@code off}, no prefix, e.g. {@code "0a1b"}. */
    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        appendHex(sb, b, off, len);
        return sb.toString();
    }

    /** Appends lower-case hex of {@code len} bytes from {@code off} to {@code sb}. */
    public static StringBuilder appendHex(StringBuilder sb, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            sb.append(HEX[v >>> 4]).append(HEX[v & 0xf]);
        }
        return sb;
    }

    /** {@code "0x"} + 16 lower-case hex digits of {@code v}. */
    public static String hex64(long v) {
        return "0x" + String.format("%016x", v);
    }

    /** {@code "0x"} + 8 lower-case hex digits of the low 32 bits of {@code v}. */
    public static String hex32(long v) {
        return "0x" + String.format("%08x", v & 0xffffffffL);
    }

    /** Parses hex digits, ignoring whitespace (for tests and tools), e.g. {@code "0a 1b"}. */
    public static byte[] parseHex(String s) {
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) >= 0) clean.append(c);
            else if (!Character.isWhitespace(c)) throw new IllegalArgumentException("not hex: " + c);
        }
        if ((clean.length() & 1) != 0) throw new IllegalArgumentException("odd number of hex digits");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Appends an IPv4 dotted quad of the 4 bytes at {@code off}. */
    public static StringBuilder appendIpv4(StringBuilder sb, byte[] b, int off) {
        return sb.append(b[off] & 0xff).append('.').append(b[off + 1] & 0xff).append('.')
                .append(b[off + 2] & 0xff).append('.').append(b[off + 3] & 0xff);
    }

    /** Appends the RFC 5952 text of the 16-byte IPv6 address at {@code off} (longest zero run as ::). */
    public static StringBuilder appendIpv6(StringBuilder sb, byte[] b, int off) {
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (u16(b, off + 2 * i) != 0) { i++; continue; }
            int j = i;
            while (j < 8 && u16(b, off + 2 * j) == 0) j++;
            // RFC 5952 4.2.2: a single zero group is not shortened.
            if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLen) sb.append(':');
            sb.append(Integer.toHexString(u16(b, off + 2 * i)));
        }
        return sb;
    }

    /** Text of an IPv4 (4 bytes) or IPv6 (16 bytes) address at {@code off}. */
    public static String ipString(byte[] b, int off, int version) {
        StringBuilder sb = new StringBuilder(40);
        return (version == 6 ? appendIpv6(sb, b, off) : appendIpv4(sb, b, off)).toString();
    }
}
