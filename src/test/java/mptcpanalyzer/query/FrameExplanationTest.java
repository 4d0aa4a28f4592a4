package mptcpanalyzer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.capture.RecordAt;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.render.Table;
import mptcpanalyzer.testutil.Golden;
import mptcpanalyzer.wire.mptcp.MptcpOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain}: each MPTCP option of a frame named with its fields, checked against tshark. */
class FrameExplanationTest {
    static Table explain(Trace t, int frame) throws IOException {
        PacketRecord rec = RecordAt.read(t.path(), frame, t.packets().fileOffset(frame - 1));
        return FrameExplanation.of(t, frame, rec);
    }

    /** Values of {@code field} in rows of layers starting with "mptcp". */
    static List<String> mptcpValues(Table t, String field) {
        List<String> out = new ArrayList<>();
        for (Object[] r : t.rows()) {
            if (((String) r[0]).startsWith("mptcp") && field.equals(r[4]) && r[5] != null) out.add(r[5].toString());
        }
        return out;
    }

    static List<String> optionLayers(Table t) {
        List<String> out = new ArrayList<>();
        for (Object[] r : t.rows()) if (((String) r[0]).startsWith("mptcp") && !out.contains(r[0])) out.add((String) r[0]);
        return out;
    }

    @Test
    void everyMptcpOptionIsNamedWithTsharksFieldValues() throws IOException {
        int frames = 0;
        for (String f : List.of("testdata/demo.pcap", "testdata/v1-checksum.pcap", "testdata/v1-add-remove.pcap",
                "testdata/v1-fastclose.pcap", "testdata/public/tcpdump/mptcp-v0.pcap")) {
            Golden g = Golden.of(Path.of(f));
            Trace t = Loader.load(Path.of(f), null);
            for (int frame = 1; frame <= g.size(); frame += 3) {
                List<String> subtypes = g.all(frame, "tcp.options.mptcp.subtype");
                Table e = explain(t, frame);
                List<String> layers = optionLayers(e);
                assertEquals(subtypes.size(), layers.size(), f + " frame " + frame + ": " + layers);
                for (int k = 0; k < subtypes.size(); k++) {
                    assertEquals("mptcp " + (k + 1) + " " + MptcpOption.name(Integer.parseInt(subtypes.get(k))),
                            layers.get(k), f + " frame " + frame);
                }
                check(g, e, frame, "tcp.options.mptcp.rawdataseqno", f);
                check(g, e, frame, "tcp.options.mptcp.subflowseqno", f);
                check(g, e, frame, "tcp.options.mptcp.datalvllen", f);
                check(g, e, frame, "tcp.options.mptcp.addrid", f);
                List<String> reasons = new ArrayList<>();
                for (String r : g.all(frame, "tcp.options.mptcp.rst_reason")) reasons.add(String.valueOf(Integer.decode(r)));
                assertEquals(reasons, mptcpValues(e, "tcp.options.mptcp.rst_reason"), f + " frame " + frame);
                checkHex(g, e, frame, "tcp.options.mptcp.sendkey", f);
                checkHex(g, e, frame, "tcp.options.mptcp.recvtok", f);
                if (!subtypes.isEmpty()) frames++;
            }
        }
        assertTrue(frames > 100, "frames checked: " + frames);
    }

    private static void check(Golden g, Table e, int frame, String field, String f) {
        List<String> want = g.all(frame, field);
        assertEquals(want, mptcpValues(e, field), f + " frame " + frame + " " + field);
    }

    /** tshark prints keys and tokens in decimal; we show 0x-hex. */
    private static void checkHex(Golden g, Table e, int frame, String field, String f) {
        List<String> got = new ArrayList<>();
        for (String v : mptcpValues(e, field)) got.add(Long.toUnsignedString(Long.parseUnsignedLong(v.substring(2), 16)));
        assertEquals(g.all(frame, field), got, f + " frame " + frame + " " + field);
    }

    @Test
    void dssFlagsAreExplainedOneByOne() throws IOException {
        Trace t = Loader.load(Path.of("testdata/v1-lossy.pcap"), null);
        Table e = explain(t, 132);
        List<String> meanings = new ArrayList<>();
        for (Object[] r : e.rows()) if (((String) r[4]).startsWith("flag ")) meanings.add((String) r[6]);
        assertTrue(meanings.contains("M: DSN present, 8 bytes (with subflow sequence number and data-level length: a mapping)"), meanings.toString());
        assertTrue(meanings.contains("A: DATA_ACK present, 8 bytes"), meanings.toString());
        assertEquals(5, meanings.size());
    }

    @Test
    void rawBytesAndHexOffsetsAreThoseOfTheFrame() throws IOException {
        Trace t = Loader.load(Path.of("testdata/demo.pcap"), null);
        byte[] file = Files.readAllBytes(t.path());
        // pcap record header is 16 bytes; the frame's bytes follow
        int base = (int) t.packets().fileOffset(6) + 16;
        for (Object[] r : explain(t, 7).rows()) {
            if (r[1] == null || r[3] == null || ((String) r[3]).isEmpty()) continue;
            int off = Integer.parseInt(((String) r[1]).substring(2), 16);
            String[] hex = ((String) r[3]).split(" ");
            for (int k = 0; k < hex.length; k++) {
                assertEquals(String.format("%02x", file[base + off + k] & 0xff), hex[k], r[4] + " at " + r[1]);
            }
        }
    }

    @Test
    void malformedOptionBytesAreShownNotHidden() throws IOException {
        Trace t = Loader.load(Path.of("testdata/public/tcpdump/mptcp-dss-oobr.pcap"), null);
        Table e = explain(t, 1);
        boolean shown = false;
        for (Object[] r : e.rows()) {
            if (((String) r[0]).startsWith("mptcp") && "tcp.option_len".equals(r[4])) {
                assertTrue(((String) r[6]).contains("mptcp_option_bad_length"), (String) r[6]);
                shown = true;
            }
        }
        assertTrue(shown);
        boolean anomaly = false;
        for (Object[] r : e.rows()) anomaly |= "anomaly".equals(r[4]) && "mptcp_option_bad_length".equals(r[5]);
        assertTrue(anomaly, "the analysis section lists the frame's anomaly");
    }

    @Test
    void gzipCaptureGivesTheSameExplanation(@TempDir Path dir) throws IOException {
        Path plain = Path.of("testdata/v1-backup.pcapng");
        Path gz = dir.resolve("backup.pcapng.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(plain));
        }
        Trace a = Loader.load(plain, null), b = Loader.load(gz, null);
        for (int frame : new int[] {1, 6, 100, a.packets().size()}) {
            Table x = explain(a, frame), y = explain(b, frame);
            assertEquals(x.rows().size(), y.rows().size());
            for (int k = 0; k < x.rows().size(); k++) {
                assertEquals(java.util.Arrays.asList(x.rows().get(k)), java.util.Arrays.asList(y.rows().get(k)));
            }
        }
    }
}
