package mptcpanalyzer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DATA_ACKs read back from the option pool (8-byte ones) or from the side table (4-byte ones
 * expanded, or any value the pool does not give) are the values the loader set.
 */
class PacketTableDataAckTest {
    /** A DSS option (RFC 8684 3.3) with only a DATA_ACK of {@code ackLen} bytes. */
    private static byte[] dssAck(long ack, int ackLen) {
        byte[] o = new byte[4 + ackLen];
        o[0] = 30;
        o[1] = (byte) o.length;
        o[2] = 2 << 4; // subtype DSS
        o[3] = (byte) (0x01 | (ackLen == 8 ? 0x02 : 0));
        for (int k = 0; k < ackLen; k++) o[4 + k] = (byte) (ack >>> (8 * (ackLen - 1 - k)));
        return o;
    }

    @Test
    void pooledAndStoredDataAcks() {
        PacketTable.Builder b = new PacketTable.Builder();
        long big = 0xfedcba9876543210L;
        // 0: 8-byte DATA_ACK in the pool
        int i = b.add(1, 60, 60, 24);
        byte[] o = dssAck(big, 8);
        b.addOption(o, 0, o.length);
        b.setRawDataAck(i, big);
        // 1: 4-byte DATA_ACK expanded by the analysis to a 64-bit value
        i = b.add(2, 60, 60, 100);
        o = dssAck(0x76543211L, 4);
        b.addOption(o, 0, o.length);
        b.setRawDataAck(i, 0xfedcba9876543211L);
        // 2: no DATA_ACK
        b.add(3, 60, 60, 200);
        // 3: two DSS options; the analysis set the first one's value, then the second's
        i = b.add(4, 60, 60, 300);
        byte[] o1 = dssAck(big + 5, 8), o2 = dssAck(big + 9, 8);
        b.addOption(o1, 0, o1.length);
        b.addOption(o2, 0, o2.length);
        b.setRawDataAck(i, big + 5);
        b.setRawDataAck(i, big + 9);
        // 4: all ones, in the pool
        i = b.add(5, 60, 60, 400);
        o = dssAck(-1L, 8);
        b.addOption(o, 0, o.length);
        b.setRawDataAck(i, -1L);
        // 5: two DSS options, the value set is the first's (not what the pool gives)
        i = b.add(6, 60, 60, 500);
        b.addOption(o1, 0, o1.length);
        b.addOption(o2, 0, o2.length);
        b.setRawDataAck(i, big + 9);
        b.setRawDataAck(i, big + 5);
        // 6, 7, 8: 4-byte DATA_ACKs of two other sequence spaces, and one near the first again
        long[] far = {0x0123456700000010L, 0x89abcdef7fff0000L, 0xfedcba9876543299L};
        for (int k = 0; k < far.length; k++) {
            i = b.add(7 + k, 60, 60, 600 + k);
            o = dssAck(far[k] & 0xffffffffL, 4);
            b.addOption(o, 0, o.length);
            b.setRawDataAck(i, far[k]);
        }
        // 9: a 4-byte DATA_ACK whose low bits are not the value set (kept as set)
        i = b.add(10, 60, 60, 700);
        o = dssAck(0x11111111L, 4);
        b.addOption(o, 0, o.length);
        b.setRawDataAck(i, 0x2222222222222222L);
        long[] fromBuilder = new long[10];
        b.rawDataAcks(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 10, fromBuilder, 0);
        long[] some = new long[7];
        b.rawDataAcks(new int[] {9, 1, 3, 5, 7, 2, 4}, 1, 5, some, 1); // 1, 3, 5, 7 into some[1..5)
        long[] at = new long[3];
        b.rawDataAcks(new int[] {0, 5, 6, 9}, 1, 3, at, 1); // 5, 6 into at[1..3)
        PacketTable t = b.build();
        for (int k = 0; k < 10; k++) assertEquals(t.rawDataAck(k), fromBuilder[k], "builder " + k);
        assertEquals(List.of(0L, t.rawDataAck(1), t.rawDataAck(3), t.rawDataAck(5), t.rawDataAck(7), 0L),
                List.of(some[0], some[1], some[2], some[3], some[4], some[5]));
        assertEquals(List.of(0L, t.rawDataAck(5), t.rawDataAck(6)), List.of(at[0], at[1], at[2]));
        for (int k = 0; k < far.length; k++) assertEquals(far[k], t.rawDataAck(6 + k), "far " + k);
        assertEquals(0x2222222222222222L, t.rawDataAck(9));
        // the lane bits stay internal: flags() shows only the documented bits
        for (int k = 0; k < 10; k++) assertEquals(0, t.flags(k) & ~((1 << 10) - 1), "flags " + k);

        assertEquals(big, t.rawDataAck(0));
        assertEquals(0xfedcba9876543211L, t.rawDataAck(1));
        assertFalse(t.has(2, PacketTable.F_HAS_DACK));
        assertEquals(0, t.rawDataAck(2));
        assertEquals(big + 9, t.rawDataAck(3));
        assertEquals(-1L, t.rawDataAck(4));
        assertEquals(big + 5, t.rawDataAck(5));
        assertTrue(t.has(5, PacketTable.F_HAS_DACK));
        assertEquals(300, t.fileOffset(3));
        assertEquals(4, t.tsNanos(3));
    }
}
