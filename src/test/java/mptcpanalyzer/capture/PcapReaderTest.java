package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
    @TempDir Path dir;

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    private static ByteOrder order(boolean big) {
        return big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void microsecondTimestampsAreExactInBothByteOrders(boolean big) throws IOException {
        byte[] p0 = CaptureBytes.packet(0, 60);
        byte[] p1 = CaptureBytes.packet(1, 1);
        byte[] p2 = CaptureBytes.packet(2, 0);
        byte[] file = new CaptureBytes(order(big)).pcapHeader(false, LinkTypes.ETHERNET, 65535)
                .pcapRecord(1361796995L, 701161, p0, 60)
                .pcapRecord(0xFFFF_FFF0L, 999_999, p1, 1500) // ts_sec above 2^31: unsigned
                .pcapRecord(0, 0, p2, 0)
                .bytes();
        var read = Recorded.readAll(write("us.pcap", file));
        List<Recorded> pk = read.packets();
        assertEquals(3, pk.size());
        assertEquals(1361796995_701161000L, pk.get(0).tsNanos());
        assertEquals(0xFFFF_FFF0L * 1_000_000_000L + 999_999_000L, pk.get(1).tsNanos());
        assertEquals(0, pk.get(2).tsNanos());
        assertArrayEquals(p0, pk.get(0).data());
        assertArrayEquals(p1, pk.get(1).data());
        assertEquals(0, pk.get(2).data().length);
        assertEquals(60, pk.get(0).origLen());
        assertEquals(1500, pk.get(1).origLen());
        assertEquals(24, pk.get(0).fileOffset());
        assertEquals(24 + 16 + 60, pk.get(1).fileOffset());
        assertEquals(24 + 16 + 60 + 16 + 1, pk.get(2).fileOffset());
        assertEquals(LinkTypes.ETHERNET, pk.get(2).linkType());
        CaptureReader r = read.reader();
        assertEquals("pcap", r.format());
        assertEquals(List.of(LinkTypes.ETHERNET), r.linkTypes());
        assertNull(r.damage());
        assertEquals(file.length, r.size());
        assertEquals(file.length, r.position());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nanosecondTimestampsAreExactInBothByteOrders(boolean big) throws IOException {
        byte[] file = new CaptureBytes(order(big)).pcapHeader(true, LinkTypes.LINUX_SLL, 262144)
                .pcapRecord(1578930666L, 676845123, CaptureBytes.packet(0, 44), 44)
                .pcapRecord(1578930667L, 999_999_999, CaptureBytes.packet(1, 45), 45)
                .bytes();
        var read = Recorded.readAll(write("ns.pcap", file));
        assertEquals(2, read.packets().size());
        assertEquals(1578930666_676845123L, read.packets().get(0).tsNanos());
        assertEquals(1578930667_999999999L, read.packets().get(1).tsNanos());
        assertEquals(LinkTypes.LINUX_SLL, read.packets().get(1).linkType());
        assertEquals("pcap-ns", read.reader().format());
        assertNull(read.reader().damage());
    }

    @Test
    void fcsBitsOfTheNetworkFieldAreNotPartOfTheLinkType() throws IOException {
        // FCS length 4 in the top nibble, FCS-present bit 0x04000000, Ethernet below.
        int network = (4 << 28) | 0x0400_0000 | LinkTypes.ETHERNET;
        byte[] file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(false, network, 65535)
                .pcapRecord(1, 2, CaptureBytes.packet(0, 64), 64).bytes();
        var read = Recorded.readAll(write("fcs.pcap", file));
        assertEquals(List.of(LinkTypes.ETHERNET), read.reader().linkTypes());
        assertEquals(LinkTypes.ETHERNET, read.packets().get(0).linkType());
    }

    @Test
    void inclLenAboveOrigLenIsDeliveredAsIs() throws IOException {
        byte[] data = CaptureBytes.packet(5, 100);
        byte[] file = new CaptureBytes(ByteOrder.BIG_ENDIAN).pcapHeader(false, 1, 64)
                .pcapRecord(1, 2, data, 40).pcapRecord(3, 4, data, 100).bytes();
        var read = Recorded.readAll(write("odd.pcap", file));
        assertEquals(2, read.packets().size());
        assertArrayEquals(data, read.packets().get(0).data());
        assertEquals(40, read.packets().get(0).origLen());
        assertNull(read.reader().damage());
    }

    @Test
    void gzippedPcapReadsTheSameAsPlain() throws IOException {
        Path plain = TestCaptures.resource("mptcp-v0.pcap");
        Path gz = write("v0.pcap.gz", CaptureBytes.gzip(Files.readAllBytes(plain)));
        var a = Recorded.readAll(plain);
        var b = Recorded.readAll(gz);
        assertEquals(264, b.packets().size());
        assertEquals(a.packets(), b.packets());
        assertEquals("pcap+gzip", b.reader().format());
        assertNull(b.reader().damage());
        assertEquals(Files.size(gz), b.reader().size());
        assertEquals(Files.size(gz), b.reader().position());
    }

    @Test
    void recordsLargerThanTheBufferAndRecordsCrossingItsEndAreIntact() throws IOException {
        // ~3.5 MiB of odd-sized records so that many straddle the 1 MiB window, then one record
        // bigger than the window so that it has to grow.
        CaptureBytes w = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).pcapHeader(true, 101, 0);
        int n = 0;
        for (int total = 0; total < 3_500_000; n++) {
            int len = 1 + (n * 7919) % 9001;
            w.pcapRecord(n, n, CaptureBytes.packet(n, len), len);
            total += 16 + len;
        }
        int big = 3 << 20;
        w.pcapRecord(n, n, CaptureBytes.packet(n, big), big);
        n++;
        w.pcapRecord(n, n, CaptureBytes.packet(n, 10), 10);
        n++;
        Path file = write("many.pcap", w.bytes());
        try (CaptureReader r = Captures.open(file)) {
            PacketRecord rec = new PacketRecord();
            int i = 0;
            while (r.next(rec)) {
                int len = i == n - 2 ? big : i == n - 1 ? 10 : 1 + (i * 7919) % 9001;
                assertEquals(len, rec.capLen, "capLen of record " + i);
                assertEquals(i * 1_000_000_001L, rec.tsNanos, "ts of record " + i);
                byte[] expect = CaptureBytes.packet(i, len);
                for (int k = 0; k < len; k++) {
                    if (rec.buf[rec.offset + k] != expect[k]) {
                        throw new AssertionError("record " + i + " differs at byte " + k);
                    }
                }
                i++;
            }
            assertEquals(n, i);
            assertNull(r.damage());
        }
    }

    @Test
    void realCapturesHaveTheKnownPacketsLinkTypesAndTimes() throws IOException {
        var v0 = Recorded.readAll(TestCaptures.resource("mptcp-v0.pcap"));
        assertEquals(264, v0.packets().size());
        assertEquals(List.of(1), v0.reader().linkTypes());
        assertEquals(1361796995_701161000L, v0.packets().get(0).tsNanos());
        assertEquals(1361796995_701661000L, v0.packets().get(1).tsNanos());
        assertEquals(1361797004_766202000L, v0.packets().get(263).tsNanos());
        assertEquals(86, v0.packets().get(0).data().length);
        assertEquals(74, v0.packets().get(263).data().length);
        assertNull(v0.reader().damage());

        var v1 = Recorded.readAll(TestCaptures.resource("mptcp-v1.pcap"));
        assertEquals(20, v1.packets().size());
        assertEquals(List.of(LinkTypes.LINUX_SLL), v1.reader().linkTypes());
        assertEquals(1578930666_676845000L, v1.packets().get(0).tsNanos());
        assertEquals(1578930666_677429000L, v1.packets().get(19).tsNanos());
        assertEquals(88, v1.packets().get(1).data().length);

        var tfo = Recorded.readAll(TestCaptures.resource("tfo.pcap"));
        assertEquals(4, tfo.packets().size());
        assertEquals(List.of(LinkTypes.LINUX_SLL2), tfo.reader().linkTypes());
        assertEquals(1727810461_442667000L, tfo.packets().get(3).tsNanos());
        assertEquals(4392, tfo.packets().get(3).data().length);
        assertEquals(4392, tfo.packets().get(3).origLen());
        assertTrue(tfo.packets().stream().allMatch(p -> p.linkType() == 276));
    }
}
