package mptcpanalyzer.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Test-only writer of pcap and pcapng bytes in either byte order, lying lengths included. */
final class CaptureBytes {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int NRB = 4;
    static final int ISB = 5;
    static final int EPB = 6;
    static final int DSB = 0x0A;
    static final int CUSTOM = 0x00000BAD;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    /** Byte order used from now on (a new pcapng section may switch it). */
    CaptureBytes order(ByteOrder o) {
        this.order = o;
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    CaptureBytes u8(int v) {
        out.write(v);
        return this;
    }

    CaptureBytes u16(int v) {
        if (order == ByteOrder.BIG_ENDIAN) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
        return this;
    }

    CaptureBytes u32(long v) {
        int x = (int) v;
        if (order == ByteOrder.BIG_ENDIAN) {
            u16(x >>> 16).u16(x & 0xffff);
        } else {
            u16(x & 0xffff).u16(x >>> 16);
        }
        return this;
    }

    CaptureBytes u64(long v) {
        return order == ByteOrder.BIG_ENDIAN ? u32(v >>> 32).u32(v) : u32(v).u32(v >>> 32);
    }

    CaptureBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    CaptureBytes pad4(int len) {
        for (int i = len; (i & 3) != 0; i++) {
            out.write(0);
        }
        return this;
    }

    // ---- pcap ----

    CaptureBytes pcapHeader(boolean nanos, int network, int snapLen) {
        return u32(nanos ? 0xa1b23c4dL : 0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(snapLen)
                .u32(network);
    }

    CaptureBytes pcapRecordHeader(long sec, long frac, long incl, long orig) {
        return u32(sec).u32(frac).u32(incl).u32(orig);
    }

    CaptureBytes pcapRecord(long sec, long frac, byte[] data, int orig) {
        return pcapRecordHeader(sec, frac, data.length, orig).raw(data);
    }

    // ---- pcapng ----

    CaptureBytes shb() {
        // An shb_userappl option makes the block longer than the 28-byte minimum.
        byte[] app = "capture-test".getBytes(StandardCharsets.US_ASCII);
        int len = 28 + 4 + app.length + 4;
        u32(SHB).u32(len).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1L);
        u16(4).u16(app.length).raw(app).pad4(app.length).u16(0).u16(0);
        return u32(len);
    }

    /**
     * Interface Description Block with an if_name option before the timestamp options.
     *
     * @param tsresol if_tsresol byte, or null for the default (microseconds)
     * @param tsoffset if_tsoffset seconds, or null for none
     */
    CaptureBytes idb(int linkType, int snapLen, Integer tsresol, Long tsoffset) {
        byte[] ifName = "eth9".getBytes(StandardCharsets.US_ASCII);
        int len = 20 + 4 + 4 + (tsresol != null ? 8 : 0) + (tsoffset != null ? 12 : 0) + 4;
        u32(IDB).u32(len).u16(linkType).u16(0).u32(snapLen);
        u16(2).u16(ifName.length).raw(ifName);
        if (tsresol != null) {
            u16(9).u16(1).u8(tsresol).pad4(1);
        }
        if (tsoffset != null) {
            u16(14).u16(8).u64(tsoffset);
        }
        u16(0).u16(0);
        return u32(len);
    }

    CaptureBytes epb(int iface, long ticks, byte[] data, int origLen) {
        int len = 32 + ((data.length + 3) & ~3);
        u32(EPB).u32(len).u32(iface).u32(ticks >>> 32).u32(ticks).u32(data.length).u32(origLen);
        raw(data).pad4(data.length);
        return u32(len);
    }

    /** Obsolete Packet Block (type 2): 16-bit interface id and drop count. */
    CaptureBytes pb(int iface, long ticks, byte[] data, int origLen) {
        int len = 32 + ((data.length + 3) & ~3);
        u32(PB).u32(len).u16(iface).u16(0).u32(ticks >>> 32).u32(ticks).u32(data.length)
                .u32(origLen);
        raw(data).pad4(data.length);
        return u32(len);
    }

    CaptureBytes spb(int origLen, byte[] data) {
        int len = 16 + ((data.length + 3) & ~3);
        u32(SPB).u32(len).u32(origLen).raw(data).pad4(data.length);
        return u32(len);
    }

    /** Any block with a well-formed frame around {@code body}. */
    CaptureBytes block(int type, byte[] body) {
        int len = 12 + ((body.length + 3) & ~3);
        u32(type).u32(len).raw(body).pad4(body.length);
        return u32(len);
    }

    /** Deterministic packet bytes, different for each {@code seed}. */
    static byte[] packet(int seed, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 31 + i * 7 + 3);
        }
        return b;
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }
}
