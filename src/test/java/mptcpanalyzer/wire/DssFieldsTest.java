package mptcpanalyzer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.Captures;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.wire.mptcp.Dss;
import mptcpanalyzer.wire.mptcp.MptcpOption;
import org.junit.jupiter.api.Test;

/**
 * The DSS fields the decoder reads for the analysis ({@link DecodedPacket#dssAck} and the like)
 * are the ones the {@link Dss} view reads, for every well-formed DSS option of every capture of
 * testdata/ (v0 and v1, 4- and 8-byte DATA_ACKs and DSNs, with and without checksums, the
 * crafted and damaged ones).
 */
class DssFieldsTest {
    @Test
    void decoderFieldsEqualTheViewsOnEveryCapture() throws IOException {
        List<Path> captures;
        try (Stream<Path> s = Files.walk(Path.of("testdata"))) {
            captures = s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng"))
                    .sorted().toList();
        }
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        Dss view = new Dss();
        int options = 0;
        int ack4 = 0;
        int ack8 = 0;
        int checksums = 0;
        for (Path p : captures) {
            try (CaptureReader r = Captures.open(p)) {
                PacketRecord rec = new PacketRecord();
                int frame = 0;
                while (r.next(rec)) {
                    frame++;
                    dec.decode(rec, d);
                    for (int k = 0; k < d.mptcpCount; k++) {
                        int off = d.mptcpOffset[k];
                        int len = d.mptcpLength[k];
                        if (d.mptcpBad[k] >= 0 || MptcpOption.subtype(d.buf, off) != MptcpOption.DSS) continue;
                        Dss v = view.wrap(d.buf, off, len);
                        String where = p + " frame " + frame + " option " + k;
                        options++;
                        if (v.dataAckPresent()) {
                            assertEquals(v.dataAck(), d.dssAck[k], where);
                            if (v.dataAck8()) ack8++;
                            else ack4++;
                        }
                        if (!v.dsnPresent()) continue;
                        assertEquals(v.dsn(), d.dssDsn[k], where);
                        assertEquals(v.subflowSeq(), d.dssSsn[k], where);
                        assertEquals(v.dataLevelLength(), d.dssDll[k], where);
                        assertEquals(v.hasChecksum() ? v.checksum() : -1, d.dssChecksum[k], where);
                        if (v.hasChecksum()) checksums++;
                    }
                }
            }
        }
        assertTrue(options > 1_000, "DSS options: " + options);
        assertTrue(ack4 > 0 && ack8 > 0 && checksums > 0, ack4 + " 4-byte, " + ack8 + " 8-byte, "
                + checksums + " with checksum");
    }
}
