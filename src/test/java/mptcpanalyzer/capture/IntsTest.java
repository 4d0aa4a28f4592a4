package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import mptcpanalyzer.wire.Bytes;
import org.junit.jupiter.api.Test;

/**
 * The hand-written reads ({@link Ints} in either byte order, {@link Bytes} big-endian), built of
 * 16-bit reads so that the JIT inlines them, give what {@link ByteBuffer} gives, at every offset
 * of random bytes (every bit pattern of the sign and high bytes comes up).
 */
class IntsTest {
    @Test
    void readsAgreeWithByteBufferInBothOrders() {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        ByteBuffer be = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p + 8 <= b.length; p++) {
            assertEquals(be.getInt(p), Ints.i32(b, p, true), "i32 big-endian at " + p);
            assertEquals(le.getInt(p), Ints.i32(b, p, false), "i32 little-endian at " + p);
            assertEquals(be.getShort(p) & 0xffff, Ints.u16(b, p, true), "u16 big-endian at " + p);
            assertEquals(le.getShort(p) & 0xffff, Ints.u16(b, p, false), "u16 little-endian at " + p);
            assertEquals(be.getInt(p) & 0xffff_ffffL, Ints.u32(b, p, true), "u32 big-endian at " + p);
            assertEquals(le.getInt(p) & 0xffff_ffffL, Ints.u32(b, p, false), "u32 little-endian at " + p);
            assertEquals(be.getLong(p), Ints.i64(b, p, true), "i64 big-endian at " + p);
            assertEquals(le.getLong(p), Ints.i64(b, p, false), "i64 little-endian at " + p);
            assertEquals(be.getInt(p), Bytes.i32(b, p), "Bytes.i32 at " + p);
            assertEquals(be.getInt(p) & 0xffff_ffffL, Bytes.u32(b, p), "Bytes.u32 at " + p);
            assertEquals(be.getLong(p), Bytes.u64(b, p), "Bytes.u64 at " + p);
        }
    }
}
