package mptcpanalyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapNgReaderTest {
    @TempDir Path dir;

    private Path write(String name, byte[] b) throws IOException {
        return Files.write(dir.resolve(name), b);
    }

    private static ByteOrder order(boolean big) {
        return big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void interfacesWithDifferentResolutionsAndLinkTypes(boolean big) throws IOException {
        long binaryTicks = (1727810461L << 20) | (1L << 19) | 3; // .5 s + 3 * 2^-20 s
        CaptureBytes w = new CaptureBytes(order(big)).shb()
                .idb(LinkTypes.ETHERNET, 65535, null, null) // default: microseconds
                .idb(LinkTypes.RAW, 262144, 9, null)
                .idb(LinkTypes.LINUX_SLL2, 0, 0x80 | 20, 100L)
                .idb(LinkTypes.ETHERNET, 96, 6, -3L);
        List<Long> offsets = new ArrayList<>();
        offsets.add((long) w.size());
        w.epb(0, 1361796995_701161L, CaptureBytes.packet(0, 54), 54);
        offsets.add((long) w.size());
        w.epb(1, 1578930666_676845123L, CaptureBytes.packet(1, 41), 1500);
        offsets.add((long) w.size());
        w.epb(2, binaryTicks, CaptureBytes.packet(2, 3), 3);
        offsets.add((long) w.size());
        w.epb(3, 1_000_000L, CaptureBytes.packet(3, 0), 60);

        var read = Recorded.readAll(write("ifaces.pcapng", w.bytes()));
        List<Recorded> pk = read.packets();
        assertEquals(4, pk.size());
        assertEquals(1361796995_701161000L, pk.get(0).tsNanos());
        assertEquals(1578930666_676845123L, pk.get(1).tsNanos());
        // 3 * 10^9 / 2^20 = 2861.02..: floored; plus the 100 s offset of the interface.
        assertEquals((1727810461L + 100) * 1_000_000_000L + 500_000_000L + 2861, pk.get(2).tsNanos());
        assertEquals(1_000_000_000L - 3_000_000_000L, pk.get(3).tsNanos());
        int[] linkTypes = {1, 101, 276, 1};
        for (int i = 0; i < 4; i++) {
            assertEquals(i, pk.get(i).interfaceId());
            assertEquals(linkTypes[i], pk.get(i).linkType());
            assertEquals(offsets.get(i), pk.get(i).fileOffset());
        }
        assertArrayEquals(CaptureBytes.packet(1, 41), pk.get(1).data());
        assertEquals(1500, pk.get(1).origLen());
        assertEquals(List.of(1, 101, 276), read.reader().linkTypes());
        assertEquals("pcapng", read.reader().format());
        assertNull(read.reader().damage());
        assertEquals(0, read.reader().skippedPackets());
    }

    @Test
    void linkTypesAreKnownRightAfterOpening() throws IOException {
        byte[] file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).shb().idb(113, 0, null, null)
                .idb(276, 0, null, null).epb(1, 5, CaptureBytes.packet(0, 8), 8).bytes();
        try (CaptureReader r = Captures.open(write("early.pcapng", file))) {
            assertEquals(List.of(113, 276), r.linkTypes());
            PacketRecord rec = new PacketRecord();
            assertTrue(r.next(rec));
            assertEquals(276, rec.linkType);
            assertFalse(r.next(rec));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void simplePacketBlocksAreCutToSnapLenAndOrigLen(boolean big) throws IOException {
        byte[] file = new CaptureBytes(order(big)).shb().idb(LinkTypes.RAW, 64, null, null)
                .spb(100, CaptureBytes.packet(0, 100))
                .spb(10, CaptureBytes.packet(1, 10)) // padded to 12: padding is not data
                .bytes();
        var read = Recorded.readAll(write("spb.pcapng", file));
        assertEquals(2, read.packets().size());
        assertArrayEquals(java.util.Arrays.copyOf(CaptureBytes.packet(0, 100), 64),
                read.packets().get(0).data());
        assertEquals(100, read.packets().get(0).origLen());
        assertArrayEquals(CaptureBytes.packet(1, 10), read.packets().get(1).data());
        assertEquals(LinkTypes.RAW, read.packets().get(1).linkType());
        assertEquals(0, read.packets().get(1).interfaceId());
        assertNull(read.reader().damage());
    }

    @Test
    void obsoletePacketBlockIsRead() throws IOException {
        byte[] file = new CaptureBytes(ByteOrder.BIG_ENDIAN).shb().idb(1, 0, 9, null)
                .idb(113, 0, 3, null)
                .pb(1, 1234_567L, CaptureBytes.packet(9, 33), 99).bytes();
        var read = Recorded.readAll(write("pb.pcapng", file));
        assertEquals(1, read.packets().size());
        assertEquals(1234_567_000_000L, read.packets().get(0).tsNanos());
        assertEquals(113, read.packets().get(0).linkType());
        assertEquals(1, read.packets().get(0).interfaceId());
        assertEquals(99, read.packets().get(0).origLen());
        assertArrayEquals(CaptureBytes.packet(9, 33), read.packets().get(0).data());
    }

    @Test
    void otherBlockTypesAreSkippedByTheirLength() throws IOException {
        byte[] junk = CaptureBytes.packet(7, 37);
        CaptureBytes w = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).shb()
                .block(CaptureBytes.NRB, junk)
                .idb(1, 0, null, null)
                .block(CaptureBytes.DSB, junk)
                .epb(0, 1, CaptureBytes.packet(1, 20), 20)
                .block(CaptureBytes.ISB, junk)
                .block(CaptureBytes.CUSTOM, junk)
                .block(0x1234_5678, new byte[0]);
        long second = w.size();
        w.epb(0, 2, CaptureBytes.packet(2, 21), 21).block(CaptureBytes.ISB, junk);
        var read = Recorded.readAll(write("skip.pcapng", w.bytes()));
        assertEquals(2, read.packets().size());
        assertEquals(second, read.packets().get(1).fileOffset());
        assertEquals(2000, read.packets().get(1).tsNanos());
        assertNull(read.reader().damage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void newSectionSwitchesByteOrderAndForgetsInterfaces(boolean firstBig) throws IOException {
        CaptureBytes w = new CaptureBytes(order(firstBig)).shb()
                .idb(LinkTypes.ETHERNET, 0, null, null).idb(LinkTypes.RAW, 0, null, null)
                .epb(1, 7, CaptureBytes.packet(1, 30), 30);
        w.order(order(!firstBig)).shb().idb(LinkTypes.LINUX_SLL, 0, 9, null)
                .epb(0, 1_500_000_000_123456789L, CaptureBytes.packet(2, 31), 31)
                .epb(1, 8, CaptureBytes.packet(3, 32), 32) // interface 1 is gone in section 2
                .epb(0, 9, CaptureBytes.packet(4, 33), 33);
        var read = Recorded.readAll(write("sections.pcapng", w.bytes()));
        List<Recorded> pk = read.packets();
        assertEquals(3, pk.size());
        assertEquals(LinkTypes.RAW, pk.get(0).linkType());
        assertEquals(7000, pk.get(0).tsNanos());
        assertEquals(LinkTypes.LINUX_SLL, pk.get(1).linkType());
        assertEquals(1_500_000_000_123456789L, pk.get(1).tsNanos());
        assertArrayEquals(CaptureBytes.packet(2, 31), pk.get(1).data());
        assertArrayEquals(CaptureBytes.packet(4, 33), pk.get(2).data());
        assertEquals(9, pk.get(2).tsNanos());
        assertEquals(1, read.reader().skippedPackets());
        assertEquals(List.of(1, 101, 113), read.reader().linkTypes());
        assertNull(read.reader().damage());
    }

    @Test
    void packetOfAnUndescribedInterfaceIsSkippedAndCounted() throws IOException {
        byte[] file = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).shb()
                .spb(4, CaptureBytes.packet(0, 4)) // no interface 0 yet
                .idb(1, 0, null, null)
                .epb(5, 1, CaptureBytes.packet(1, 10), 10)
                .epb(-1, 1, CaptureBytes.packet(1, 10), 10)
                .epb(0, 2, CaptureBytes.packet(2, 11), 11).bytes();
        var read = Recorded.readAll(write("undef.pcapng", file));
        assertEquals(1, read.packets().size());
        assertEquals(2000, read.packets().get(0).tsNanos());
        assertEquals(3, read.reader().skippedPackets());
        assertNull(read.reader().damage());
    }

    @Test
    void gzippedPcapngReadsTheSameAsPlain() throws IOException {
        byte[] file = new CaptureBytes(ByteOrder.BIG_ENDIAN).shb().idb(1, 0, 9, null)
                .idb(276, 0, 0x80 | 10, null)
                .epb(0, 123456789L, CaptureBytes.packet(0, 70), 70)
                .epb(1, 1024 * 5 + 512, CaptureBytes.packet(1, 71), 71)
                .spb(9, CaptureBytes.packet(2, 9)).bytes();
        var plain = Recorded.readAll(write("g.pcapng", file));
        var gz = Recorded.readAll(write("g.pcapng.gz", CaptureBytes.gzip(file)));
        assertEquals(3, gz.packets().size());
        assertEquals(plain.packets(), gz.packets());
        assertEquals(5_500_000_000L, gz.packets().get(1).tsNanos());
        assertEquals("pcapng+gzip", gz.reader().format());
        assertEquals(List.of(1, 276), gz.reader().linkTypes());
        assertNull(gz.reader().damage());
    }

    /** mergecap (Wireshark) wrote this pcapng from mptcp-v1.pcap and tfo.pcap. */
    @Test
    void pcapngWrittenByMergecapMatchesItsPcapSources() throws IOException {
        var merged = Recorded.readAll(TestCaptures.resource("merged-v1-tfo.pcapng"));
        var v1 = Recorded.readAll(TestCaptures.resource("mptcp-v1.pcap"));
        var tfo = Recorded.readAll(TestCaptures.resource("tfo.pcap"));
        assertEquals(24, merged.packets().size());
        assertEquals(List.of(LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL2), merged.reader().linkTypes());
        assertNull(merged.reader().damage());
        for (int i = 0; i < 24; i++) {
            Recorded m = merged.packets().get(i);
            Recorded src = i < 20 ? v1.packets().get(i) : tfo.packets().get(i - 20);
            assertArrayEquals(src.data(), m.data(), "data of packet " + i);
            assertEquals(src.tsNanos(), m.tsNanos(), "ts of packet " + i);
            assertEquals(src.origLen(), m.origLen());
            assertEquals(src.linkType(), m.linkType());
            assertEquals(i < 20 ? 0 : 1, m.interfaceId());
        }
    }

    private static final long AFTER_GOOD = -1;

    /** One good packet, then {@code bad}; the damage must point at {@code bad}. */
    private void assertDamagedAfterOnePacket(String name, CaptureBytes w, byte[] bad, String inMessage)
            throws IOException {
        long badAt = w.size();
        byte[] file = w.raw(bad).bytes();
        var read = Recorded.readAll(write(name, file));
        assertEquals(1, read.packets().size(), name);
        CaptureDamage d = read.reader().damage();
        assertNotNull(d, name);
        assertEquals(badAt, d.offset(), name);
        assertEquals(file.length - badAt, d.unreadableBytes(), name);
        assertFalse(d.message().contains("\n"));
        assertTrue(d.message().contains(inMessage), d.message());
    }

    private static CaptureBytes goodStart(ByteOrder o) {
        return new CaptureBytes(o).shb().idb(1, 0, null, null)
                .epb(0, 1, CaptureBytes.packet(0, 10), 10);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 5, 8, 14, 0x7FFF_FFFCL, 0xFFFF_FFF0L, 0x0200_0000L})
    void invalidBlockLengthsAreDamage(long len) throws IOException {
        for (ByteOrder o : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] bad = new CaptureBytes(o).u32(CaptureBytes.EPB).u32(len).u32(0).u32(0).u32(0)
                    .u32(0).u32(0).u32(0).bytes();
            assertDamagedAfterOnePacket("len" + len + o + ".pcapng", goodStart(o), bad, "length");
        }
    }

    @Test
    void lengthClaimingMoreThanTheFileIsDamage() throws IOException {
        byte[] bad = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).u32(CaptureBytes.EPB).u32(1 << 20)
                .u32(0).u32(0).u32(0).u32(0).u32(0).u32(0).bytes();
        assertDamagedAfterOnePacket("long.pcapng", goodStart(ByteOrder.LITTLE_ENDIAN), bad,
                "claims 1048576 bytes");
    }

    @Test
    void trailingLengthMismatchIsDamage() throws IOException {
        byte[] bad = new CaptureBytes(ByteOrder.LITTLE_ENDIAN).u32(CaptureBytes.EPB).u32(36)
                .u32(0).u32(0).u32(0).u32(4).u32(4).u32(0).u32(40).bytes();
        assertDamagedAfterOnePacket("trailer.pcapng", goodStart(ByteOrder.LITTLE_ENDIAN), bad,
                "trailing length 40");
    }

    @Test
    void capturedLengthBeyondItsBlockIsDamage() throws IOException {
        byte[] bad = new CaptureBytes(ByteOrder.BIG_ENDIAN).u32(CaptureBytes.EPB).u32(36)
                .u32(0).u32(0).u32(0).u32(5).u32(5).u32(0).u32(36).bytes();
        assertDamagedAfterOnePacket("caplen.pcapng", goodStart(ByteOrder.BIG_ENDIAN), bad,
                "claims 5 captured bytes");
    }

    @Test
    void packetBlockTooShortForItsHeaderIsDamage() throws IOException {
        byte[] bad = new CaptureBytes(ByteOrder.BIG_ENDIAN).u32(CaptureBytes.EPB).u32(16)
                .u32(0).u32(16).bytes();
        assertDamagedAfterOnePacket("short.pcapng", goodStart(ByteOrder.BIG_ENDIAN), bad,
                "too short");
    }

    @Test
    void sectionHeaderWithBadByteOrderMagicIsDamage() throws IOException {
        byte[] bad = new CaptureBytes(ByteOrder.BIG_ENDIAN).u32(CaptureBytes.SHB).u32(28)
                .u32(0x11223344).u32(0x00010000).u64(-1).u32(28).bytes();
        assertDamagedAfterOnePacket("bom.pcapng", goodStart(ByteOrder.BIG_ENDIAN), bad,
                "byte-order magic");
    }

    @Test
    void binaryResolutionIsTheExactFloorForAnyShift() {
        Random rnd = new Random(42);
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
        int compared = 0;
        for (int shift = 0; shift < 128; shift++) {
            for (int k = 0; k < 200; k++) {
                long ticks = k == 0 ? -1L : rnd.nextLong() >>> rnd.nextInt(64);
                BigInteger t = BigInteger.valueOf(ticks);
                if (ticks < 0) {
                    t = t.add(two64);
                }
                BigInteger want = t.multiply(BigInteger.valueOf(1_000_000_000L)).shiftRight(shift);
                if (want.compareTo(longMax) <= 0) {
                    assertEquals(want.longValueExact(), PcapNgReader.binaryTicksToNanos(ticks, shift),
                            "ticks " + Long.toUnsignedString(ticks) + " shift " + shift);
                    compared++;
                }
            }
        }
        assertTrue(compared > 10_000, "compared " + compared);
    }
}
