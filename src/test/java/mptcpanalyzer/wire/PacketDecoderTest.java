package mptcpanalyzer.wire;

import static mptcpanalyzer.model.Anomaly.*;
import static org.junit.jupiter.api.Assertions.*;

import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomaly;
import org.junit.jupiter.api.Test;

/** Link, IP and TCP decoding on frames built by hand around real packets. */
class PacketDecoderTest {
    /**
     * mptcp-v0.pcap #4 (IP header on): "IP 10.1.1.2.22 > 10.2.1.2.35961: Flags [P.], seq 1:42, ack 1,
     * win 447, options [nop,nop,TS val 4294943474 ecr 4294943152,mptcp 8 add-addr v0-ip4 id 1 10.1.2.2,
     * mptcp 20 dss ack 3576348362 seq 3518592144 subseq 1 len 41 csum 0x82f], length 41"
     * (seq/ack relative there: raw seq 0x07822b7f, raw ack 0xad98935a)
     */
    static final String V0_DATA =
              "4500 0079 8994 4000 3f06 9be4 0a01 0102"
            + "0a02 0102 0016 8c79 0782 2b7f ad98 935a"
            + "f018 01bf 5365 0000 0101 080a ffff a2f2"
            + "ffff a1b0 1e08 3401 0a01 0202 1e14 2005"
            + "d52a beca d1b9 7490 0000 0001 0029 082f"
            + "5353 482d 322e 302d 4f70 656e 5353 485f"
            + "352e 3570 3120 4465 6269 616e 2d36 2b73"
            + "7175 6565 7a65 310d 0a";
    static final int V0_LEN = 121;

    /**
     * IPv6 built by hand from RFC 8200: 2001:db8::1.4660 > 2001:db8::2.80, hop-by-hop (PadN 6) then
     * destination options (PadN 6) then TCP SYN seq 1, data offset 6, option 1e04 0101 (MP_CAPABLE v1).
     */
    static final String V6_EXT =
              "6000 0000 0028 0040"                                  // payload length 40, next 0 (hop-by-hop)
            + "2001 0db8 0000 0000 0000 0000 0000 0001"
            + "2001 0db8 0000 0000 0000 0000 0000 0002"
            + "3c00 0104 0000 0000"                                  // hop-by-hop: next 60, len 0, PadN
            + "0600 0104 0000 0000"                                  // dest opts: next 6 (TCP)
            + "1234 0050 0000 0001 0000 0000 6002 ffff 0000 0000"    // TCP
            + "1e04 0101";                                           // MP_CAPABLE v1 SYN

    static PacketRecord rec(int linkType, String hex) {
        byte[] pkt = Bytes.parseHex(hex);
        PacketRecord r = new PacketRecord();
        r.buf = new byte[pkt.length + 7];
        System.arraycopy(pkt, 0, r.buf, 5, pkt.length); // offset 5 and junk after: absolute reads only
        r.offset = 5;
        r.capLen = r.origLen = pkt.length;
        r.linkType = linkType;
        return r;
    }

    final PacketDecoder dec = new PacketDecoder();
    final DecodedPacket d = new DecodedPacket();

    boolean has(Anomaly a) {
        for (int i = 0; i < d.anomalyCount; i++) if (d.anomalies[i] == a.ordinal()) return true;
        return false;
    }

    /** The v0 data packet fully decoded at IP offset {@code ip} (relative to the record start). */
    void assertV0(PacketRecord r, int ip) {
        assertTrue(dec.decode(r, d));
        assertEquals(0, d.anomalyCount, "anomalies");
        assertFalse(d.truncated);
        assertEquals(4, d.ipVersion);
        assertEquals(r.offset + ip, d.ipOffset);
        assertEquals(0x0800, d.etherType);
        assertEquals("10.1.1.2", Bytes.ipString(d.src, 0, 4));
        assertEquals("10.2.1.2", Bytes.ipString(d.dst, 0, 4));
        // packed: 10.1.1.2 and 10.2.1.2 in the upper 32 bits
        assertEquals(0x0a010102_00000000L, d.srcHi);
        assertEquals(0x0a020102_00000000L, d.dstHi);
        assertEquals(0, d.srcLo);
        assertEquals(0, d.dstLo);
        // the option checks made while decoding: both options of this packet are well formed
        assertEquals(null, d.mptcpBad(0));
        assertEquals(null, d.mptcpBad(1));
        assertEquals(6, d.ipProto);
        assertTrue(d.tcp);
        assertEquals(22, d.srcPort);
        assertEquals(35961, d.dstPort);
        assertEquals(0x07822b7f, d.seq);
        assertEquals(0xad98935aL, Integer.toUnsignedLong(d.ack));
        assertEquals(0x18, d.tcpFlags);
        assertEquals(447, d.window);
        assertEquals(r.offset + ip + 20, d.tcpOffset);
        assertEquals(60, d.tcpHeaderLen);
        assertEquals(41, d.payloadLen);
        assertEquals(41, d.payloadCaptured);
        assertEquals(r.offset + ip + 80, d.payloadOffset);
        assertEquals(2, d.mptcpCount);
        assertEquals(r.offset + ip + 52, d.mptcpOffset[0]);
        assertEquals(8, d.mptcpLength[0]);
        assertEquals(r.offset + ip + 60, d.mptcpOffset[1]);
        assertEquals(20, d.mptcpLength[1]);
    }

    static final String ETH = "f28c f524 1b21 1651 5304 3f55 "; // dst, src (from mptcp-v0.pcap)

    @Test
    void ethernet() {
        assertV0(rec(1, ETH + "0800" + V0_DATA), 14);
    }

    @Test
    void ethernetWithTrailerPadding() {
        // Ethernet trailer after the IP packet (FCS / padding) is not TCP payload
        PacketRecord r = rec(1, ETH + "0800" + V0_DATA + "deadbeef");
        assertV0(r, 14);
        // the snap length cutting only the trailer truncates no header or payload byte
        r.origLen += 4;
        r.capLen -= 4;
        assertV0(r, 14);
    }

    @Test
    void ethernetVlanTags() {
        assertV0(rec(1, ETH + "8100 0064 0800" + V0_DATA), 18);
        assertV0(rec(1, ETH + "88a8 00c8 8100 0064 0800" + V0_DATA), 22);
        assertV0(rec(1, ETH + "9100 00c8 8100 0064 8100 0001 0800" + V0_DATA), 26);
    }

    @Test
    void linuxCooked() {
        // SLL: packet type(2) ARPHRD(2) addr len(2) addr(8) protocol(2)
        assertV0(rec(113, "0000 0001 0006 1651 5304 3f55 0000 0800" + V0_DATA), 16);
        // SLL2: protocol(2) reserved(2) ifindex(4) ARPHRD(2) type(1) addr len(1) addr(8)
        assertV0(rec(276, "0800 0000 0000 0003 0001 0406 1651 5304 3f55 0000" + V0_DATA), 20);
    }

    @Test
    void bsdLoopback() {
        assertV0(rec(0, "0200 0000" + V0_DATA), 4); // little-endian writer
        assertV0(rec(0, "0000 0002" + V0_DATA), 4); // big-endian writer
        assertV0(rec(108, "0000 0002" + V0_DATA), 4); // LOOP: always big-endian
        for (String af : new String[] {"1800 0000", "0000 001c", "1e00 0000"}) {
            PacketRecord r = rec(0, af + V6_EXT);
            assertTrue(dec.decode(r, d), af);
            assertEquals(6, d.ipVersion);
        }
        assertFalse(dec.decode(rec(0, "0700 0000" + V0_DATA), d)); // unknown family
        assertEquals(0, d.anomalyCount);
    }

    @Test
    void rawIp() {
        assertV0(rec(101, V0_DATA), 0);
        assertV0(rec(228, V0_DATA), 0);
        assertTrue(dec.decode(rec(101, V6_EXT), d));
        assertEquals(6, d.ipVersion);
        assertTrue(dec.decode(rec(229, V6_EXT), d));
        assertEquals(6, d.ipVersion);
        assertFalse(dec.decode(rec(101, "5500 0000"), d));
        assertTrue(has(IP_MALFORMED));
    }

    @Test
    void unsupportedLinkType() {
        assertFalse(dec.decode(rec(147, V0_DATA), d));
        assertTrue(has(LINK_UNSUPPORTED));
        assertEquals(0, d.ipVersion);
    }

    @Test
    void ipv6ExtensionHeaders() {
        PacketRecord r = rec(229, V6_EXT);
        assertTrue(dec.decode(r, d));
        assertEquals(0, d.anomalyCount);
        assertEquals(0x86dd, d.etherType);
        assertEquals("2001:db8::1", Bytes.ipString(d.src, 0, 6));
        assertEquals("2001:db8::2", Bytes.ipString(d.dst, 0, 6));
        // packed: bytes 0-7 and 8-15
        assertEquals(0x20010db8_00000000L, d.srcHi);
        assertEquals(1L, d.srcLo);
        assertEquals(0x20010db8_00000000L, d.dstHi);
        assertEquals(2L, d.dstLo);
        assertEquals(6, d.ipProto);
        assertTrue(d.tcp);
        assertEquals(r.offset + 56, d.tcpOffset);
        assertEquals(0x1234, d.srcPort);
        assertEquals(80, d.dstPort);
        assertEquals(2, d.tcpFlags);
        assertEquals(24, d.tcpHeaderLen);
        assertEquals(0, d.payloadLen);
        assertEquals(1, d.mptcpCount);
        assertEquals(r.offset + 76, d.mptcpOffset[0]);
        assertEquals(4, d.mptcpLength[0]);

        // jumbogram-style payload length 0: the rest of the captured bytes
        assertTrue(dec.decode(rec(229, V6_EXT.replaceFirst("0028", "0000")), d));
        assertTrue(d.tcp);
        assertEquals(1, d.mptcpCount);

        // destination options length running past the payload: bad chain
        assertTrue(dec.decode(rec(229, V6_EXT.replace("0600 0104", "0609 0104")), d));
        assertTrue(has(IPV6_EXT_MALFORMED));
        assertFalse(d.tcp);

        // no next header (59)
        assertTrue(dec.decode(rec(229, V6_EXT.replace("3c00 0104", "3b00 0104")), d));
        assertEquals(59, d.ipProto);
        assertFalse(d.tcp);
    }

    @Test
    void ipv6FragmentAndAh() {
        String head = "6000 0000 0028 2c40"
                + "2001 0db8 0000 0000 0000 0000 0000 0001"
                + "2001 0db8 0000 0000 0000 0000 0000 0002";
        String tcp = "1234 0050 0000 0001 0000 0000 6002 ffff 0000 0000 1e04 0101";
        // fragment header: next 6, offset 0 with M: first fragment, TCP decoded
        assertTrue(dec.decode(rec(229, head + "0600 0001 0000 abcd" + tcp + "0000 0000 0000 0000"), d));
        assertTrue(d.tcp);
        assertEquals(1, d.mptcpCount);
        // offset 185 (185 << 3 = 0x05c8): not the first fragment
        assertTrue(dec.decode(rec(229, head + "0600 05c8 0000 abcd" + tcp + "0000 0000 0000 0000"), d));
        assertTrue(has(IP_FRAGMENT));
        assertFalse(d.tcp);
        assertEquals(6, d.ipProto);
        // AH (RFC 4302): next 6, payload len 4 -> (4 + 2) * 4 = 24 bytes
        String ah = "0604 0000 0000 0001 0000 0001 0000 0000 0000 0000 0000 0000";
        String h = head.replace("0028 2c40", "0030 3340");
        assertTrue(dec.decode(rec(229, h + ah + tcp), d));
        assertEquals(0, d.anomalyCount);
        assertTrue(d.tcp);
        assertEquals(0x1234, d.srcPort);
    }

    @Test
    void ipv4OptionsAndFragments() {
        // IHL 6: 4 bytes of options (NOP NOP NOP EOL), total length + 4
        String withOpts = "4600 007d" + V0_DATA.substring(9, 40) + "0101 0100" + V0_DATA.substring(40);
        PacketRecord r = rec(228, withOpts);
        assertTrue(dec.decode(r, d));
        assertEquals(0, d.anomalyCount);
        assertEquals(r.offset + 24, d.tcpOffset);
        assertEquals(41, d.payloadLen);
        assertEquals(2, d.mptcpCount);

        // flags/fragment 0x00b9: offset 185, not the first fragment
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("4000 3f06", "00b9 3f06")), d));
        assertTrue(has(IP_FRAGMENT));
        assertFalse(d.tcp);
        // MF with offset 0: first fragment, decoded
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("4000 3f06", "2000 3f06")), d));
        assertFalse(has(IP_FRAGMENT));
        assertTrue(d.tcp);
        assertEquals(2, d.mptcpCount);
    }

    @Test
    void ipv4Malformed() {
        assertFalse(dec.decode(rec(228, V0_DATA.replaceFirst("4500", "4400")), d)); // IHL 4
        assertTrue(has(IP_MALFORMED));
        assertFalse(dec.decode(rec(228, V0_DATA.replaceFirst("4500", "5500")), d)); // version 5
        assertTrue(has(IP_MALFORMED));
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0079", "0010")), d)); // total < header
        assertTrue(has(IP_MALFORMED));
        assertFalse(d.tcp);
        // total length beyond the record, which is complete (capLen == origLen): the header lies
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0079", "0200")), d));
        assertTrue(has(IP_MALFORMED));
        assertFalse(has(PACKET_TRUNCATED));
        assertTrue(d.truncated);
        assertEquals(0x200 - 80, d.payloadLen);
        assertEquals(41, d.payloadCaptured);
        // total length 0: Linux TSO capture, the packet is what was captured
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0079", "0000")), d));
        assertEquals(0, d.anomalyCount);
        assertEquals(41, d.payloadLen);
    }

    @Test
    void tcpMalformed() {
        // data offset 4
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("f018", "4018")), d));
        assertTrue(has(TCP_MALFORMED));
        assertTrue(d.tcp);
        assertEquals(22, d.srcPort);
        assertEquals(0, d.mptcpCount);
        // IP says 12 bytes of TCP: shorter than the fixed header
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0079", "0020")), d));
        assertTrue(has(TCP_MALFORMED));
        assertFalse(d.tcp);
        // data offset 15 (60 bytes) but IP says only 50 bytes of TCP
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0079", "0046")), d));
        assertTrue(has(TCP_MALFORMED));
        assertEquals(0, d.mptcpCount);
    }

    @Test
    void tcpOptionBadLength() {
        // the TS option's length byte 0x0a -> 0x01: walk stops, TCP decode kept
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("080a", "0801")), d));
        assertTrue(has(TCP_OPTION_BAD_LENGTH));
        assertTrue(d.tcp);
        assertEquals(41, d.payloadLen);
        assertEquals(0, d.mptcpCount);
        // the DSS's length byte 20 -> 30 runs past the option space
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("1e14 2005", "1e1e 2005")), d));
        assertTrue(has(TCP_OPTION_BAD_LENGTH));
        assertEquals(1, d.mptcpCount); // the ADD_ADDR before it is kept
        // EOL ends the walk
        assertTrue(dec.decode(rec(228, V0_DATA.replaceFirst("0101 080a", "0001 080a")), d));
        assertEquals(0, d.anomalyCount);
        assertEquals(0, d.mptcpCount);
        // an MPTCP option with a 3-byte DSS is fine for TCP (judged by MptcpOption.check)
        PacketRecord r = rec(228, V0_DATA.replaceFirst("1e08 3401 0a01 0202", "1e03 2001 0101 0101"));
        assertTrue(dec.decode(r, d));
        assertEquals(0, d.anomalyCount);
        assertEquals(2, d.mptcpCount);
        assertEquals(3, d.mptcpLength[0]);
    }

    /** The v0 data packet over Ethernet cut by the snap length at several points. */
    @Test
    void snapLengthCuts() {
        String frame = ETH + "0800" + V0_DATA;
        int e = 14;
        Object[][] cuts = {
            // capLen, decode result, tcp, mptcpCount, extra anomaly
            {10, false, false, 0, LINK_MALFORMED},
            {e + 10, false, false, 0, null},
            {e + 30, true, false, 0, null},
            {e + 45, true, true, 0, null},
            {e + 56, true, true, 1, MPTCP_OPTION_TRUNCATED},
            {e + 70, true, true, 2, MPTCP_OPTION_TRUNCATED},
            {e + 90, true, true, 2, null},
        };
        for (Object[] c : cuts) {
            PacketRecord r = rec(1, frame);
            r.capLen = (int) c[0];
            String what = "capLen " + r.capLen;
            assertEquals(c[1], dec.decode(r, d), what);
            assertTrue(d.truncated, what);
            assertTrue(has(PACKET_TRUNCATED), what);
            assertFalse(has(LINK_MALFORMED), what); // the record says why bytes are missing
            assertEquals(c[2], d.tcp, what);
            assertEquals(c[3], d.mptcpCount, what);
            if (c[4] == MPTCP_OPTION_TRUNCATED) assertTrue(has(MPTCP_OPTION_TRUNCATED), what);
        }
        PacketRecord r = rec(1, frame);
        r.capLen = e + 56;
        dec.decode(r, d);
        assertEquals(4, d.mptcpLength[0]); // readable part of the 8-byte ADD_ADDR
        r.capLen = e + 70;
        dec.decode(r, d);
        assertEquals(10, d.mptcpLength[1]);
        r.capLen = e + 90;
        dec.decode(r, d);
        assertEquals(41, d.payloadLen);
        assertEquals(10, d.payloadCaptured);

        // without a snap-length cut in the record, a short Ethernet header is malformed
        r = rec(1, frame.substring(0, 20));
        assertFalse(dec.decode(r, d));
        assertTrue(has(LINK_MALFORMED));
        assertFalse(has(PACKET_TRUNCATED));
    }

    @Test
    void badRecords() {
        PacketRecord r = rec(1, ETH + "0800" + V0_DATA);
        r.capLen = 10_000; // more than the buffer holds: read as far as the buffer goes
        assertTrue(dec.decode(r, d));
        r.capLen = -1;
        assertFalse(dec.decode(r, d));
        r.buf = null;
        assertFalse(dec.decode(r, d));
        assertTrue(has(LINK_MALFORMED));
    }

    @Test
    void reuseResetsEverything() {
        assertV0(rec(1, ETH + "0800" + V0_DATA), 14);
        PacketRecord arp = rec(1, ETH + "0806 0001 0800 0604 0001 1651 5304 3f55 0a02 0101 0000 0000 0000 0a02 0102");
        assertFalse(dec.decode(arp, d));
        assertEquals(0, d.ipVersion);
        assertFalse(d.tcp);
        assertEquals(0, d.mptcpCount);
        assertEquals(0x0806, d.etherType);
        assertEquals(0, d.anomalyCount);
    }
}
