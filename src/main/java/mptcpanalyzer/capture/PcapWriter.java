package mptcpanalyzer.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes packets as a capture file that tcpdump, tshark and Wireshark open, and that
 * {@link Captures#open} reads back with the same bytes, lengths, timestamps and link types.
 *
 * <ul>
 *   <li>classic pcap, nanosecond variant (magic a1b23c4d, little-endian): one link type per
 *       file, so a capture that mixes link types cannot be written this way;
 *   <li>pcapng: one section, one Interface Description Block per (interface, link type) met,
 *       written just before its first packet, with {@code if_tsresol} = 9 (nanoseconds);
 *       packets as Enhanced Packet Blocks without options.
 * </ul>
 *
 * A name ending in ".gz" is gzip-compressed. {@link #write} returns the offset of the record in
 * the uncompressed stream: the {@link PacketRecord#fileOffset} a reader reports for it.
 */
public final class PcapWriter implements Closeable {
    /** File layout. */
    public enum Kind { PCAP, PCAPNG }

    /** tcpdump's default and largest snap length. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PCAP_VERSION_MAJOR = 2;
    private static final int PCAP_VERSION_MINOR = 4;

    private static final int SHB_LEN = 28;
    private static final int PCAPNG_VERSION_MAJOR = 1;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_EPB = 6;
    /** IDB: 16 fixed bytes, if_tsresol option (4 + 1 padded to 8), opt_endofopt (4), trailer. */
    private static final int IDB_LEN = 32;
    private static final int OPT_IF_TSRESOL = 9;
    private static final byte TSRESOL_NANOS = 9;
    /** EPB without its padded data: 28 fixed bytes and the trailing length. */
    private static final int EPB_OVERHEAD = 32;

    private final OutputStream out;
    private final Kind kind;
    private final int pcapLinkType;
    private final int snapLen;
    private final ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    /** pcapng: (source interface id, link type) to the interface id written. */
    private final Map<Long, Integer> interfaces = new HashMap<>();
    private long position;
    private long packets;

    private PcapWriter(OutputStream out, Kind kind, int pcapLinkType, int snapLen)
            throws IOException {
        this.out = out;
        this.kind = kind;
        this.pcapLinkType = pcapLinkType;
        this.snapLen = snapLen;
        if (kind == Kind.PCAP) writePcapHeader(); else writeSectionHeader();
    }

    /** PCAPNG for names ending in ".pcapng" or ".pcapng.gz" (any case), else PCAP. */
    public static Kind kindFor(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString()
                .toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) n = n.substring(0, n.length() - 3);
        return n.endsWith(".pcapng") ? Kind.PCAPNG : Kind.PCAP;
    }

    /**
     * Creates {@code path} (replacing a file there) to hold packets of {@code linkTypes}.
     *
     * @param linkTypes every LINKTYPE_* value the packets may have
     * @param snapLen the snap length to declare (pcap header, pcapng interfaces)
     * @throws CaptureException when {@code kind} is PCAP and {@code linkTypes} holds more than
     *     one value, or the file cannot be created
     */
    public static PcapWriter create(Path path, Kind kind, List<Integer> linkTypes, int snapLen)
            throws CaptureException {
        List<Integer> distinct = new ArrayList<>();
        for (int lt : linkTypes) if (!distinct.contains(lt)) distinct.add(lt);
        if (kind == Kind.PCAP && distinct.size() > 1) {
            StringBuilder names = new StringBuilder();
            for (int lt : distinct) names.append(names.length() == 0 ? "" : ", ")
                    .append(LinkTypes.name(lt));
            throw new CaptureException(path + ": the packets have several link types (" + names
                    + ") and a pcap file holds one: write a .pcapng file instead");
        }
        int pcapLinkType = distinct.isEmpty() ? LinkTypes.ETHERNET : distinct.get(0);
        OutputStream os = null;
        try {
            os = Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            String n = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
            os = n.endsWith(".gz") ? new GZIPOutputStream(os, 1 << 16)
                    : new BufferedOutputStream(os, 1 << 16);
            PcapWriter w = new PcapWriter(os, kind, pcapLinkType, snapLen);
            os = null;
            return w;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CaptureException(path + ": permission denied", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CaptureException(path + ": no such directory", e);
        } catch (IOException e) {
            throw new CaptureException(path + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (os != null) {
                try {
                    os.close();
                } catch (IOException e) {
                    // already failing with a better message
                }
            }
        }
    }

    /** Layout being written. */
    public Kind kind() { return kind; }

    /** Bytes written so far (uncompressed). */
    public long position() { return position; }

    /** Packets written so far. */
    public long packets() { return packets; }

    /**
     * Appends {@code rec} (bytes, lengths, timestamp; pcapng also its interface and link type).
     *
     * @return the offset of the record in the uncompressed file
     * @throws IllegalArgumentException when a pcap file meets a second link type
     */
    public long write(PacketRecord rec) throws IOException {
        if (kind == Kind.PCAP) {
            if (rec.linkType != pcapLinkType) {
                throw new IllegalArgumentException("link type " + rec.linkType
                        + " in a pcap file of link type " + pcapLinkType);
            }
            return writePcapRecord(rec);
        }
        int iface = interfaceFor(rec);
        return writeEnhancedPacket(rec, iface);
    }

    private void writePcapHeader() throws IOException {
        ByteBuffer h = header.clear();
        h.putInt(PcapReader.MAGIC_NANOS).putShort((short) PCAP_VERSION_MAJOR)
                .putShort((short) PCAP_VERSION_MINOR).putInt(0).putInt(0).putInt(snapLen)
                .putInt(pcapLinkType);
        emit(h);
    }

    private long writePcapRecord(PacketRecord rec) throws IOException {
        long at = position;
        ByteBuffer h = header.clear();
        h.putInt((int) Math.floorDiv(rec.tsNanos, NANOS_PER_SECOND))
                .putInt((int) Math.floorMod(rec.tsNanos, NANOS_PER_SECOND))
                .putInt(rec.capLen).putInt(rec.origLen);
        emit(h);
        out.write(rec.buf, rec.offset, rec.capLen);
        position += rec.capLen;
        packets++;
        return at;
    }

    private void writeSectionHeader() throws IOException {
        ByteBuffer h = header.clear();
        h.putInt(PcapNgReader.BLOCK_SHB).putInt(SHB_LEN).putInt(BYTE_ORDER_MAGIC)
                .putShort((short) PCAPNG_VERSION_MAJOR).putShort((short) 0)
                .putLong(-1L) // section length not given
                .putInt(SHB_LEN);
        emit(h);
    }

    /** The interface id written for the record's interface, describing it on first use. */
    private int interfaceFor(PacketRecord rec) throws IOException {
        long key = ((long) rec.interfaceId << 32) | (rec.linkType & 0xffff_ffffL);
        Integer id = interfaces.get(key);
        if (id != null) return id;
        int next = interfaces.size();
        interfaces.put(key, next);
        ByteBuffer h = header.clear();
        h.putInt(BLOCK_IDB).putInt(IDB_LEN).putShort((short) rec.linkType).putShort((short) 0)
                .putInt(snapLen)
                .putShort((short) OPT_IF_TSRESOL).putShort((short) 1)
                .put(TSRESOL_NANOS).put((byte) 0).put((byte) 0).put((byte) 0)
                .putInt(0) // opt_endofopt
                .putInt(IDB_LEN);
        emit(h);
        return next;
    }

    private long writeEnhancedPacket(PacketRecord rec, int iface) throws IOException {
        long at = position;
        int pad = (4 - (rec.capLen & 3)) & 3;
        int len = EPB_OVERHEAD + rec.capLen + pad;
        ByteBuffer h = header.clear();
        h.putInt(BLOCK_EPB).putInt(len).putInt(iface)
                .putInt((int) (rec.tsNanos >>> 32)).putInt((int) rec.tsNanos)
                .putInt(rec.capLen).putInt(rec.origLen);
        emit(h);
        out.write(rec.buf, rec.offset, rec.capLen);
        h = header.clear();
        for (int k = 0; k < pad; k++) h.put((byte) 0);
        h.putInt(len);
        emit(h);
        position += rec.capLen;
        packets++;
        return at;
    }

    private void emit(ByteBuffer h) throws IOException {
        out.write(h.array(), 0, h.position());
        position += h.position();
    }

    /** Pushes buffered bytes to the file (not possible mid-stream for gzip beyond a flush). */
    public void flush() throws IOException { out.flush(); }

    @Override
    public void close() throws IOException { out.close(); }
}
