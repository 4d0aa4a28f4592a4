package mptcpanalyzer.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reader of pcapng files: sections in either byte order, any number of interfaces with their own
 * link type and timestamp resolution, Enhanced, Simple and obsolete Packet Blocks.
 *
 * <p>Other blocks (name resolution, statistics, secrets, custom...) are skipped by their length.
 * A packet block naming an interface that its section has not described is skipped and counted
 * in {@link #skippedPackets()}: its framing is sound, so reading can go on. Broken framing (a
 * length below 12, not a multiple of 4, above the limit, disagreeing with the trailing copy, or
 * running past the end of the file) ends reading with a {@link CaptureDamage}.
 */
public final class PcapNgReader implements CaptureReader {
    /** Block type of the Section Header Block; a palindrome, so readable in either order. */
    static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_PB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;

    /** Byte-order magic of a section, as read big-endian when the section is big-endian. */
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int BYTE_ORDER_MAGIC_SWAPPED = 0x4D3C2B1A;

    /** Type + length + trailing length. */
    static final int MIN_BLOCK_LEN = 12;
    /** Largest block: a maximal packet plus room for its header and options. */
    static final int MAX_BLOCK_LEN = ByteSource.MAX_BUFFER;
    static final int OFF_TYPE = 0;
    static final int OFF_LENGTH = 4;
    private static final int TRAILER_LEN = 4;

    static final int OFF_SHB_BOM = 8;
    private static final int OFF_SHB_MAJOR = 12;
    private static final int SHB_MIN_LEN = 28;
    private static final int SUPPORTED_MAJOR = 1;

    private static final int OFF_IDB_LINKTYPE = 8;
    private static final int OFF_IDB_SNAPLEN = 12;
    private static final int OFF_IDB_OPTIONS = 16;
    private static final int IDB_MIN_LEN = 20;

    /** Enhanced and obsolete Packet Blocks share this layout, but for the interface id width. */
    private static final int OFF_PKT_IFACE = 8;
    private static final int OFF_PKT_TS_HIGH = 12;
    private static final int OFF_PKT_TS_LOW = 16;
    private static final int OFF_PKT_CAPLEN = 20;
    private static final int OFF_PKT_ORIGLEN = 24;
    private static final int OFF_PKT_DATA = 28;
    private static final int PKT_MIN_LEN = 32;

    private static final int OFF_SPB_ORIGLEN = 8;
    private static final int OFF_SPB_DATA = 12;
    private static final int SPB_MIN_LEN = 16;

    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;
    private static final int OPTION_HEADER_LEN = 4;

    /** Bounds the per-interface tables against a file made of nothing but interface blocks. */
    static final int MAX_INTERFACES = 1 << 16;
    private static final int DEFAULT_TSRESOL_DIGITS = 6;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** 10^19 is the largest power of ten below 2^64: coarser divisors already give 0 or 1. */
    private static final int MAX_DIVISOR_DIGITS = 19;

    private static final int STOPPED = -1;
    private static final int SKIPPED = 0;
    private static final int DELIVERED = 1;
    private static final int AHEAD = 2;

    private final ByteSource in;
    private final String format;
    private boolean big;
    private boolean done;
    private CaptureDamage damage;
    private long skippedPackets;
    private final List<Integer> linkTypesSeen = new ArrayList<>();

    // Interfaces of the current section, indexed by interface id; parallel arrays keep the hot
    // loop free of object loads and boxing.
    private int ifCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnapLen = new int[4];
    /** Ticks are multiplied by this (resolutions up to nanoseconds)... */
    private long[] ifTsMul = new long[4];
    /** ...or divided by this (finer powers of ten)... */
    private long[] ifTsDiv = new long[4];
    /** ...or, when >= 0, scaled as 2^-shift seconds. */
    private int[] ifTsShift = new int[4];
    private long[] ifTsOffsetNanos = new long[4];

    /**
     * Reads the first section header and the interface blocks before the first packet, so that
     * {@link #linkTypes()} is meaningful right after opening.
     */
    PcapNgReader(ByteSource in) throws IOException {
        this.in = in;
        this.format = "pcapng" + (in.compressed() ? "+gzip" : "");
        advance(null);
    }

    @Override
    public boolean next(PacketRecord rec) throws IOException {
        return !done && advance(rec) == DELIVERED;
    }

    /**
     * Processes blocks until a packet is delivered into {@code rec}; with a null {@code rec},
     * stops in front of the first packet block without consuming it.
     */
    private int advance(PacketRecord rec) throws IOException {
        ByteSource src = in;
        while (true) {
            if (src.limit - src.pos < MIN_BLOCK_LEN && !src.ensure(MIN_BLOCK_LEN)) {
                return endOfStream();
            }
            int type = Ints.i32(src.buf, src.pos + OFF_TYPE, big);
            if (type == BLOCK_SHB && !adoptByteOrder()) {
                return STOPPED;
            }
            int len = Ints.i32(src.buf, src.pos + OFF_LENGTH, big);
            if (len < MIN_BLOCK_LEN || (len & 3) != 0 || len > MAX_BLOCK_LEN) {
                return stop("block at offset " + src.offset() + " has an invalid length "
                        + (len & 0xffff_ffffL));
            }
            if (rec == null && isPacketBlock(type)) {
                return AHEAD;
            }
            if (src.limit - src.pos < len && !src.ensure(len)) {
                long left = src.bytesLeft();
                return cut("block at offset " + src.offset() + " claims " + len + " bytes, "
                        + (left >= 0 ? "file has " + left + " left" : "stream ends first"));
            }
            byte[] b = src.buf;
            int p = src.pos;
            if (Ints.i32(b, p + len - TRAILER_LEN, big) != len) {
                return stop("block at offset " + src.offset() + " has length " + len
                        + " but trailing length " + Ints.u32(b, p + len - TRAILER_LEN, big));
            }
            int outcome = block(rec, type, b, p, len);
            if (outcome == STOPPED) {
                return STOPPED;
            }
            src.pos = p + len;
            if (outcome == DELIVERED) {
                return DELIVERED;
            }
        }
    }

    static boolean isPacketBlock(int type) {
        return type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_PB;
    }

    /** Interprets one complete, framed block at {@code b[p..p+len)}. */
    private int block(PacketRecord rec, int type, byte[] b, int p, int len) {
        switch (type) {
            case BLOCK_EPB:
                return packet(rec, b, p, len, Ints.i32(b, p + OFF_PKT_IFACE, big));
            case BLOCK_SPB:
                return simplePacket(rec, b, p, len);
            case BLOCK_PB:
                return packet(rec, b, p, len, Ints.u16(b, p + OFF_PKT_IFACE, big));
            case BLOCK_IDB:
                return interfaceDescription(b, p, len);
            case BLOCK_SHB:
                return sectionHeader(b, p, len);
            default:
                return SKIPPED;
        }
    }

    /** Enhanced or obsolete Packet Block: the layouts agree past the interface id. */
    private int packet(PacketRecord rec, byte[] b, int p, int len, int iface) {
        if (len < PKT_MIN_LEN) {
            return stop("packet block at offset " + in.offsetOf(p) + " is too short (" + len
                    + " bytes)");
        }
        int capLen = Ints.i32(b, p + OFF_PKT_CAPLEN, big);
        if (capLen < 0 || capLen > len - PKT_MIN_LEN) {
            return stop("packet block at offset " + in.offsetOf(p) + " claims "
                    + (capLen & 0xffff_ffffL) + " captured bytes in a " + len + "-byte block");
        }
        if (iface < 0 || iface >= ifCount) {
            skippedPackets++;
            return SKIPPED;
        }
        long ticks = (Ints.u32(b, p + OFF_PKT_TS_HIGH, big) << 32)
                | Ints.u32(b, p + OFF_PKT_TS_LOW, big);
        rec.buf = b;
        rec.offset = p + OFF_PKT_DATA;
        rec.capLen = capLen;
        rec.origLen = Ints.i32(b, p + OFF_PKT_ORIGLEN, big);
        rec.tsNanos = toNanos(iface, ticks);
        rec.linkType = ifLinkType[iface];
        rec.interfaceId = iface;
        rec.fileOffset = in.offsetOf(p);
        return DELIVERED;
    }

    /** Simple Packet Block: interface 0, no timestamp, captured length implied by the block. */
    private int simplePacket(PacketRecord rec, byte[] b, int p, int len) {
        if (len < SPB_MIN_LEN) {
            return stop("simple packet block at offset " + in.offsetOf(p) + " is too short ("
                    + len + " bytes)");
        }
        if (ifCount == 0) {
            skippedPackets++;
            return SKIPPED;
        }
        long origLen = Ints.u32(b, p + OFF_SPB_ORIGLEN, big);
        long capLen = Math.min(len - SPB_MIN_LEN, origLen);
        if (ifSnapLen[0] > 0) {
            capLen = Math.min(capLen, ifSnapLen[0]);
        }
        rec.buf = b;
        rec.offset = p + OFF_SPB_DATA;
        rec.capLen = (int) capLen;
        rec.origLen = (int) origLen;
        rec.tsNanos = 0;
        rec.linkType = ifLinkType[0];
        rec.interfaceId = 0;
        rec.fileOffset = in.offsetOf(p);
        return DELIVERED;
    }

    /** Ticks of interface {@code iface} to nanoseconds since the epoch. */
    private long toNanos(int iface, long ticks) {
        int shift = ifTsShift[iface];
        long nanos;
        if (shift >= 0) {
            nanos = binaryTicksToNanos(ticks, shift);
        } else {
            long div = ifTsDiv[iface];
            nanos = div == 1 ? ticks * ifTsMul[iface] : Long.divideUnsigned(ticks, div);
        }
        return nanos + ifTsOffsetNanos[iface];
    }

    /** floor(ticks * 10^9 / 2^shift) on the unsigned 128-bit product, so any shift is exact. */
    static long binaryTicksToNanos(long ticks, int shift) {
        long lo = ticks * NANOS_PER_SECOND;
        long hi = Math.multiplyHigh(ticks, NANOS_PER_SECOND) + (ticks < 0 ? NANOS_PER_SECOND : 0);
        if (shift == 0) {
            return lo;
        }
        if (shift < 64) {
            return (lo >>> shift) | (hi << (64 - shift));
        }
        return hi >>> (shift - 64);
    }

    /**
     * Reads the byte-order magic of the section header at the current position; the block
     * length can only be read once the order is known.
     */
    private boolean adoptByteOrder() {
        int magic = Ints.i32(in.buf, in.pos + OFF_SHB_BOM, true);
        if (magic == BYTE_ORDER_MAGIC) {
            big = true;
        } else if (magic == BYTE_ORDER_MAGIC_SWAPPED) {
            big = false;
        } else {
            stop("section header at offset " + in.offset() + " has a bad byte-order magic 0x"
                    + Integer.toHexString(magic));
            return false;
        }
        return true;
    }

    /** A new section: its interfaces replace the previous section's. */
    private int sectionHeader(byte[] b, int p, int len) {
        if (len < SHB_MIN_LEN) {
            return stop("section header at offset " + in.offsetOf(p) + " is too short (" + len
                    + " bytes)");
        }
        int major = Ints.u16(b, p + OFF_SHB_MAJOR, big);
        if (major != SUPPORTED_MAJOR) {
            return stop("section header at offset " + in.offsetOf(p) + " has unsupported pcapng"
                    + " version " + major);
        }
        ifCount = 0;
        return SKIPPED;
    }

    private int interfaceDescription(byte[] b, int p, int len) {
        if (len < IDB_MIN_LEN) {
            return stop("interface block at offset " + in.offsetOf(p) + " is too short (" + len
                    + " bytes)");
        }
        if (ifCount == MAX_INTERFACES) {
            return stop("interface block at offset " + in.offsetOf(p) + " exceeds "
                    + MAX_INTERFACES + " interfaces in one section");
        }
        if (ifCount == ifLinkType.length) {
            growInterfaces();
        }
        int i = ifCount++;
        int linkType = Ints.u16(b, p + OFF_IDB_LINKTYPE, big);
        ifLinkType[i] = linkType;
        ifSnapLen[i] = Ints.i32(b, p + OFF_IDB_SNAPLEN, big);
        setResolution(i, (byte) DEFAULT_TSRESOL_DIGITS);
        ifTsOffsetNanos[i] = 0;
        readInterfaceOptions(i, b, p + OFF_IDB_OPTIONS, p + len - TRAILER_LEN);
        if (!linkTypesSeen.contains(linkType)) {
            linkTypesSeen.add(linkType);
        }
        return SKIPPED;
    }

    /** Picks up if_tsresol and if_tsoffset; a malformed option list is ignored from there on. */
    private void readInterfaceOptions(int i, byte[] b, int from, int end) {
        int q = from;
        while (q + OPTION_HEADER_LEN <= end) {
            int code = Ints.u16(b, q, big);
            int optLen = Ints.u16(b, q + 2, big);
            int value = q + OPTION_HEADER_LEN;
            if (code == OPT_ENDOFOPT || value + optLen > end) {
                return;
            }
            if (code == OPT_IF_TSRESOL && optLen >= 1) {
                setResolution(i, b[value]);
            } else if (code == OPT_IF_TSOFFSET && optLen >= 8) {
                ifTsOffsetNanos[i] = Ints.i64(b, value, big) * NANOS_PER_SECOND;
            }
            q = value + ((optLen + 3) & ~3);
        }
    }

    /** if_tsresol: high bit clear means 10^-n seconds per tick, set means 2^-n. */
    private void setResolution(int i, byte tsresol) {
        int n = tsresol & 0x7f;
        ifTsMul[i] = 1;
        ifTsDiv[i] = 1;
        ifTsShift[i] = -1;
        if ((tsresol & 0x80) != 0) {
            ifTsShift[i] = n;
        } else if (n <= 9) {
            ifTsMul[i] = pow10(9 - n);
        } else {
            ifTsDiv[i] = pow10(Math.min(n - 9, MAX_DIVISOR_DIGITS));
        }
    }

    /** 10^n as an unsigned 64-bit value (n <= 19). */
    private static long pow10(int n) {
        long v = 1;
        for (int k = 0; k < n; k++) {
            v *= 10;
        }
        return v;
    }

    private void growInterfaces() {
        int n = ifLinkType.length * 2;
        ifLinkType = Arrays.copyOf(ifLinkType, n);
        ifSnapLen = Arrays.copyOf(ifSnapLen, n);
        ifTsMul = Arrays.copyOf(ifTsMul, n);
        ifTsDiv = Arrays.copyOf(ifTsDiv, n);
        ifTsShift = Arrays.copyOf(ifTsShift, n);
        ifTsOffsetNanos = Arrays.copyOf(ifTsOffsetNanos, n);
    }

    /** Fewer bytes than a block header: a clean end, unless bytes remain or gzip broke. */
    private int endOfStream() {
        int left = in.available();
        if (left > 0) {
            return cut("block at offset " + in.offset() + " is cut: " + left + " of "
                    + MIN_BLOCK_LEN + " minimum bytes");
        }
        if (in.streamProblem() != null) {
            return cut("no block after offset " + in.offset());
        }
        done = true;
        return STOPPED;
    }

    /** Ends reading with a damage report at the current block: it claims something impossible. */
    private int stop(String message) {
        return stop(CaptureDamage.Kind.BAD_RECORD, message);
    }

    /** Ends reading with a damage report: the file ends inside the current block. */
    private int cut(String message) {
        return stop(CaptureDamage.Kind.TRUNCATED, message);
    }

    private int stop(CaptureDamage.Kind kind, String message) {
        done = true;
        damage = in.damage(in.offset(), kind, message);
        return STOPPED;
    }

    /** Packet blocks skipped because their interface was not described in their section. */
    @Override
    public long skippedPackets() {
        return skippedPackets;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public List<Integer> linkTypes() {
        return Collections.unmodifiableList(linkTypesSeen);
    }

    @Override
    public long position() {
        return in.position();
    }

    @Override
    public long size() {
        return in.fileSize();
    }

    @Override
    public CaptureDamage damage() {
        return damage;
    }

    @Override
    public boolean keepBuffers(IntFunction<byte[]> fresh) {
        in.keepBuffers(fresh);
        return true;
    }

    @Override
    public long countRecords() throws IOException {
        return in.compressed() ? -1 : RecordCounter.pcapng(in.channel(), in.fileSize());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
