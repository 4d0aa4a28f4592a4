package mptcpanalyzer.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.capture.PacketRecord;

/** Minimal classic-pcap reader for tests only (the real reader lives in the capture package). */
final class TinyPcap {
    private TinyPcap() {}

    /** All records of a classic pcap test resource under /wire/, each in its own buffer. */
    static List<PacketRecord> read(String name) throws IOException {
        byte[] all;
        try (InputStream in = TinyPcap.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            all = in.readAllBytes();
        }
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int magic = bb.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            bb.order(ByteOrder.BIG_ENDIAN);
            magic = bb.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) throw new IOException("not a pcap: " + name);
        }
        int linkType = bb.getInt(20) & 0x0fffffff;
        List<PacketRecord> out = new ArrayList<>();
        int p = 24;
        while (p + 16 <= all.length) {
            int capLen = bb.getInt(p + 8), origLen = bb.getInt(p + 12);
            PacketRecord r = new PacketRecord();
            // 2 bytes of slack before the packet: decoding must honour rec.offset
            r.buf = new byte[capLen + 2];
            System.arraycopy(all, p + 16, r.buf, 2, capLen);
            r.offset = 2;
            r.capLen = capLen;
            r.origLen = origLen;
            r.linkType = linkType;
            out.add(r);
            p += 16 + capLen;
        }
        return out;
    }
}
