package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DataLevelGoldenTest {
    static List<Path> captures() {
        if (System.getProperty("heldout") != null) return List.of(Path.of("/tmp/heldout/h1-ipv6-multiconn.pcap"), Path.of("/tmp/heldout/h2-strip.pcap"), Path.of("/tmp/heldout/h3-lossy-tso.pcap"));
        return Golden.captures(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dump(Path capture) throws IOException {
        Trace t = Loader.load(capture, null);
        Golden g = capture.toString().startsWith("/tmp") ? Golden.ofFile(capture, Path.of("/tmp/heldout/golden").resolve(capture.getFileName() + ".tsv")) : Golden.of(capture);
        DataLevel d = t.dataLevel();
        PacketTable p = t.packets();
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (int f = 1; f <= g.size(); f++) {
            int i = f - 1;
            if (p.subflow(i) < 0 || p.payloadLen(i) == 0) continue;
            String raw = g.get(f, "mptcp.rawdsn64");
            String rel = g.get(f, "mptcp.dsn");
            String rm = g.get(f, "mptcp.related_mapping");
            if (raw.isEmpty() && rm.isEmpty()) continue;
            checked++;
            String ours = d.hasDsn(i) ? Long.toUnsignedString(d.rawDsn(i)) : "";
            String oursRel = d.hasRelativeDsn(i) ? Long.toUnsignedString(d.relativeDsn(i)) : "";
            String oursRm = Arrays.toString(d.relatedMappings(i));
            boolean rmOk = rm.isEmpty() || Arrays.stream(d.relatedMappings(i)).anyMatch(x -> String.valueOf(x).equals(rm));
            if (!raw.equals(ours) || !rel.equals(oursRel) || !rmOk) {
                bad.add(f + ": tshark raw=" + raw + " rel=" + rel + " rm=" + rm + " | ours raw=" + ours + " rel=" + oursRel + " rm=" + oursRm);
            }
        }
        int ackBad = 0;
        for (int f = 1; f <= g.size(); f++) {
            int i = f - 1;
            String ack = g.get(f, "mptcp.ack");
            if (g.get(f, "tcp.options.mptcp.rawdataack").isEmpty()) continue;
            String ours = d.hasRelativeDataAck(i) ? Long.toUnsignedString(d.relativeDataAck(i)) : "";
            if (!ack.equals(ours)) { if (ackBad++ < 5) bad.add(f + ": ack tshark " + ack + " ours " + ours); }
        }
        System.out.println("== " + capture + " checked " + checked + " bad " + bad.size() + " ackbad " + ackBad);
        int[] v = new int[4];
        var ms = d.mappings();
        for (int m = 0; m < ms.count(); m++) v[ms.checksum(m)]++;
        System.out.println("  mappings " + ms.count() + " checksum none/ok/bad/unverif " + Arrays.toString(v));
        bad.stream().limit(15).forEach(System.out::println);
        for (int k = 0; k < t.anomalies().size(); k++) {
            if (t.anomalies().anomaly(k).id().startsWith("d")) System.out.println("  anomaly " + t.anomalies().frame(k) + " " + t.anomalies().anomaly(k).id() + " " + t.anomalies().detail(k));
        }
    }
}
