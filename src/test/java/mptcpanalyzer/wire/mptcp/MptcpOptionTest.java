package mptcpanalyzer.wire.mptcp;

import static mptcpanalyzer.model.Anomaly.*;
import static org.junit.jupiter.api.Assertions.*;

import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.wire.Bytes;
import org.junit.jupiter.api.Test;

/**
 * MPTCP option views against real option bytes (cut from the tcpdump test captures, expected
 * values from tcpdump's own expected output) and options built from the RFC 8684 / 6824 layouts.
 */
class MptcpOptionTest {
    static final int SYN = 0x02, SYNACK = 0x12, ACK = 0x10, FINACK = 0x11, RSTACK = 0x14;

    /** Option bytes at offset 3 of a larger buffer, so absolute offsets are exercised. */
    static byte[] opt(String hex) {
        byte[] o = Bytes.parseHex(hex);
        byte[] b = new byte[o.length + 5];
        System.arraycopy(o, 0, b, 3, o.length);
        b[0] = (byte) 0xee; b[b.length - 1] = (byte) 0xee; // junk around it must not be read
        return b;
    }
    static final int O = 3;

    static Anomaly check(byte[] b, int flags) { return MptcpOption.check(b, O, b.length - 5, flags); }
    static String summary(byte[] b, int flags) { return MptcpOption.summary(b, O, b.length - 5, flags); }

    // ---------------------------------------------------------------- MP_CAPABLE

    @Test
    void mpCapableV1Syn() {
        // mptcp-v1.pcap #1: "mptcp 4 capable v1 flags [H]"  0x0038: 1e04 0101
        byte[] b = opt("1e04 0101");
        assertNull(check(b, SYN));
        MpCapable c = new MpCapable().wrap(b, O, 4);
        assertEquals(MptcpOption.MP_CAPABLE, MptcpOption.subtype(b, O));
        assertEquals(1, c.version());
        assertEquals(0x01, c.flags());
        assertTrue(c.hmacSha());
        assertFalse(c.checksumRequired());
        assertFalse(c.hasSenderKey());
        assertFalse(c.hasReceiverKey());
        assertEquals("MP_CAPABLE v1 flags=0x01", summary(b, SYN));
        // a 4-byte v1 MP_CAPABLE is only valid on a SYN
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYNACK));
    }

    @Test
    void mpCapableV1SynAck() {
        // mptcp-v1.pcap #2: "mptcp 12 capable v1 flags [H] {0x29a6c86981ad933c}"
        // 0x0038: 1e0c 0101 29a6 c869 81ad 933c
        byte[] b = opt("1e0c 0101 29a6 c869 81ad 933c");
        assertNull(check(b, SYNACK));
        MpCapable c = new MpCapable().wrap(b, O, 12);
        assertTrue(c.hasSenderKey());
        assertEquals(0x29a6c86981ad933cL, c.senderKey());
        assertFalse(c.hasReceiverKey());
        assertEquals("MP_CAPABLE v1 flags=0x01 skey=0x29a6c86981ad933c", summary(b, SYNACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYN)); // v1 SYN carries no key
    }

    @Test
    void mpCapableV1ThirdAckAndData() {
        // mptcp-v1.pcap #3: "mptcp 20 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c}"
        byte[] b = opt("1e14 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c");
        assertNull(check(b, ACK));
        MpCapable c = new MpCapable().wrap(b, O, 20);
        assertEquals(0x1fdb5df328bc3defL, c.senderKey());
        assertEquals(0x29a6c86981ad933cL, c.receiverKey());
        assertFalse(c.hasDataLevelLength());
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYN));

        // mptcp-v1.pcap #4: "mptcp 22 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192}"
        // 0x0030: .... .... 1e16 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c 2000
        b = opt("1e16 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c 2000");
        assertNull(check(b, 0x18));
        c.wrap(b, O, 22);
        assertTrue(c.hasDataLevelLength());
        assertEquals(8192, c.dataLevelLength());
        assertFalse(c.hasChecksum());
        assertEquals("MP_CAPABLE v1 flags=0x01 skey=0x1fdb5df328bc3def rkey=0x29a6c86981ad933c len=8192",
                summary(b, 0x18));

        // RFC 8684 3.1: length 24 adds the DSS checksum; flags A|H (0x81)
        b = opt("1e18 0181 0000 0000 0000 0001 0000 0000 0000 0002 0010 beef");
        assertNull(check(b, 0x18));
        c.wrap(b, O, 24);
        assertTrue(c.checksumRequired());
        assertEquals(16, c.dataLevelLength());
        assertTrue(c.hasChecksum());
        assertEquals(0xbeef, c.checksum());
    }

    @Test
    void mpCapableV0() {
        // mptcp-v0.pcap #1 SYN: "mptcp 12 capable v0 flags [AH] csum {0x9c9eabd1e46a33b2}"
        // 0x0038: .... .... 1e0c 0081 9c9e abd1 e46a 33b2
        byte[] b = opt("1e0c 0081 9c9e abd1 e46a 33b2");
        assertNull(check(b, SYN));
        assertNull(check(b, SYNACK)); // v0: SYN/ACK has the same 12-byte form
        MpCapable c = new MpCapable().wrap(b, O, 12);
        assertEquals(0, c.version());
        assertEquals(0x81, c.flags());
        assertTrue(c.checksumRequired());
        assertTrue(c.hmacSha());
        assertEquals(0x9c9eabd1e46a33b2L, c.senderKey());
        assertEquals("MP_CAPABLE v0 flags=0x81 skey=0x9c9eabd1e46a33b2", summary(b, SYN));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, ACK));

        // mptcp-v0.pcap #3 ACK: "mptcp 20 capable v0 flags [AH] csum {0x9c9eabd1e46a33b2,0x967d2770b6960552}"
        b = opt("1e14 0081 9c9e abd1 e46a 33b2 967d 2770 b696 0552");
        assertNull(check(b, ACK));
        c.wrap(b, O, 20);
        assertEquals(0x9c9eabd1e46a33b2L, c.senderKey());
        assertEquals(0x967d2770b6960552L, c.receiverKey());
        // v0 knows neither the 4-byte SYN nor the 22/24-byte data forms
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e04 0081"), SYN));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e16 0081" + "00".repeat(18)), ACK));
    }

    @Test
    void mpCapableUnknownVersionAndFlagsBits() {
        byte[] b = opt("1e0c 02a1 0102 0304 0506 0708");
        assertEquals(MPTCP_UNKNOWN_VERSION, check(b, SYN));
        assertTrue(summary(b, SYN).startsWith("MP_CAPABLE [unknown version 2]"));
        // B (0x40) and C (0x20) bits
        b = opt("1e0c 0161 0102 0304 0506 0708");
        MpCapable c = new MpCapable().wrap(b, O, 12);
        assertTrue(c.extensibility());
        assertTrue(c.noMoreSubflows());
        assertFalse(c.checksumRequired());
        assertEquals(0x0102030405060708L, c.senderKey());
        // with unknown TCP flags, only the length set of the version is checked
        assertNull(check(b, MptcpOption.FLAGS_UNKNOWN));
    }

    // ---------------------------------------------------------------- MP_JOIN

    @Test
    void mpJoinSyn() {
        // mptcp-v0.pcap #8: "mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18"
        // 0x0040: .... .... .... .... .... 1e 0c 10 00 e4 7f 01 42 1b 66 5a 18
        byte[] b = opt("1e0c 1000 e47f 0142 1b66 5a18");
        assertNull(check(b, SYN));
        MpJoin j = new MpJoin().wrap(b, O, 12);
        assertEquals(MpJoin.Form.SYN, j.form());
        assertEquals(0, j.addressId());
        assertFalse(j.backup());
        assertEquals(0xe47f0142L, j.receiverToken());
        assertEquals(0x1b665a18L, j.senderRandom());
        assertEquals(0, j.truncatedHmac());
        assertEquals("MP_JOIN SYN id=0 token=0xe47f0142 nonce=0x1b665a18", summary(b, SYN));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYNACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, ACK));

        // RFC 8684 3.2, B bit set, id 2, token 0xdeadbeef
        b = opt("1e0c 1102 dead beef 0102 0304");
        j.wrap(b, O, 12);
        assertTrue(j.backup());
        assertEquals(2, j.addressId());
        assertEquals(0xdeadbeefL, j.receiverToken());
        assertEquals("MP_JOIN SYN id=2 token=0xdeadbeef nonce=0x01020304 backup", summary(b, SYN));
    }

    @Test
    void mpJoinSynAckAndAck() {
        // mptcp-v0.pcap #9: "mptcp 16 join id 1 hmac 0x5ab680c7884af03d nonce 0x33abe9d5"
        byte[] b = opt("1e10 1001 5ab6 80c7 884a f03d 33ab e9d5");
        assertNull(check(b, SYNACK));
        MpJoin j = new MpJoin().wrap(b, O, 16);
        assertEquals(MpJoin.Form.SYN_ACK, j.form());
        assertEquals(1, j.addressId());
        assertEquals(0x5ab680c7884af03dL, j.truncatedHmac());
        assertEquals(0x33abe9d5L, j.senderRandom());
        assertEquals(0, j.receiverToken());
        assertEquals("MP_JOIN SYN/ACK id=1 hmac=0x5ab680c7884af03d nonce=0x33abe9d5", summary(b, SYNACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYN));

        // mptcp-v0.pcap #10: "mptcp 24 join hmac 0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a"
        b = opt("1e18 1000 cb7b 87f5 e5f0 502f 43b5 35fb 70ef 6607 df2e 6c7a");
        assertNull(check(b, ACK));
        j.wrap(b, O, 24);
        assertEquals(MpJoin.Form.ACK, j.form());
        byte[] h = new byte[20];
        assertTrue(j.hmac(h));
        assertEquals("cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a", Bytes.hex(h, 0, 20));
        assertEquals(O + 4, j.hmacOffset());
        assertEquals(0, j.senderRandom());
        assertEquals("MP_JOIN ACK hmac=0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYNACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e14 1000" + "00".repeat(16)), ACK));
    }

    // ---------------------------------------------------------------- DSS

    @Test
    void dssV0WithChecksum() {
        // mptcp-v0.pcap #4: "mptcp 20 dss ack 3576348362 seq 3518592144 subseq 1 len 41 csum 0x82f"
        // 0x0030: .... .... .... .... .... 1e14 2005
        // 0x0040: d52a beca d1b9 7490 0000 0001 0029 082f
        byte[] b = opt("1e14 2005 d52a beca d1b9 7490 0000 0001 0029 082f");
        assertNull(check(b, 0x18));
        Dss d = new Dss().wrap(b, O, 20);
        assertEquals(0x05, d.flags());
        assertTrue(d.dataAckPresent());
        assertFalse(d.dataAck8());
        assertTrue(d.dsnPresent());
        assertFalse(d.dsn8());
        assertFalse(d.dataFin());
        assertEquals(3576348362L, d.dataAck());
        assertEquals(3518592144L, d.dsn());
        assertEquals(1, d.subflowSeq());
        assertEquals(41, d.dataLevelLength());
        assertTrue(d.hasChecksum());
        assertEquals(0x082f, d.checksum());
        assertEquals("DSS ack=3576348362 dsn=3518592144 ssn=1 len=41 csum=0x082f", summary(b, 0x18));
    }

    @Test
    void dssV0DataFinWithChecksum() {
        // mptcp-v0.pcap #259: "mptcp 20 dss fin ack 3518600705 seq 3576353483 subseq 0 len 1 csum 0xa51"
        // 0x0040: .... 1e14 2015 d1b9 9601 d52a d2cb 0000 0000 0001 0a51
        byte[] b = opt("1e14 2015 d1b9 9601 d52a d2cb 0000 0000 0001 0a51");
        assertNull(check(b, ACK));
        Dss d = new Dss().wrap(b, O, 20);
        assertTrue(d.dataFin());
        assertEquals(3518600705L, d.dataAck());
        assertEquals(3576353483L, d.dsn());
        assertEquals(0, d.subflowSeq());
        assertEquals(1, d.dataLevelLength());
        assertEquals(0x0a51, d.checksum());
        assertEquals("DSS ack=3518600705 dsn=3576353483 ssn=0 len=1 csum=0x0a51 FIN", summary(b, ACK));
    }

    @Test
    void dssV1EightByteAckAndDsn() {
        // mptcp-v1.pcap #7: "mptcp 26 dss ack 14413541604287230030 seq 11713449205243392242 subseq 1 len 8192"
        // 0x0040: .... 1e1a 200f c807 2fb9 0eda b04e a28e 87fd dd1d 30f2 0000 0001 2000 (0101 nop nop)
        byte[] b = opt("1e1a 200f c807 2fb9 0eda b04e a28e 87fd dd1d 30f2 0000 0001 2000");
        assertNull(check(b, 0x18));
        Dss d = new Dss().wrap(b, O, 26);
        assertTrue(d.dataAck8());
        assertTrue(d.dsn8());
        assertEquals("14413541604287230030", Long.toUnsignedString(d.dataAck()));
        assertEquals("11713449205243392242", Long.toUnsignedString(d.dsn()));
        assertEquals(1, d.subflowSeq());
        assertEquals(8192, d.dataLevelLength());
        assertFalse(d.hasChecksum());
        assertEquals(0, d.checksum());
        assertEquals("DSS ack=14413541604287230030 dsn=11713449205243392242 ssn=1 len=8192", summary(b, 0x18));

        // mptcp-v1.pcap #16: "mptcp 26 dss fin ack 11713449205243400434 seq 14413541604287240298 subseq 0 len 1"
        b = opt("1e1a 201f a28e 87fd dd1d 50f2 c807 2fb9 0eda d86a 0000 0000 0001");
        assertNull(check(b, FINACK));
        d.wrap(b, O, 26);
        assertTrue(d.dataFin());
        assertEquals("11713449205243400434", Long.toUnsignedString(d.dataAck()));
        assertEquals("14413541604287240298", Long.toUnsignedString(d.dsn()));
        assertEquals(1, d.dataLevelLength());
    }

    @Test
    void dssAckOnly() {
        // mptcp-aa-echo.pcap #1: "mptcp 8 dss ack 3502078703"   0x0040: .... 1e08 2001 d0bd 7aef
        byte[] b = opt("1e08 2001 d0bd 7aef");
        assertNull(check(b, ACK));
        Dss d = new Dss().wrap(b, O, 8);
        assertEquals(3502078703L, d.dataAck());
        assertFalse(d.dsnPresent());
        assertEquals(0, d.dsn());
        assertEquals(0, d.subflowSeq());
        assertEquals("DSS ack=3502078703", summary(b, ACK));
        // mptcp-aa-echo.pcap #2: "mptcp 12 dss ack 17984156407873109865"
        b = opt("1e0c 2003 f994 8ef8 0457 7f69");
        assertNull(check(b, ACK));
        d.wrap(b, O, 12);
        assertEquals("17984156407873109865", Long.toUnsignedString(d.dataAck()));
    }

    /** Every combination of A, a, M, m, F with and without checksum, built from the RFC 8684 3.3 layout. */
    @Test
    void dssAllFlagCombinations() {
        for (int flags = 0; flags < 32; flags++) {
            boolean A = (flags & 1) != 0, a8 = (flags & 2) != 0, M = (flags & 4) != 0, m8 = (flags & 8) != 0;
            for (int csum = 0; csum < (M ? 2 : 1); csum++) {
                StringBuilder hex = new StringBuilder(String.format("1e00 20%02x", flags));
                if (A) hex.append(a8 ? "a1a2a3a4a5a6a7a8" : "b1b2b3b4");
                if (M) {
                    hex.append(m8 ? "c1c2c3c4c5c6c7c8" : "d1d2d3d4");
                    hex.append("e1e2e3e4").append("0102");
                    if (csum == 1) hex.append("f1f2");
                }
                byte[] b = opt(hex.toString());
                int len = b.length - 5;
                b[O + 1] = (byte) len;
                int expected = 4 + (A ? (a8 ? 8 : 4) : 0) + (M ? (m8 ? 8 : 4) + 4 + 2 + 2 * csum : 0);
                assertEquals(expected, len);
                String what = "flags " + flags + " csum " + csum;
                assertNull(check(b, ACK), what);
                Dss d = new Dss().wrap(b, O, len);
                assertEquals(A ? (a8 ? 0xa1a2a3a4a5a6a7a8L : 0xb1b2b3b4L) : 0, d.dataAck(), what);
                assertEquals(M ? (m8 ? 0xc1c2c3c4c5c6c7c8L : 0xd1d2d3d4L) : 0, d.dsn(), what);
                assertEquals(M ? 0xe1e2e3e4L : 0, d.subflowSeq(), what);
                assertEquals(M ? 0x0102 : 0, d.dataLevelLength(), what);
                assertEquals(csum == 1, d.hasChecksum(), what);
                assertEquals(csum == 1 ? 0xf1f2 : 0, d.checksum(), what);
                assertEquals((flags & 0x10) != 0, d.dataFin(), what);
                // one byte more or less is always wrong
                b[O + 1] = (byte) (len + 1);
                if (!(M && csum == 0)) assertEquals(MPTCP_OPTION_BAD_LENGTH, MptcpOption.check(b, O, len + 1, ACK), what);
                b[O + 1] = (byte) (len - 1);
                assertEquals(MPTCP_OPTION_BAD_LENGTH, MptcpOption.check(b, O, len - 1, ACK), what);
            }
        }
    }

    @Test
    void dssDataFinOnly() {
        // RFC 8684 3.3.3: a DATA_FIN without data still needs a mapping (len 1); F without M has no room for it,
        // but the length is consistent with the flags, so the option itself is well-formed
        byte[] b = opt("1e04 2010");
        assertNull(check(b, FINACK));
        Dss d = new Dss().wrap(b, O, 4);
        assertTrue(d.dataFin());
        assertEquals("DSS FIN", summary(b, FINACK));
    }

    @Test
    void dssThreeBytesFromFuzzCapture() {
        // mptcp-dss-oobr.pcap: "mptcp 3 dss[bad opt]"   0x0030: 2397 5534 0000 0000 1e03 20
        byte[] b = opt("1e03 20");
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(b, SYN));
        assertEquals("DSS [bad length 3]", summary(b, SYN));
    }

    // ---------------------------------------------------------------- ADD_ADDR

    @Test
    void addAddrV0Ipv4() {
        // mptcp-v0.pcap #4: "mptcp 8 add-addr v0-ip4 id 1 10.1.2.2"   0x0030: .... 1e08 3401 0a01 0202
        byte[] b = opt("1e08 3401 0a01 0202");
        assertNull(check(b, 0x18));
        AddAddr a = new AddAddr().wrap(b, O, 8);
        assertTrue(a.isV0());
        assertFalse(a.echo());
        assertEquals(4, a.ipVersion());
        assertEquals(1, a.addressId());
        byte[] ip = new byte[16];
        assertEquals(4, a.address(ip));
        assertEquals("10.1.2.2", Bytes.ipString(ip, 0, 4));
        assertFalse(a.hasPort());
        assertFalse(a.hasHmac());
        assertEquals("ADD_ADDR v0 id=1 10.1.2.2", summary(b, 0x18));
        // RFC 6824 3.4.1: with a port, length 10
        b = opt("1e0a 3403 0a00 0202 1451");
        assertNull(check(b, ACK));
        a.wrap(b, O, 10);
        assertTrue(a.hasPort());
        assertEquals(5201, a.port());
        assertEquals("ADD_ADDR v0 id=3 10.0.2.2:5201", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e10 3401 0a01 0202 0000 0000 0000 0000"), ACK));
    }

    @Test
    void addAddrV0Ipv6() {
        // RFC 6824 3.4.1, IPVer 6: 2001:db8::1, then with port 80
        byte[] b = opt("1e14 3602 2001 0db8 0000 0000 0000 0000 0000 0001");
        assertNull(check(b, ACK));
        AddAddr a = new AddAddr().wrap(b, O, 20);
        assertTrue(a.isV0());
        assertEquals(6, a.ipVersion());
        assertFalse(a.hasPort());
        assertEquals("ADD_ADDR v0 id=2 2001:db8::1", summary(b, ACK));
        b = opt("1e16 3602 2001 0db8 0000 0000 0000 0000 0000 0001 0050");
        assertNull(check(b, ACK));
        a.wrap(b, O, 22);
        assertEquals(80, a.port());
        assertEquals("ADD_ADDR v0 id=2 [2001:db8::1]:80", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e08 3602 2001 0db8"), ACK));
    }

    @Test
    void addAddrV1Ipv4() {
        // mptcp-aa-echo.pcap #1: "mptcp 16 add-addr v1 id 1 10.0.2.1 hmac 0xf8295862f645df19"
        // 0x0030: .... .... 1e10 3001 0a00 0201 f829 5862 f645 df19
        byte[] b = opt("1e10 3001 0a00 0201 f829 5862 f645 df19");
        assertNull(check(b, ACK));
        AddAddr a = new AddAddr().wrap(b, O, 16);
        assertFalse(a.isV0());
        assertFalse(a.echo());
        assertEquals(4, a.ipVersion());
        assertTrue(a.hasHmac());
        assertFalse(a.hasPort());
        assertEquals(0xf8295862f645df19L, a.truncatedHmac());
        assertEquals(O + 4, a.addressOffset());
        assertEquals("ADD_ADDR id=1 10.0.2.1 hmac=0xf8295862f645df19", summary(b, ACK));

        // mptcp-aa-echo.pcap #2: "mptcp 8 add-addr v1-echo id 1 10.0.2.1"   0x0030: .... 1e08 3101 0a00 0201
        b = opt("1e08 3101 0a00 0201");
        assertNull(check(b, ACK));
        a.wrap(b, O, 8);
        assertTrue(a.echo());
        assertFalse(a.hasHmac());
        assertEquals(0, a.truncatedHmac());
        assertEquals("ADD_ADDR id=1 10.0.2.1 echo", summary(b, ACK));

        // RFC 8684 3.4.1: port 5201 with HMAC (18), echo with port (10)
        b = opt("1e12 3003 0a00 0202 1451 0102 0304 0506 0708");
        assertNull(check(b, ACK));
        a.wrap(b, O, 18);
        assertEquals(4, a.ipVersion());
        assertEquals(5201, a.port());
        assertEquals(0x0102030405060708L, a.truncatedHmac());
        assertEquals("ADD_ADDR id=3 10.0.2.2:5201 hmac=0x0102030405060708", summary(b, ACK));
        b = opt("1e0a 3103 0a00 0202 1451");
        assertNull(check(b, ACK));
        a.wrap(b, O, 10);
        assertTrue(a.echo());
        assertEquals(5201, a.port());
        // echo lengths and HMAC lengths do not mix
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e10 3101 0a00 0201 f829 5862 f645 df19"), ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e08 3001 0a00 0201"), ACK));
    }

    @Test
    void addAddrV1Ipv6() {
        String v6 = "fd00 0000 0000 0000 0000 0000 0000 0002";
        byte[] b = opt("1e1c 3005 " + v6 + " 1112 1314 1516 1718"); // 28: address + HMAC
        assertNull(check(b, ACK));
        AddAddr a = new AddAddr().wrap(b, O, 28);
        assertEquals(6, a.ipVersion());
        assertFalse(a.hasPort());
        assertEquals(0x1112131415161718L, a.truncatedHmac());
        assertEquals("ADD_ADDR id=5 fd00::2 hmac=0x1112131415161718", summary(b, ACK));
        b = opt("1e1e 3005 " + v6 + " 1451 1112 1314 1516 1718"); // 30: + port
        assertNull(check(b, ACK));
        a.wrap(b, O, 30);
        assertEquals(5201, a.port());
        assertEquals("ADD_ADDR id=5 [fd00::2]:5201 hmac=0x1112131415161718", summary(b, ACK));
        b = opt("1e14 3105 " + v6); // 20: echo
        assertNull(check(b, ACK));
        a.wrap(b, O, 20);
        assertTrue(a.echo());
        assertEquals(6, a.ipVersion());
        byte[] ip = new byte[16];
        assertEquals(16, a.address(ip));
        assertEquals("fd00::2", Bytes.ipString(ip, 0, 6));
        b = opt("1e16 3105 " + v6 + " 0050"); // 22: echo + port
        assertNull(check(b, ACK));
        a.wrap(b, O, 22);
        assertEquals(80, a.port());
    }

    // ---------------------------------------------------------------- the small ones

    @Test
    void removeAddr() {
        // mptcp-v0.pcap #210: "mptcp 4 rem-addr id 0"   0x0040: a24a 1e04 4000
        byte[] b = opt("1e04 4000");
        assertNull(check(b, ACK));
        RemoveAddr r = new RemoveAddr().wrap(b, O, 4);
        assertEquals(1, r.count());
        assertEquals(0, r.addressId(0));
        assertEquals("REMOVE_ADDR id=0", summary(b, ACK));
        b = opt("1e06 4003 0407");
        assertNull(check(b, ACK));
        r.wrap(b, O, 6);
        assertEquals(3, r.count());
        assertEquals(7, r.addressId(2));
        assertEquals("REMOVE_ADDR id=3,4,7", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e03 40"), ACK));
    }

    @Test
    void mpPrio() {
        // RFC 8684 3.3.8: length 3, B bit; RFC 6824 3.3.8: optional address id (length 4)
        byte[] b = opt("1e03 51");
        assertNull(check(b, ACK));
        MpPrio p = new MpPrio().wrap(b, O, 3);
        assertTrue(p.backup());
        assertFalse(p.hasAddressId());
        assertEquals("MP_PRIO backup", summary(b, ACK));
        b = opt("1e04 5002");
        assertNull(check(b, ACK));
        p.wrap(b, O, 4);
        assertFalse(p.backup());
        assertEquals(2, p.addressId());
        assertEquals("MP_PRIO non-backup id=2", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e05 5000 00"), ACK));
    }

    @Test
    void mpFail() {
        // RFC 8684 3.7: length 12, 64-bit DSN at offset 4
        byte[] b = opt("1e0c 6000 0000 0001 0000 0002");
        assertNull(check(b, ACK));
        assertEquals(0x100000002L, new MpFail().wrap(b, O, 12).dsn());
        assertEquals("MP_FAIL dsn=4294967298", summary(b, ACK));
        assertEquals(MPTCP_OPTION_BAD_LENGTH, check(opt("1e08 6000 0000 0001"), ACK));
    }

    @Test
    void mpFastclose() {
        // mptcp-fclose.pcap #10: "mptcp 12 fast-close key 0xd005b1ab34bad344"
        // 0x0040: a212 1e0c 7000 d005 b1ab 34ba d344
        byte[] b = opt("1e0c 7000 d005 b1ab 34ba d344");
        assertNull(check(b, ACK));
        assertEquals(0xd005b1ab34bad344L, new MpFastclose().wrap(b, O, 12).receiverKey());
        assertEquals("MP_FASTCLOSE key=0xd005b1ab34bad344", summary(b, ACK));
    }

    @Test
    void mpTcpRst() {
        // mptcp-tcprst.pcap #1: "mptcp 4 tcprst flags [none] reason Unspecified error"   0x0020: .... 1e04 8000
        byte[] b = opt("1e04 8000");
        assertNull(check(b, RSTACK));
        MpTcpRst r = new MpTcpRst().wrap(b, O, 4);
        assertEquals(0, r.reason());
        assertFalse(r.isTransient());
        assertEquals("MP_TCPRST reason=0", summary(b, RSTACK));
        // mptcp-tcprst.pcap #2: "mptcp 4 tcprst flags [T] reason MPTCP-specific error"   1e04 8101
        b = opt("1e04 8101");
        r.wrap(b, O, 4);
        assertTrue(r.isTransient());
        assertFalse(r.u() || r.v() || r.w());
        assertEquals(1, r.reason());
        assertEquals("MP_TCPRST reason=1 T", summary(b, RSTACK));
        b = opt("1e04 8e02");
        r.wrap(b, O, 4);
        assertTrue(r.u() && r.v() && r.w());
        assertEquals(0x0e, r.flags());
    }

    @Test
    void unknownAndExperimentalSubtypes() {
        byte[] b = opt("1e04 b000");
        assertEquals(MPTCP_UNKNOWN_SUBTYPE, check(b, ACK));
        assertEquals("MPTCP subtype 11 (unknown) 4 bytes", summary(b, ACK));
        assertEquals("MP_CAPABLE", MptcpOption.name(0));
        assertEquals("MP_TCPRST", MptcpOption.name(8));
        assertEquals("MP_EXPERIMENTAL", MptcpOption.name(15));
        assertNull(check(opt("1e05 f0ab cd"), ACK));
        assertEquals("MP_EXPERIMENTAL 5 bytes 0xabcd", summary(opt("1e05 f0ab cd"), ACK));
    }

    // ---------------------------------------------------------------- length tables

    /** Length byte 0, 1, 2, 3, 255 for each subtype, with the full option bytes readable. */
    @Test
    void wrongLengthBytes() {
        for (int st : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}) {
            for (int lenByte : new int[] {0, 1, 2, 255}) {
                byte[] b = opt(String.format("1e%02x %x0", lenByte, st) + "00".repeat(40));
                assertEquals(MPTCP_OPTION_BAD_LENGTH, MptcpOption.check(b, O, 43, ACK), st + "/" + lenByte);
                String s = MptcpOption.summary(b, O, 43, ACK);
                assertTrue(s.contains("[bad length " + lenByte + "]"), s);
            }
            byte[] b = opt(String.format("1e03 %x0", st));
            Anomaly expected = st == 5 ? null : MPTCP_OPTION_BAD_LENGTH; // only MP_PRIO is 3 bytes long
            assertEquals(expected, MptcpOption.check(b, O, 3, ACK), "length 3, subtype " + st);
        }
    }

    /** Well-formed length bytes, but the option is cut short (fewer readable bytes). */
    @Test
    void cutShort() {
        Object[][] cases = {
            // option hex, tcp flags
            {"1e14 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c", ACK},
            {"1e0c 1000 e47f 0142 1b66 5a18", SYN},
            {"1e18 1000 cb7b 87f5 e5f0 502f 43b5 35fb 70ef 6607 df2e 6c7a", ACK},
            {"1e1a 200f c807 2fb9 0eda b04e a28e 87fd dd1d 30f2 0000 0001 2000", ACK},
            {"1e10 3001 0a00 0201 f829 5862 f645 df19", ACK},
            {"1e04 4000", ACK},
            {"1e0c 6000 0000 0001 0000 0002", ACK},
            {"1e0c 7000 d005 b1ab 34ba d344", ACK},
            {"1e04 8101", RSTACK},
        };
        for (Object[] c : cases) {
            byte[] b = opt((String) c[0]);
            int full = b.length - 5, flags = (int) c[1];
            assertNull(MptcpOption.check(b, O, full, flags), (String) c[0]);
            for (int len = 0; len < full; len++) {
                assertEquals(MPTCP_OPTION_TRUNCATED, MptcpOption.check(b, O, len, flags), c[0] + " cut at " + len);
                assertNotNull(MptcpOption.summary(b, O, len, flags));
            }
            assertTrue(MptcpOption.summary(b, O, full - 1, flags).contains("[truncated"));
        }
        // DSS cut before its flags byte: the length cannot be judged, so it is truncated
        assertEquals(MPTCP_OPTION_TRUNCATED, MptcpOption.check(opt("1e08 2001 d0bd 7aef"), O, 3, ACK));
        // a length byte that is wrong wins over a cut
        assertEquals(MPTCP_OPTION_BAD_LENGTH, MptcpOption.check(opt("1e09 2001 d0bd 7aef 00"), O, 6, ACK));
    }

    /** A caller passing more readable bytes than the length byte: the views stop at the length byte. */
    @Test
    void readableBeyondLengthByteIsClamped() {
        byte[] b = opt("1e04 8101 ffff ffff");
        assertNull(MptcpOption.check(b, O, 8, RSTACK));
        assertEquals(4, new MpTcpRst().wrap(b, O, 8).length());
    }
}
