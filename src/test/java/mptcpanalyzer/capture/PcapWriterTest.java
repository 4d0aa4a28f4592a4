package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Files written by {@link PcapWriter} read back with the same packets through our readers. */
class PcapWriterTest {
    @TempDir Path dir;

    /** A packet as read, without where it was in its file. */
    record Pkt(byte[] data, int origLen, long tsNanos, int linkType) {
        static Pkt of(PacketRecord r) {
            return new Pkt(Arrays.copyOfRange(r.buf, r.offset, r.offset + r.capLen), r.origLen,
                    r.tsNanos, r.linkType);
        }

        PacketRecord record(int iface) {
            PacketRecord r = new PacketRecord();
            r.buf = data;
            r.capLen = data.length;
            r.origLen = origLen;
            r.tsNanos = tsNanos;
            r.linkType = linkType;
            r.interfaceId = iface;
            return r;
        }
    }

    static List<Pkt> read(Path p, List<Long> offsets) throws IOException {
        List<Pkt> out = new ArrayList<>();
        try (CaptureReader r = Captures.open(p)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                out.add(Pkt.of(rec));
                if (offsets != null) offsets.add(rec.fileOffset);
            }
            assertEquals(null, r.damage(), p + " reads to its end");
        }
        return out;
    }

    static void assertSamePackets(List<Pkt> want, List<Pkt> got) {
        assertEquals(want.size(), got.size(), "packet count");
        for (int i = 0; i < want.size(); i++) {
            Pkt w = want.get(i), g = got.get(i);
            String at = "frame " + (i + 1);
            assertArrayEquals(w.data(), g.data(), at + " bytes");
            assertEquals(w.origLen(), g.origLen(), at + " wire length");
            assertEquals(w.tsNanos(), g.tsNanos(), at + " timestamp");
            assertEquals(w.linkType(), g.linkType(), at + " link type");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "v1-2paths.pcap, out.pcap",
        "v1-2paths.pcap, out.pcapng",
        "v1-2paths.pcap, out.pcap.gz",
        "v1-backup.pcapng, out.pcap",
        "v1-backup.pcapng, out.pcapng.gz",
        "v1-parallel-eth.pcap, out.pcapng",
        "public/tcpdump/mptcp-v0.pcap, out.pcap",
        "public/ptcpdump/mptcp.pcap, out.pcapng",
    })
    void everyPacketReadsBackIdentically(String source, String out) throws IOException {
        Path src = Path.of("testdata", source);
        List<Pkt> original = read(src, null);
        List<Integer> linkTypes;
        try (CaptureReader r = Captures.open(src)) {
            linkTypes = List.copyOf(r.linkTypes());
        }
        Path dest = dir.resolve(out);
        List<Long> writtenAt = new ArrayList<>();
        try (PcapWriter w = PcapWriter.create(dest, PcapWriter.kindFor(dest), linkTypes, 65535)) {
            for (Pkt p : original) writtenAt.add(w.write(p.record(0)));
        }
        List<Long> readAt = new ArrayList<>();
        assertSamePackets(original, read(dest, readAt));
        assertEquals(readAt, writtenAt, "write() returns the offset a reader reports");
        String format;
        try (CaptureReader r = Captures.open(dest)) {
            format = r.format();
        }
        String kind = out.contains(".pcapng") ? "pcapng" : "pcap-ns";
        assertEquals(out.endsWith(".gz") ? kind + "+gzip" : kind, format);
    }

    @Test
    void headersFollowTheFileFormats() throws IOException {
        Path pcap = dir.resolve("a.pcap");
        PcapWriter.create(pcap, PcapWriter.Kind.PCAP, List.of(LinkTypes.LINUX_SLL), 96).close();
        byte[] b = Files.readAllBytes(pcap);
        // little-endian nanosecond magic a1b23c4d, version 2.4, snaplen 96, link type 113
        assertArrayEquals(new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 96, 0, 0, 0, 113, 0, 0, 0}, b);
        Path ng = dir.resolve("a.pcapng");
        PcapWriter.create(ng, PcapWriter.Kind.PCAPNG, List.of(1), 96).close();
        byte[] n = Files.readAllBytes(ng);
        assertEquals(28, n.length, "a section header block alone");
        assertArrayEquals(new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a},
                Arrays.copyOf(n, 12));
    }

    @Test
    void pcapngKeepsSeveralLinkTypes() throws IOException {
        List<Pkt> two = List.of(
                new Pkt(new byte[] {1, 2, 3}, 60, 1_700_000_000_123_456_789L, LinkTypes.ETHERNET),
                new Pkt(new byte[] {4, 5, 6, 7, 8}, 5, 1_700_000_001_000_000_001L, LinkTypes.RAW),
                new Pkt(new byte[] {9}, 1, 1_700_000_002_999_999_999L, LinkTypes.ETHERNET));
        Path dest = dir.resolve("mixed.pcapng");
        try (PcapWriter w = PcapWriter.create(dest, PcapWriter.Kind.PCAPNG,
                List.of(LinkTypes.ETHERNET, LinkTypes.RAW), 0)) {
            w.write(two.get(0).record(0));
            w.write(two.get(1).record(1));
            w.write(two.get(2).record(0));
        }
        assertSamePackets(two, read(dest, null));
        try (CaptureReader r = Captures.open(dest)) {
            PacketRecord rec = new PacketRecord();
            List<Integer> ifaces = new ArrayList<>();
            while (r.next(rec)) ifaces.add(rec.interfaceId);
            assertEquals(List.of(0, 1, 0), ifaces);
            assertEquals(List.of(LinkTypes.ETHERNET, LinkTypes.RAW), r.linkTypes());
        }
    }

    @Test
    void pcapRefusesSeveralLinkTypes() {
        Path dest = dir.resolve("mixed.pcap");
        CaptureException e = assertThrows(CaptureException.class, () -> PcapWriter.create(dest,
                PcapWriter.Kind.PCAP, List.of(LinkTypes.ETHERNET, LinkTypes.RAW), 0));
        assertTrue(e.getMessage().contains("several link types (EN10MB, RAW)"), e.getMessage());
        assertTrue(e.getMessage().contains(".pcapng"), e.getMessage());
        assertTrue(!Files.exists(dest), "nothing written");
    }

    @Test
    void kindFollowsTheName() {
        assertEquals(PcapWriter.Kind.PCAPNG, PcapWriter.kindFor(Path.of("x/A.PCAPNG")));
        assertEquals(PcapWriter.Kind.PCAPNG, PcapWriter.kindFor(Path.of("a.pcapng.gz")));
        assertEquals(PcapWriter.Kind.PCAP, PcapWriter.kindFor(Path.of("a.pcap.gz")));
        assertEquals(PcapWriter.Kind.PCAP, PcapWriter.kindFor(Path.of("capture")));
    }
}
