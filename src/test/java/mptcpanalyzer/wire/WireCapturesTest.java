package mptcpanalyzer.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.wire.mptcp.MptcpOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Decodes the public test captures and compares with tcpdump's expected output. */
class WireCapturesTest {
    private static final Pattern RECORD = Pattern.compile("(?m)^\\s+(\\d+)\\s\\s");
    private static final Pattern MPTCP_LEN = Pattern.compile("mptcp (\\d+) ");

    /** The "mptcp N" option lengths of each packet of a tcpdump .out file, in packet order. */
    static List<List<Integer>> tcpdumpMptcpLengths(String name) throws IOException {
        String text;
        try (InputStream in = WireCapturesTest.class.getResourceAsStream("/wire/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<Integer>> out = new ArrayList<>();
        Matcher m = RECORD.matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) starts.add(m.start());
        starts.add(text.length());
        for (int i = 0; i + 1 < starts.size(); i++) {
            List<Integer> lens = new ArrayList<>();
            Matcher l = MPTCP_LEN.matcher(text.substring(starts.get(i), starts.get(i + 1)));
            while (l.find()) lens.add(Integer.parseInt(l.group(1)));
            out.add(lens);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        // file, MPTCP option packets (MANIFEST.tsv, from tshark)
        "mptcp-v0, 264", "mptcp-v1, 20", "mptcp-fclose, 9", "mptcp-aa-v1, 22",
        "mptcp-aa-echo, 2", "mptcp-tcprst, 2", "mptcp-dss-oobr, 1",
    })
    void optionLengthsMatchTcpdump(String file, int mptcpPackets) throws IOException {
        List<PacketRecord> recs = TinyPcap.read(file + ".pcap");
        List<List<Integer>> expected = tcpdumpMptcpLengths(file + ".out");
        assertEquals(expected.size(), recs.size());
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        int withMptcp = 0;
        for (int i = 0; i < recs.size(); i++) {
            PacketRecord r = recs.get(i);
            dec.decode(r, d);
            List<Integer> got = new ArrayList<>();
            for (int k = 0; k < d.mptcpCount; k++) got.add(Bytes.u8(d.buf, d.mptcpOffset[k] + 1));
            assertEquals(expected.get(i), got, file + " packet " + (i + 1));
            if (d.mptcpCount > 0) withMptcp++;
            assertFalse(d.truncated, file + " packet " + (i + 1));
            for (int k = 0; k < d.mptcpCount; k++) {
                Anomaly a = MptcpOption.check(d.buf, d.mptcpOffset[k], d.mptcpLength[k], d.tcpFlags);
                String s = MptcpOption.summary(d.buf, d.mptcpOffset[k], d.mptcpLength[k], d.tcpFlags);
                if (file.equals("mptcp-dss-oobr")) {
                    assertEquals(Anomaly.MPTCP_OPTION_BAD_LENGTH, a);
                    assertEquals("DSS [bad length 3]", s);
                } else {
                    assertNull(a, file + " packet " + (i + 1) + ": " + s);
                }
            }
        }
        assertEquals(mptcpPackets, withMptcp);
    }

    @Test
    void ptcpdumpCaptures() throws IOException {
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        // ptcpdump mptcp.pcap: 14 packets, all with an MPTCP option, v1 on 127.0.0.1:12345
        int n = 0;
        for (PacketRecord r : TinyPcap.read("mptcp.pcap")) {
            assertTrue(dec.decode(r, d));
            assertEquals(1, d.mptcpCount);
            assertNull(MptcpOption.check(d.buf, d.mptcpOffset[0], d.mptcpLength[0], d.tcpFlags));
            assertTrue(d.srcPort == 12345 || d.dstPort == 12345);
            n++;
        }
        assertEquals(14, n);

        // tfo.pcap (LINUX_SLL2) #1 from tfo.pcap.out.txt: "IP 10.0.1.2.46282 > 10.0.1.1.10054: Flags [S],
        // seq 3162925789, win 64240, options [mss 1460,sackOK,TS ...,nop,wscale 7,tfo cookiereq,nop,nop,
        // mptcp 4 capable v1 flags [H]], length 0"
        List<PacketRecord> tfo = TinyPcap.read("tfo.pcap");
        assertEquals(276, tfo.get(0).linkType);
        assertTrue(dec.decode(tfo.get(0), d));
        assertEquals("10.0.1.2", Bytes.ipString(d.src, 0, 4));
        assertEquals("10.0.1.1", Bytes.ipString(d.dst, 0, 4));
        assertEquals(46282, d.srcPort);
        assertEquals(10054, d.dstPort);
        assertEquals(3162925789L, Integer.toUnsignedLong(d.seq));
        assertEquals(0x02, d.tcpFlags);
        assertEquals(64240, d.window);
        assertEquals(1, d.mptcpCount);
        assertEquals("MP_CAPABLE v1 flags=0x01", MptcpOption.summary(d.buf, d.mptcpOffset[0], d.mptcpLength[0], d.tcpFlags));
        // #4: "Flags [P.], seq 1:4309 ... mptcp 22 capable v1 ... data_len=8192 ..., length 4308"
        assertTrue(dec.decode(tfo.get(3), d));
        assertEquals(4308, d.payloadLen);
        assertEquals(4308, d.payloadCaptured);
        assertEquals(22, d.mptcpLength[0]);
    }

    @Test
    void tcprstRawAndFcloseArp() throws IOException {
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        // mptcp-tcprst.pcap (LINKTYPE_RAW) #2: "IP 192.0.2.1.55739 > 192.168.76.28.8080: Flags [R.], seq 0, ack 1,
        // win 256, options [mptcp 4 tcprst flags [T] reason MPTCP-specific error], length 0"
        PacketRecord r = TinyPcap.read("mptcp-tcprst.pcap").get(1);
        assertEquals(101, r.linkType);
        assertTrue(dec.decode(r, d));
        assertEquals(4, d.ipVersion);
        assertEquals("192.0.2.1", Bytes.ipString(d.src, 0, 4));
        assertEquals("192.168.76.28", Bytes.ipString(d.dst, 0, 4));
        assertEquals(55739, d.srcPort);
        assertEquals(8080, d.dstPort);
        assertEquals(0x14, d.tcpFlags);
        assertEquals("MP_TCPRST reason=1 T", MptcpOption.summary(d.buf, d.mptcpOffset[0], d.mptcpLength[0], d.tcpFlags));
        // mptcp-fclose.pcap #1 is ARP: not IP, no anomaly
        r = TinyPcap.read("mptcp-fclose.pcap").get(0);
        assertFalse(dec.decode(r, d));
        assertEquals(0x0806, d.etherType);
        assertEquals(0, d.anomalyCount);
    }
}
