package mptcpanalyzer.analysis;

import static mptcpanalyzer.testutil.SyntheticPcap.ACK;
import static mptcpanalyzer.testutil.SyntheticPcap.PSH;
import static mptcpanalyzer.testutil.SyntheticPcap.dss;
import static mptcpanalyzer.testutil.SyntheticPcap.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.Mappings;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.SyntheticPcap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-built connection (no handshake, so no keys: DSNs are relative to the first DSN seen)
 * whose client DSNs cross 2^32 in 4-byte DSS options, with each data-level anomaly once.
 *
 * <pre>
 *  frame  dir  subflow bytes  option                                   expected
 *   1     c>s  1-100          M dsn4 0xFFFFFFC0 ssn 1 len 100          raw 0x0_FFFFFFC0, dsn 0
 *   2     c>s  101-200        M dsn4 0x00000024 ssn 101 len 200        raw 0x1_00000024 (wrap), dsn 100
 *   3     c>s  201-300        a A ack8 0x5_00000077                    raw 0x1_00000088, mapping of frame 2
 *   4     s>c  -              A ack4 0x000000EC                        DATA_ACK 0x1_000000EC (rel 300)
 *   5     c>s  301-400        a A M ack8, dsn4 0xEC ssn 301 len 50     spans the mappings of frames 5 and 6
 *   6     c>s  351-400        M dsn4 0x11E ssn 351 len 50              raw 0x1_0000011E
 *   7     c>s  401-500        M dsn4 0x150 ssn 401 len 100             raw 0x1_00000150
 *   8     c>s  401-500        M dsn4 0x999 ssn 401 len 100             dss_mapping_conflict
 *   9     c>s  501-550        a A                                      dss_missing_mapping
 *  10     s>c  -              F M A dsn4 0x77 ssn 0 len 1              DATA_FIN of the server
 *  11     s>c  -              A ack4 0x00001000                        data_ack_beyond_sent
 *  12     c>s  551-560        m M dsn8 0x1_00000200 ssn 551 len 10     8-byte DSN without DATA_ACK
 *  13     c>s  561-570        M dsn4 0x20A ssn 561 len 0 (infinite)    dss_infinite_mapping
 *  14     c>s  571-580        a A                                      raw 0x1_00000214 (infinite mapping)
 * </pre>
 * Frame 5 is the case tshark 4.0 gets wrong: it reads the DSN width from the DATA_ACK's flag
 * ({@code a}) and so takes 8 bytes where the option has 4.
 */
class DataLevelSyntheticTest {
    static final long S = 1000; // client ISN (implied by frame 1: seq - ssn)
    static final long T = 50_000; // server's first sequence number
    static final long ACK8 = 0x5_00000077L;

    static Trace trace;
    static DataLevel d;

    @BeforeAll
    static void build(@TempDir Path dir) throws IOException {
        SyntheticPcap p = new SyntheticPcap();
        int pa = ACK | PSH;
        p.tcp(true, S + 1, T, pa, dss(0x04, 0, 0xFFFFFFC0L, 1, 100, null), payload(100, 1));
        p.tcp(true, S + 101, T, pa, dss(0x04, 0, 0x24, 101, 200, null), payload(100, 2));
        p.tcp(true, S + 201, T, pa, dss(0x03, ACK8, 0, 0, 0, null), payload(100, 3));
        p.tcp(false, T, S + 301, ACK, dss(0x01, 0xEC, 0, 0, 0, null), new byte[0]);
        p.tcp(true, S + 301, T, pa, dss(0x07, ACK8, 0xEC, 301, 50, null), payload(100, 5));
        p.tcp(true, S + 351, T, pa, dss(0x04, 0, 0x11E, 351, 50, null), payload(50, 6));
        p.tcp(true, S + 401, T, pa, dss(0x04, 0, 0x150, 401, 100, null), payload(100, 7));
        p.tcp(true, S + 401, T, pa, dss(0x04, 0, 0x999, 401, 100, null), payload(100, 8));
        p.tcp(true, S + 501, T, pa, dss(0x03, ACK8, 0, 0, 0, null), payload(50, 9));
        p.tcp(false, T, S + 551, ACK, dss(0x15, 0x160, 0x77, 0, 1, null), new byte[0]);
        p.tcp(false, T, S + 551, ACK, dss(0x01, 0x1000, 0, 0, 0, null), new byte[0]);
        p.tcp(true, S + 551, T, pa, dss(0x0C, 0, 0x1_00000200L, 551, 10, null), payload(10, 12));
        p.tcp(true, S + 561, T, pa, dss(0x04, 0, 0x20A, 561, 0, null), payload(10, 13));
        p.tcp(true, S + 571, T, pa, dss(0x03, ACK8, 0, 0, 0, null), payload(10, 14));
        trace = Loader.load(p.write(dir.resolve("wrap.pcap")), null);
        d = trace.dataLevel();
    }

    @Test
    void fourByteDsnsAreExpandedAcrossTheWrap() {
        assertEquals(1, trace.connections().size());
        long first = 0xFFFFFFC0L;
        long[] want = {first, 0x1_00000024L, 0x1_00000088L, -1, 0x1_000000ECL, 0x1_0000011EL,
            0x1_00000150L, 0x1_00000150L, -1, -1, -1, 0x1_00000200L, 0x1_0000020AL, 0x1_00000214L};
        for (int f = 1; f <= want.length; f++) {
            int i = f - 1;
            if (want[i] < 0) {
                assertFalse(d.hasDsn(i), "frame " + f + " has no DSN");
                continue;
            }
            assertTrue(d.hasDsn(i), "frame " + f);
            assertEquals(Long.toHexString(want[i]), Long.toHexString(d.rawDsn(i)), "raw DSN of frame " + f);
            assertEquals("first_dsn", d.dsnBase(0, 0));
            assertEquals(want[i] - first, d.relativeDsn(i), "relative DSN of frame " + f);
        }
        assertTrue(d.mappings().has(d.mappingsOf(1)[0], Mappings.F_DSN4));
        assertFalse(d.mappings().has(d.mappings().announcedBy(12)[0], Mappings.F_DSN4));
        assertTrue(d.mappings().has(d.mappings().announcedBy(13)[0], Mappings.F_INFINITE | Mappings.F_DSN4));
    }

    @Test
    void fourByteDataAckIsExpandedAgainstThePeersDsns() {
        assertTrue(d.hasDataAck(3));
        assertEquals(0x1_000000ECL, d.rawDataAck(3));
        assertEquals(300, d.relativeDataAck(3));
        // the 8-byte DATA_ACK of frame 5 is read as 8 bytes while its DSN is 4 bytes
        assertEquals(ACK8, d.rawDataAck(4));
        assertEquals(0x1_00001000L, d.rawDataAck(10));
    }

    @Test
    void aSegmentSpanningTwoMappingsListsBoth() {
        assertArrayEquals(new int[] {5, 6}, d.relatedMappings(4));
        assertEquals(2, d.mappingsOf(4).length);
        assertArrayEquals(new int[] {2}, d.relatedMappings(2), "frame 3 is inside frame 2's mapping");
        assertArrayEquals(new int[] {7, 8}, d.relatedMappings(7));
        assertArrayEquals(new int[] {12}, d.relatedMappings(11));
        assertArrayEquals(new int[] {13}, d.relatedMappings(13), "the infinite mapping covers frame 14");
        assertArrayEquals(new int[0], d.relatedMappings(8));
    }

    @Test
    void anomaliesAreNamedOnTheirFrames() {
        List<String> got = new ArrayList<>();
        for (int k = 0; k < trace.anomalies().size(); k++) {
            got.add(trace.anomalies().frame(k) + " " + trace.anomalies().anomaly(k).id());
        }
        assertEquals(List.of("8 dss_mapping_conflict", "9 dss_missing_mapping",
                "11 data_ack_beyond_sent", "13 dss_infinite_mapping"), got);
    }

    @Test
    void dataFinIsAFactOfTheServerRole() {
        assertEquals(10, d.dataFinFrame(0, 1));
        assertEquals(ACK8, d.dataFinDsn(0, 1), "4-byte DSN 0x77 expanded near the client's DATA_ACKs");
        assertEquals(0, d.dataFinFrame(0, 0));
        assertEquals(0, d.mappings().announcedBy(10).length, "a DATA_FIN without data maps no bytes");
    }

    /**
     * A v1 handshake with both keys, then frame 4 with an 8-byte DATA_ACK and a 4-byte DSN (a A M)
     * and frame 5 with an 8-byte DSN and a 4-byte DATA_ACK (m M A). tshark 4.0.17 on the same
     * bytes ({@code tshark -o mptcp.analyze_mappings:TRUE -e mptcp.rawdsn64 -e mptcp.dsn}) shows
     * frame 4 with rawdsn64 2852999411 (the 4 bytes, not expanded) and dsn 15349009550103543809:
     * it takes the DSN width from the DATA_ACK flag. Frame 5 it gets right.
     */
    @Test
    void dsnWidthComesFromTheDsnFlagNotTheDataAckFlag(@TempDir Path dir) throws Exception {
        long kc = 0x1111222233334444L, ks = 0x5555666677778888L;
        long idc = sha256Low64(kc), ids = sha256Low64(ks);
        SyntheticPcap p = new SyntheticPcap();
        p.tcp(true, S, 0, SyntheticPcap.SYN, new byte[] {30, 4, 0x01, (byte) 0x81}, new byte[0]);
        ByteBuffer sa = ByteBuffer.allocate(12).put((byte) 30).put((byte) 12).put((byte) 1)
                .put((byte) 0x81).putLong(ks);
        p.tcp(false, T, S + 1, SyntheticPcap.SYN | ACK, sa.array(), new byte[0]);
        ByteBuffer ac = ByteBuffer.allocate(20).put((byte) 30).put((byte) 20).put((byte) 1)
                .put((byte) 0x81).putLong(kc).putLong(ks);
        p.tcp(true, S + 1, T + 1, ACK, ac.array(), new byte[0]);
        p.tcp(true, S + 1, T + 1, ACK | PSH, dss(0x07, ids + 1, (idc + 1) & 0xffffffffL, 1, 100, null),
                payload(100, 1));
        p.tcp(true, S + 101, T + 1, ACK | PSH, dss(0x0D, (ids + 1) & 0xffffffffL, idc + 101, 101, 100, null),
                payload(100, 2));
        Trace t = Loader.load(p.write(dir.resolve("keyed.pcap")), null);
        DataLevel k = t.dataLevel();
        assertEquals("idsn", k.dsnBase(0, 0));
        assertEquals(Long.toUnsignedString(idc + 1), Long.toUnsignedString(k.rawDsn(3)));
        assertEquals(1, k.relativeDsn(3));
        assertEquals(Long.toUnsignedString(idc + 101), Long.toUnsignedString(k.rawDsn(4)));
        assertEquals(101, k.relativeDsn(4));
        assertEquals(1, k.relativeDataAck(3));
        assertEquals(1, k.relativeDataAck(4), "4-byte DATA_ACK expanded against the server's IDSN");
        assertTrue(t.anomalies().size() == 0, "no anomaly");
    }

    /** RFC 8684 3.1: the IDSN is the least significant 64 bits of SHA-256(key). */
    static long sha256Low64(long key) throws Exception {
        byte[] dg = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(8).putLong(key).array());
        return ByteBuffer.wrap(dg, 24, 8).getLong();
    }
}
