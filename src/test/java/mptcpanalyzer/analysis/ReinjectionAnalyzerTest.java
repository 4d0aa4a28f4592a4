package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import mptcpanalyzer.analysis.ReinjectionAnalyzer.Input;
import mptcpanalyzer.model.ReinjectionIndex;
import mptcpanalyzer.model.ReinjectionIndex.SummaryRow;
import mptcpanalyzer.testutil.DupOracle;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reinjection core against an independent literal byte-by-byte computation ({@link
 * DupOracle}): on real captures (input columns from tshark's golden fields, since tshark's
 * {@code mptcp.rawdsn64} is right for these v1 captures) and on hand-made cases.
 *
 * <p>Where tshark 4.0.17 differs (checked below): its {@code mptcp.reinjection_of} misses some
 * duplicates (v1-lossy frame 471, whose DSN range was carried by frame 382 on the other subflow)
 * and may list frames of the same subflow; {@code mptcp.reinjected_in} is never set.
 */
class ReinjectionAnalyzerTest {
    static Stream<Path> goldens() throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Golden.TESTDATA.resolve("golden"))) {
            s.filter(p -> p.toString().endsWith(".tsv")).sorted().forEach(out::add);
        }
        // held-out captures for local validation: -Dheldout.golden=/tmp/heldout/golden
        String extra = System.getProperty("heldout.golden");
        if (extra != null) {
            try (Stream<Path> s = Files.list(Path.of(extra))) {
                s.filter(p -> p.toString().endsWith(".tsv")).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    /** Checks every output of the core against the oracle on the same input. */
    static void assertMatchesOracle(Input in, String what) {
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        DupOracle o = DupOracle.of(in);
        assertEquals(o.dups.size(), x.duplicates(), what + ": duplicate frames " + frames(x)
                + " (expected: " + o.dups.stream().map(DupOracle.Dup::frame).toList() + ")");
        for (int k = 0; k < x.duplicates(); k++) {
            DupOracle.Dup d = o.dups.get(k);
            String at = what + " frame " + d.frame();
            assertEquals(d.frame(), x.frame(k), at);
            assertEquals(d.original(), x.originalFrame(k), at + " original_frame");
            assertEquals(d.subflow(), x.subflow(k), at + " subflow");
            assertEquals(d.originalSubflow(), x.originalSubflow(k), at + " original_subflow");
            assertEquals(d.role(), x.role(k), at + " role");
            assertEquals(d.bytes(), x.bytes(k), at + " bytes");
            assertEquals(d.ackedBefore(), x.ackedBefore(k), at + " acked_before");
            assertEquals(d.retransmitted(), x.retransmittedBytes(k), at + " retransmitted_bytes");
            assertEquals(d.resent(), x.resentBytes(k), at + " resent_bytes");
            assertEquals(d.delayNanos(), x.delayNanos(k), at + " delay");
            assertEquals(d.reinjectionOf(), list(x.reinjectionOf(d.frame() - 1)), at + " reinjection_of");
        }
        for (int i = 0; i < in.n; i++) {
            TreeSet<Integer> later = o.reinjectedIn.getOrDefault(i + 1, new TreeSet<>());
            assertEquals(List.copyOf(later), list(x.reinjectedIn(i)), what + " reinjected_in of " + (i + 1));
        }
        TreeMap<String, String> want = new TreeMap<>();
        o.summary.forEach((k, v) -> {
            int conn = (Integer) k.get(0);
            int role = (Integer) k.get(1);
            String kind = (String) k.get(2);
            int to = (Integer) k.get(4);
            long data = kind.equals("reinjection") || to < 0 ? o.connData.get(List.of(conn, role))
                    : o.subData.get(List.of(to, role));
            want.put(k.toString(), v[0] + " frames " + v[1] + " bytes of " + data);
        });
        TreeMap<String, String> got = new TreeMap<>();
        for (SummaryRow r : x.summary()) {
            if (r.frames() == 0) {
                assertEquals(0, r.bytes(), what + " " + r);
                assertTrue(r.from() < 0, what + " detail rows are only for costs: " + r);
                continue;
            }
            got.put(List.of(r.conn(), r.role(), r.kind(), r.from(), r.to()).toString(),
                    r.frames() + " frames " + r.bytes() + " bytes of " + r.dataBytes());
        }
        assertEquals(want, got, what + " summary");
    }

    static List<Integer> frames(ReinjectionIndex x) {
        List<Integer> l = new ArrayList<>();
        for (int k = 0; k < x.duplicates(); k++) l.add(x.frame(k));
        return l;
    }

    static List<Integer> list(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) l.add(v);
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void realCapturesMatchTheLiteralDefinition(Path tsv) {
        assertMatchesOracle(DupOracle.fromGolden(tsv), tsv.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyFrameTsharkFlagsIsADuplicateOrASameSubflowRetransmission(Path tsv) throws Exception {
        Input in = DupOracle.fromGolden(tsv);
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        Set<Integer> ours = new TreeSet<>(frames(x));
        List<String> lines = Files.readAllLines(tsv);
        int col = List.of(lines.get(0).split("\t", -1)).indexOf("mptcp.reinjection_of");
        int in2 = List.of(lines.get(0).split("\t", -1)).indexOf("mptcp.reinjected_in");
        int map = List.of(lines.get(0).split("\t", -1)).indexOf("tcp.options.mptcp.rawdataseqno");
        int cMapLen = List.of(lines.get(0).split("\t", -1)).indexOf("tcp.options.mptcp.datalvllen");
        for (int f = 1; f < lines.size(); f++) {
            String[] r = lines.get(f).split("\t", -1);
            assertEquals("", r[in2], "tshark never sets mptcp.reinjected_in");
            if (r[col].isEmpty()) continue;
            assertTrue(ours.contains(f), tsv.getFileName() + ": tshark flags frame " + f);
            // tshark's earlier frames are ours, plus frames of the same subflow, plus frames
            // whose DSS mapping (not their own bytes) overlaps: tshark compares mappings
            for (String s : r[col].split(",")) {
                int j = Integer.parseInt(s);
                boolean mine = list(x.reinjectionOf(f - 1)).contains(j);
                String[] rj = lines.get(j).split("\t", -1);
                long mapStart = Long.parseUnsignedLong(rj[map]);
                long mapLen = Long.parseLong(rj[cMapLen]);
                long d = in.rawDsn[f - 1] - mapStart;
                boolean mappingOverlaps = d < mapLen && -d < in.len[f - 1];
                assertTrue(mine || in.subflow[j - 1] == in.subflow[f - 1] || mappingOverlaps,
                        tsv.getFileName() + " frame " + f + " reinjection_of " + j);
            }
        }
    }

    @Test
    void tsharkMissesFrame471OfV1Lossy() throws Exception {
        Path tsv = Golden.TESTDATA.resolve("golden/v1-lossy.pcap.tsv");
        DupOracle o = DupOracle.of(DupOracle.fromGolden(tsv));
        Set<Integer> literal = new TreeSet<>();
        for (DupOracle.Dup d : o.dups) literal.add(d.frame());
        Golden g = Golden.of(Golden.TESTDATA.resolve("v1-lossy.pcap"));
        Set<Integer> tshark = new TreeSet<>();
        for (int f = 1; f <= g.size(); f++) if (!g.get(f, "mptcp.reinjection_of").isEmpty()) tshark.add(f);
        assertEquals(46, tshark.size());
        literal.removeAll(tshark);
        assertEquals(Set.of(471), literal);
        // frame 471 (subflow 1) carries the DSN range frame 382 carried on subflow 0
        assertEquals(g.get(382, "mptcp.rawdsn64"), g.get(471, "mptcp.rawdsn64"));
        assertEquals("0", g.get(382, "tcp.stream"));
        assertEquals("1", g.get(471, "tcp.stream"));
    }

    @Test
    void aCaptureWithoutReinjectionsReportsNone() {
        for (String name : List.of("v1-2paths.pcap.tsv", "v1-3paths-ipv6.pcap.tsv", "v1-tso.pcap.tsv")) {
            ReinjectionIndex x = ReinjectionAnalyzer.analyze(
                    DupOracle.fromGolden(Golden.TESTDATA.resolve("golden").resolve(name)));
            assertEquals(0, x.duplicates(), name);
        }
    }

    // ---- hand-made inputs -------------------------------------------------------------------

    /** A builder of synthetic packets: one connection (0), subflows given per packet. */
    static final class Synth {
        final List<long[]> pkts = new ArrayList<>();

        /** Data packet: subflow, role, dsn, len, tcp seq. */
        Synth data(int subflow, int role, long dsn, int len, long seq) {
            pkts.add(new long[] {0, subflow, role, dsn, len, seq, 0, 0});
            return this;
        }

        /** Pure DATA_ACK packet sent by {@code role} on {@code subflow}. */
        Synth ack(int subflow, int role, long dack) {
            pkts.add(new long[] {0, subflow, role, 0, 0, 0, 1, dack});
            return this;
        }

        /** Packet of another connection. */
        Synth otherConn(int subflow, int role, long dsn, int len, long seq) {
            pkts.add(new long[] {1, subflow, role, dsn, len, seq, 0, 0});
            return this;
        }

        Input build() {
            Input in = new Input(pkts.size());
            for (int i = 0; i < pkts.size(); i++) {
                long[] p = pkts.get(i);
                in.conn[i] = (int) p[0];
                in.subflow[i] = (int) p[1];
                in.role[i] = (int) p[2];
                in.len[i] = (int) p[4];
                in.seq[i] = (int) p[5];
                in.hasDsn[i] = p[4] > 0;
                in.rawDsn[i] = p[3];
                in.hasDataAck[i] = p[6] != 0;
                in.rawDataAck[i] = p[7];
                in.tsNanos[i] = 1_000_000L * i;
            }
            return in;
        }
    }

    @Test
    void partialOverlaps() {
        Input in = new Synth()
                .data(0, 0, 0, 1000, 0)         // 1
                .data(1, 0, 0, 500, 0)          // 2: half of frame 1 again
                .data(0, 0, 1000, 1000, 1000)   // 3
                .data(0, 0, 2000, 1000, 2000)   // 4
                .data(1, 0, 1500, 1000, 500)    // 5: overlaps 3 and 4 (500 bytes each)
                .data(1, 0, 3000, 500, 1500)    // 6: new data
                .data(1, 0, 2500, 1000, 2000)   // 7: 500 of frame 4, 500 of frame 6 (same subflow)
                .build();
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        assertEquals(List.of(2, 5, 7), frames(x));
        assertEquals(1, x.originalFrame(0));
        assertEquals(500, x.bytes(0));
        assertEquals(3, x.originalFrame(1));
        assertEquals(1000, x.bytes(1));
        assertEquals(List.of(3, 4), list(x.reinjectionOf(4)));
        assertEquals(List.of(5), list(x.reinjectedIn(2)));
        assertEquals(List.of(5, 7), list(x.reinjectedIn(3)));
        assertEquals(4, x.originalFrame(2));
        assertEquals(500, x.bytes(2));
        assertEquals(500, x.resentBytes(2), "bytes 3000..3500 were on subflow 1 (frame 6) under other TCP sequence numbers");
        assertEquals(0, x.retransmittedBytes(2));
        assertEquals(List.of(), list(x.reinjectionOf(5)));
        assertFalse(x.ackedBefore(1));
        assertEquals(2_000_000L, x.delayNanos(1));
        assertMatchesOracle(in, "partial");
    }

    @Test
    void sameSubflowRetransmissionsOnlyAreNoReinjection() {
        Input in = new Synth()
                .data(0, 0, 0, 1000, 0)
                .data(1, 0, 1000, 1000, 0)
                .data(0, 0, 0, 1000, 0)          // TCP retransmission on subflow 0
                .data(1, 0, 1500, 500, 500)      // partial TCP retransmission on subflow 1
                .data(0, 1, 0, 1000, 0)          // other direction, same DSN: unrelated space
                .otherConn(2, 0, 0, 1000, 0)     // other connection, same DSN
                .build();
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        assertEquals(0, x.duplicates());
        long retrans = 0;
        for (SummaryRow r : x.summary()) {
            if (r.kind().equals("retransmission") && r.conn() == 0 && r.role() == 0 && r.from() < 0) retrans = r.bytes();
            if (r.kind().equals("reinjection")) assertEquals(0, r.bytes(), r.toString());
        }
        assertEquals(1500, retrans);
        assertMatchesOracle(in, "retransmissions only");
    }

    @Test
    void ackedBeforeNeedsADataAckFromThePeerCoveringEveryDuplicatedByte() {
        Input in = new Synth()
                .data(0, 0, 100, 1000, 0)     // 1
                .ack(0, 1, 600)               // 2: covers only 100..600
                .data(1, 0, 100, 1000, 0)     // 3: not acked before
                .ack(1, 0, 5000)              // 4: our own direction's ack: irrelevant
                .ack(0, 1, 1100)              // 5: covers all
                .data(1, 0, 600, 500, 1000)   // 6: acked before
                .build();
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        assertEquals(List.of(3, 6), frames(x));
        assertFalse(x.ackedBefore(0));
        assertTrue(x.ackedBefore(1));
        assertEquals(0, x.retransmittedBytes(1), "TCP seq 1000..1500 of subflow 1 is new");
        assertEquals(500, x.resentBytes(1), "DSN 600..1100 came on subflow 1 with frame 3");
        assertMatchesOracle(in, "acks");
    }

    @Test
    void dsnAndTcpSequenceWrapAround() {
        long nearTop = -700L; // 2^64 - 700
        long seqTop = 0xffffff00L; // 256 bytes before the 32-bit wrap
        Input in = new Synth()
                .data(0, 0, nearTop, 1000, seqTop)
                .data(0, 0, nearTop + 1000, 1000, seqTop + 1000)
                .data(1, 0, nearTop + 500, 1000, 0)            // crosses 2^64: 1000 dup bytes
                .data(0, 0, nearTop + 900, 200, seqTop + 900)  // crosses 2^32: TCP retransmission
                .build();
        ReinjectionIndex x = ReinjectionAnalyzer.analyze(in);
        assertEquals(List.of(3, 4), frames(x));
        assertEquals(1000, x.bytes(0));
        assertEquals(List.of(1, 2), list(x.reinjectionOf(2)));
        assertEquals(200, x.retransmittedBytes(1));
        assertEquals(200, x.bytes(1));
        assertMatchesOracle(in, "wrap");
    }

    @Test
    void randomInputsMatchTheOracle() {
        java.util.Random rnd = new java.util.Random(12345);
        for (int round = 0; round < 200; round++) {
            Synth s = new Synth();
            long[] next = new long[6];
            int count = 5 + rnd.nextInt(40);
            for (int p = 0; p < count; p++) {
                int sub = rnd.nextInt(3);
                int role = rnd.nextInt(2);
                if (rnd.nextInt(6) == 0) {
                    s.ack(sub, 1 - role, rnd.nextInt(3000));
                    continue;
                }
                long dsn = rnd.nextInt(3000);
                int len = 1 + rnd.nextInt(400);
                long seq = rnd.nextBoolean() ? next[sub * 2 + role] : rnd.nextInt(2000);
                next[sub * 2 + role] = seq + len;
                s.data(sub, role, dsn, len, seq);
            }
            assertMatchesOracle(s.build(), "random round " + round);
        }
    }

    /**
     * Mostly in-order data over a long DSN range: many separate groups of overlapping ranges
     * (touching ranges, reinjections of a few segments back, ranges out of frame order), the
     * shape of a real bulk transfer, where most frames overlap nothing.
     */
    @Test
    void sparseOverlapsMatchTheOracle() {
        java.util.Random rnd = new java.util.Random(777);
        for (int round = 0; round < 200; round++) {
            Synth s = new Synth();
            long[] next = new long[6];
            List<long[]> sent = new ArrayList<>(); // dsn, len
            long dsn = rnd.nextBoolean() ? 0 : -1L - rnd.nextInt(5000); // sometimes across 2^64
            int count = 20 + rnd.nextInt(60);
            boolean inOrder = rnd.nextBoolean();
            for (int p = 0; p < count; p++) {
                int sub = rnd.nextInt(2);
                int role = rnd.nextInt(4) == 0 ? 1 : 0;
                int kind = rnd.nextInt(10);
                if (kind == 0) {
                    s.ack(sub, 1 - role, dsn - rnd.nextInt(500));
                    continue;
                }
                long d;
                int len;
                if (kind == 1 && !sent.isEmpty()) { // reinjection or resend of an earlier range
                    long[] old = sent.get(sent.size() - 1 - rnd.nextInt(Math.min(4, sent.size())));
                    d = old[0] + rnd.nextInt((int) old[1]);
                    len = 1 + rnd.nextInt(150);
                } else if (kind == 2 && !inOrder) { // out of frame order: jump ahead, fill later
                    d = dsn + 100 + rnd.nextInt(300);
                    len = 1 + rnd.nextInt(100);
                } else {
                    d = dsn;
                    len = 1 + rnd.nextInt(100);
                    dsn += len + (rnd.nextInt(8) == 0 ? rnd.nextInt(50) : 0);
                }
                long seq = rnd.nextInt(5) == 0 ? Math.max(0, next[sub * 2 + role] - rnd.nextInt(200))
                        : next[sub * 2 + role];
                next[sub * 2 + role] = Math.max(next[sub * 2 + role], seq + len);
                sent.add(new long[] {d, len});
                s.data(sub, role, d, len, seq);
            }
            assertMatchesOracle(s.build(), "sparse round " + round);
        }
    }

    @Test
    void noMptcpMeansEmpty() {
        Input in = new Input(3);
        in.subflow[0] = 0;
        in.len[0] = 100;
        assertEquals(0, ReinjectionAnalyzer.analyze(in).duplicates());
        assertArrayEquals(new int[0], ReinjectionAnalyzer.analyze(in).reinjectionOf(0));
    }
}
