package mptcpanalyzer.capture;

import java.io.IOException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reader of classic libpcap files (microsecond and nanosecond variants, either byte order).
 *
 * <p>Each record is handed out as a view into the reader's buffer: no copy, no allocation.
 */
public final class PcapReader implements CaptureReader {
    /** Magic of a microsecond file, as read big-endian. */
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    /** Magic of a nanosecond file, as read big-endian. */
    static final int MAGIC_NANOS = 0xa1b23c4d;

    static final int GLOBAL_HEADER_LEN = 24;
    private static final int OFF_SNAPLEN = 16;
    private static final int OFF_NETWORK = 20;
    /**
     * The upper 16 bits of the network field carry FCS length, an "FCS present" bit (0x04000000)
     * and reserved bits; the link type is the lower 16 (libpcap's LT_LINKTYPE). A 0x0FFFFFFF mask
     * would keep the FCS-present bit and turn Ethernet-with-FCS into link type 0x04000001.
     */
    private static final int LINKTYPE_MASK = 0x0000_FFFF;

    static final int RECORD_HEADER_LEN = 16;
    private static final int OFF_TS_SEC = 0;
    private static final int OFF_TS_FRAC = 4;
    static final int OFF_INCL_LEN = 8;
    private static final int OFF_ORIG_LEN = 12;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ByteSource in;
    private final boolean big;
    private final long fracToNanos;
    private final String format;
    private int linkType = -1;
    private int snapLen;
    private CaptureDamage damage;
    private boolean done;

    /**
     * Parses the global header at the current position of {@code in}; a cut header is damage.
     *
     * @param big whether the file is big-endian
     * @param nanos whether timestamps are in nanoseconds (else microseconds)
     */
    PcapReader(ByteSource in, boolean big, boolean nanos) throws IOException {
        this.in = in;
        this.big = big;
        this.fracToNanos = nanos ? 1 : 1000;
        this.format = (nanos ? "pcap-ns" : "pcap") + (in.compressed() ? "+gzip" : "");
        readGlobalHeader();
    }

    private void readGlobalHeader() throws IOException {
        if (!in.ensure(GLOBAL_HEADER_LEN)) {
            stop(in.offset(), CaptureDamage.Kind.TRUNCATED, "pcap file header at offset "
                    + in.offset() + " is cut: " + in.available() + " of " + GLOBAL_HEADER_LEN
                    + " bytes");
            return;
        }
        int p = in.pos;
        snapLen = Ints.i32(in.buf, p + OFF_SNAPLEN, big);
        linkType = Ints.i32(in.buf, p + OFF_NETWORK, big) & LINKTYPE_MASK;
        in.pos = p + GLOBAL_HEADER_LEN;
    }

    @Override
    public boolean next(PacketRecord rec) throws IOException {
        if (done) {
            return false;
        }
        ByteSource src = in;
        if (src.limit - src.pos < RECORD_HEADER_LEN && !src.ensure(RECORD_HEADER_LEN)) {
            return endOfStream();
        }
        byte[] b = src.buf;
        int p = src.pos;
        int incl = Ints.i32(b, p + OFF_INCL_LEN, big);
        if (incl < 0 || incl > Captures.MAX_RECORD_BYTES) {
            return tooLarge(incl & 0xffff_ffffL);
        }
        int total = RECORD_HEADER_LEN + incl;
        if (src.limit - p < total) {
            if (!src.ensure(total)) {
                return cut(incl, Ints.i32(b, p + OFF_ORIG_LEN, big));
            }
            b = src.buf; // the window may have moved or grown
            p = src.pos;
        }
        rec.buf = b;
        rec.offset = p + RECORD_HEADER_LEN;
        rec.capLen = incl;
        rec.origLen = Ints.i32(b, p + OFF_ORIG_LEN, big);
        rec.tsNanos = Ints.u32(b, p + OFF_TS_SEC, big) * NANOS_PER_SECOND
                + Ints.u32(b, p + OFF_TS_FRAC, big) * fracToNanos;
        rec.linkType = linkType;
        rec.interfaceId = 0;
        rec.fileOffset = src.offsetOf(p);
        src.pos = p + total;
        return true;
    }

    /** No full record header left: a clean end, unless bytes remain or the gzip stream broke. */
    private boolean endOfStream() {
        int left = in.available();
        if (left > 0) {
            stop(in.offset(), CaptureDamage.Kind.TRUNCATED, "record at offset " + in.offset()
                    + " is cut: " + left + " of " + RECORD_HEADER_LEN + " header bytes");
        } else if (in.streamProblem() != null) {
            stop(in.offset(), CaptureDamage.Kind.TRUNCATED, "no record after offset " + in.offset());
        } else {
            done = true;
        }
        return false;
    }

    private boolean tooLarge(long claimed) {
        return stop(in.offset(), CaptureDamage.Kind.BAD_RECORD,
                "record at offset " + in.offset() + " claims " + claimed
                + " bytes (limit " + Captures.MAX_RECORD_BYTES + ")");
    }

    /**
     * A record runs past the end of the file. When its captured length is believable (within
     * the snap length and the original length) the file was cut short; otherwise the length
     * field itself is damaged.
     */
    private boolean cut(int incl, int origLen) {
        long left = in.bytesLeft();
        boolean believable = (snapLen <= 0 || incl <= snapLen) && incl <= (origLen & 0xffff_ffffL);
        return stop(in.offset(), believable ? CaptureDamage.Kind.TRUNCATED
                : CaptureDamage.Kind.BAD_RECORD, "record at offset " + in.offset() + " claims " + incl
                + " bytes, " + (left >= 0 ? "file has " + (left - RECORD_HEADER_LEN) + " left"
                        : "stream ends first"));
    }

    /** Ends reading with a damage report at {@code offset}. */
    private boolean stop(long offset, CaptureDamage.Kind kind, String message) {
        done = true;
        damage = in.damage(offset, kind, message);
        return false;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public List<Integer> linkTypes() {
        return linkType < 0 ? List.of() : List.of(linkType);
    }

    /** Snap length declared by the file header (0 when the header is cut). */
    public int snapLen() {
        return snapLen;
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
        return in.compressed() ? -1 : RecordCounter.pcap(in.channel(), in.fileSize(), big);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
