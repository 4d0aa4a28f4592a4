package mptcpanalyzer.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.wire.mptcp.*;
import org.junit.jupiter.api.Test;

/**
 * 200k mutated packets (bit flips, length bytes, truncations, link types) through the decoder and
 * every MPTCP view: nothing may throw, and every offset handed out must lie in the captured bytes.
 */
class DecoderFuzzTest {
    private static final int ITERATIONS = 200_000;
    private static final int[] LINK_TYPES = {0, 1, 101, 108, 113, 228, 229, 276, 147};

    @Test
    void mutatedPacketsNeverThrow() throws IOException {
        List<PacketRecord> seeds = new ArrayList<>();
        for (String f : new String[] {"mptcp-v0.pcap", "mptcp-v1.pcap", "mptcp-fclose.pcap", "mptcp-aa-v1.pcap",
                "mptcp-aa-echo.pcap", "mptcp-tcprst.pcap", "mptcp-dss-oobr.pcap", "mptcp.pcap", "tfo.pcap"}) {
            for (PacketRecord r : TinyPcap.read(f)) {
                if (r.capLen > 400) { r.capLen = r.origLen = 400; } // headers are what matters
                seeds.add(r);
            }
        }
        seeds.add(PacketDecoderTest.rec(229, PacketDecoderTest.V6_EXT));
        seeds.add(PacketDecoderTest.rec(1, PacketDecoderTest.ETH + "88a8 00c8 8100 0064 0800" + PacketDecoderTest.V0_DATA));

        Random rnd = new Random(20240611L);
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        PacketRecord r = new PacketRecord();
        byte[] buf = new byte[512];
        MpCapable mpc = new MpCapable(); MpJoin join = new MpJoin(); Dss dss = new Dss();
        AddAddr aa = new AddAddr(); RemoveAddr ra = new RemoveAddr(); MpPrio prio = new MpPrio();
        MpFail fail = new MpFail(); MpFastclose fc = new MpFastclose(); MpTcpRst rst = new MpTcpRst();
        byte[] scratch = new byte[20];
        long sink = 0;
        int withTcp = 0, wellFormedOptions = 0;

        for (int it = 0; it < ITERATIONS; it++) {
            PacketRecord s = seeds.get(rnd.nextInt(seeds.size()));
            int off = rnd.nextInt(8);
            int len = s.capLen;
            if (rnd.nextInt(10) == 0) {
                // pure random bytes
                len = rnd.nextInt(120);
                for (int i = 0; i < len; i++) buf[off + i] = (byte) rnd.nextInt(256);
            } else {
                System.arraycopy(s.buf, s.offset, buf, off, len);
            }
            int muts = 1 + rnd.nextInt(4);
            for (int m = 0; m < muts && len > 0; m++) {
                int pos = off + rnd.nextInt(len);
                switch (rnd.nextInt(5)) {
                    case 0: buf[pos] ^= (byte) (1 << rnd.nextInt(8)); break;             // bit flip
                    case 1: buf[pos] = (byte) rnd.nextInt(256); break;                   // random byte
                    case 2: buf[pos] = (byte) new int[] {0, 1, 2, 3, 4, 0xff, 0x7f}[rnd.nextInt(7)]; break; // length-ish values
                    case 3: len = rnd.nextInt(len + 1); break;                            // truncate
                    default: buf[pos] = (byte) (buf[pos] + rnd.nextInt(5) - 2); break;   // length byte +-2
                }
            }
            r.buf = buf;
            r.offset = off;
            r.capLen = len;
            r.origLen = rnd.nextBoolean() ? len : len + rnd.nextInt(100);
            r.linkType = rnd.nextInt(20) == 0 ? LINK_TYPES[rnd.nextInt(LINK_TYPES.length)] : s.linkType;

            dec.decode(r, d);
            int end = off + len;
            if (d.tcp) {
                withTcp++;
                assertTrue(d.tcpOffset + 20 <= end);
                // payloadOffset may point past the captured bytes when none of the payload was captured
                assertTrue(d.payloadCaptured == 0 || d.payloadOffset + d.payloadCaptured <= end,
                        "payload " + d.payloadOffset + "+" + d.payloadCaptured + " end " + end + " lt " + r.linkType + " ip " + d.ipVersion + " " + Bytes.hex(buf, off, Math.min(len, 80)));
            }
            for (int k = 0; k < d.mptcpCount; k++) {
                int o = d.mptcpOffset[k], l = d.mptcpLength[k];
                assertTrue(o >= off && l >= 1 && o + l <= end, "option bounds");
                Anomaly a = MptcpOption.check(buf, o, l, d.tcpFlags);
                if ((it & 7) == 0) assertNotNull(MptcpOption.summary(buf, o, l, d.tcpFlags));
                if (a != null) continue;
                wellFormedOptions++;
                switch (MptcpOption.subtype(buf, o)) {
                    case MptcpOption.MP_CAPABLE:
                        mpc.wrap(buf, o, l);
                        sink += mpc.version() + mpc.flags() + mpc.senderKey() + mpc.receiverKey()
                                + mpc.dataLevelLength() + mpc.checksum();
                        break;
                    case MptcpOption.MP_JOIN:
                        join.wrap(buf, o, l);
                        sink += join.addressId() + join.receiverToken() + join.senderRandom() + join.truncatedHmac();
                        join.hmac(scratch);
                        assertNotNull(join.form());
                        break;
                    case MptcpOption.DSS:
                        dss.wrap(buf, o, l);
                        sink += dss.dataAck() + dss.dsn() + dss.subflowSeq() + dss.dataLevelLength() + dss.checksum();
                        break;
                    case MptcpOption.ADD_ADDR:
                        aa.wrap(buf, o, l);
                        sink += aa.addressId() + aa.address(scratch) + aa.port() + aa.truncatedHmac() + aa.ipVersion();
                        break;
                    case MptcpOption.REMOVE_ADDR:
                        ra.wrap(buf, o, l);
                        for (int i = 0; i < ra.count(); i++) sink += ra.addressId(i);
                        break;
                    case MptcpOption.MP_PRIO: prio.wrap(buf, o, l); sink += prio.addressId(); break;
                    case MptcpOption.MP_FAIL: sink += fail.wrap(buf, o, l).dsn(); break;
                    case MptcpOption.MP_FASTCLOSE: sink += fc.wrap(buf, o, l).receiverKey(); break;
                    case MptcpOption.MP_TCPRST: rst.wrap(buf, o, l); sink += rst.reason() + rst.flags(); break;
                    default: break;
                }
            }
        }
        // the mutations must leave enough real packets for the test to mean something
        assertTrue(withTcp > ITERATIONS / 2, "tcp decoded " + withTcp);
        assertTrue(wellFormedOptions > ITERATIONS / 4, "well-formed options " + wellFormedOptions);
        assertNotEquals(42, sink); // keep the reads alive
    }

    /** Random bytes straight into the option checker and summary, at every length. */
    @Test
    void randomOptionBytesNeverThrow() {
        Random rnd = new Random(7);
        byte[] b = new byte[48];
        for (int it = 0; it < 50_000; it++) {
            rnd.nextBytes(b);
            b[1] = (byte) rnd.nextInt(44);
            int len = rnd.nextInt(44);
            int flags = rnd.nextInt(257) - 1;
            MptcpOption.check(b, 0, len, flags);
            assertNotNull(MptcpOption.summary(b, 0, len, flags));
        }
    }
}
