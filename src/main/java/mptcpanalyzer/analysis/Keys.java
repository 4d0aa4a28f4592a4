package mptcpanalyzer.analysis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Key -> token and IDSN (RFC 6824 section 3.1 for v0, RFC 8684 section 3.1 for v1).
 *
 * <p>The 64-bit key is hashed as 8 big-endian bytes with SHA-1 (v0) or SHA-256 (v1). The token
 * is the most significant 32 bits of the digest, the IDSN the least significant 64 bits.
 */
public final class Keys {
    private Keys() {}

    /** Digest of the key: SHA-1 for version 0, SHA-256 for version 1. */
    public static byte[] digest(long key, int version) {
        byte[] in = new byte[8];
        for (int i = 0; i < 8; i++) in[i] = (byte) (key >>> (56 - 8 * i));
        try {
            return MessageDigest.getInstance(version >= 1 ? "SHA-256" : "SHA-1").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1/SHA-256", e);
        }
    }

    /** Token: the most significant 32 bits of the digest, as an unsigned value. */
    public static long token(long key, int version) {
        return Integer.toUnsignedLong(readInt(digest(key, version), 0));
    }

    /** IDSN: the least significant 64 bits of the digest. */
    public static long idsn(long key, int version) {
        byte[] d = digest(key, version);
        return readLong(d, d.length - 8);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8
                | (b[off + 3] & 0xff);
    }

    private static long readLong(byte[] b, int off) {
        return (long) readInt(b, off) << 32 | Integer.toUnsignedLong(readInt(b, off + 4));
    }
}
