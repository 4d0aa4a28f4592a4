package mptcpanalyzer.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;

/**
 * A capture file's bytes with its framing found by a walk written here, independent of the
 * readers under test: where each record (pcap) or packet block (pcapng EPB) starts, where its
 * packet bytes are, and where the TCP and MPTCP options of each packet lie. Used to make
 * damaged copies at meaningful places (record lengths, option length bytes).
 */
public final class CaptureFile {
    /** One record or block: its start, its total length, and its packet bytes. */
    public record Rec(int start, int length, int dataOffset, int capLen, int linkType) {
        public int end() { return start + length; }
    }

    /** Where a TCP option of a packet lies in the file. */
    public record Opt(int record, int offset, int kind, int length) {}

    public final byte[] bytes;
    public final boolean pcapng;
    public final ByteOrder order;
    /** Bytes before the first record (pcap global header; pcapng SHB + IDBs before the first EPB). */
    public final int headerLen;
    public final List<Rec> records = new ArrayList<>();
    /** Every TCP option of every packet, MPTCP (kind 30) or not. */
    public final List<Opt> options = new ArrayList<>();

    private static final int PCAP_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int EPB = 6;
    private static final int EPB_DATA = 28;

    public CaptureFile(Path path) throws IOException {
        this(Files.readAllBytes(path));
    }

    public CaptureFile(byte[] b) {
        bytes = b;
        ByteBuffer bb = ByteBuffer.wrap(b);
        pcapng = bb.getInt(0) == 0x0a0d0d0a;
        if (pcapng) {
            order = bb.order(ByteOrder.BIG_ENDIAN).getInt(8) == 0x1a2b3c4d ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN;
            bb.order(order);
            int p = 0, first = -1, link = 1;
            while (p + 12 <= b.length) {
                int type = bb.getInt(p), len = bb.getInt(p + 4);
                if (len < 12 || p + len > b.length) throw new IllegalArgumentException("bad block at " + p);
                if (type == 1) link = bb.getShort(p + 8) & 0xffff;
                if (type == EPB) {
                    if (first < 0) first = p;
                    records.add(new Rec(p, len, p + EPB_DATA, bb.getInt(p + 20), link));
                }
                p += len;
            }
            headerLen = first < 0 ? p : first;
        } else {
            order = bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 0xa1b2c3d4
                    || bb.getInt(0) == 0xa1b23c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            bb.order(order);
            int link = bb.getInt(20) & 0xffff;
            int p = PCAP_HEADER;
            while (p + PCAP_RECORD_HEADER <= b.length) {
                int incl = bb.getInt(p + 8);
                if (incl < 0 || p + PCAP_RECORD_HEADER + incl > b.length) {
                    throw new IllegalArgumentException("bad record at " + p);
                }
                records.add(new Rec(p, PCAP_RECORD_HEADER + incl, p + PCAP_RECORD_HEADER, incl, link));
                p += PCAP_RECORD_HEADER + incl;
            }
            headerLen = PCAP_HEADER;
        }
        findOptions();
    }

    /**
     * TCP options through the project's decoder (it only gives the TCP header's place; the
     * option walk below is ours).
     */
    private void findOptions() {
        PacketDecoder dec = new PacketDecoder();
        DecodedPacket d = new DecodedPacket();
        PacketRecord r = new PacketRecord();
        for (int k = 0; k < records.size(); k++) {
            Rec rec = records.get(k);
            r.buf = bytes;
            r.offset = rec.dataOffset();
            r.capLen = rec.capLen();
            r.origLen = rec.capLen();
            r.linkType = rec.linkType();
            dec.decode(r, d);
            if (!d.tcp || d.buf != bytes) continue;
            int end = Math.min(d.tcpOffset + d.tcpHeaderLen, rec.dataOffset() + rec.capLen());
            int i = d.tcpOffset + 20;
            while (i < end) {
                int kind = bytes[i] & 0xff;
                if (kind == 0) break;
                if (kind == 1) { i++; continue; }
                if (i + 1 >= end) break;
                int len = bytes[i + 1] & 0xff;
                if (len < 2) break;
                options.add(new Opt(k, i, kind, len));
                i += len;
            }
        }
    }

    /** The MPTCP options (kind 30). */
    public List<Opt> mptcpOptions() {
        List<Opt> out = new ArrayList<>();
        for (Opt o : options) if (o.kind() == 30) out.add(o);
        return out;
    }

    /** Writes a 32-bit field in the file's byte order into {@code b}. */
    public void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(order).putInt(at, v);
    }

    /** Offset of the captured-length field of record {@code k} (pcap incl_len, EPB cap len). */
    public int capLenField(int k) {
        return records.get(k).start() + (pcapng ? 20 : 8);
    }
}
