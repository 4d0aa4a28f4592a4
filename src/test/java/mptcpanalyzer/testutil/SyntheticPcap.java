package mptcpanalyzer.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only writer of a classic pcap (LINKTYPE_RAW, IPv4) holding one TCP conversation between
 * 10.0.0.1:40000 (the client) and 10.0.0.2:5201, with any TCP options and payload; and builders
 * of the MPTCP DSS option bytes (RFC 8684 3.3). Checksums are left 0 (nothing verifies them).
 */
public final class SyntheticPcap {
    public static final int FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int packets;

    public SyntheticPcap() {
        // little-endian pcap header, microseconds, snaplen 65535, LINKTYPE_RAW (101)
        le32(0xa1b2c3d4);
        le16(2);
        le16(4);
        le32(0);
        le32(0);
        le32(65535);
        le32(101);
    }

    /** Appends a TCP segment; {@code fromClient} picks the direction. Returns its frame number. */
    public int tcp(boolean fromClient, long seq, long ack, int flags, byte[] options, byte[] payload) {
        int optLen = (options.length + 3) & ~3;
        int tcpLen = 20 + optLen;
        int total = 20 + tcpLen + payload.length;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        byte[] a = {10, 0, 0, 1}, b = {10, 0, 0, 2};
        p.writeBytes(new byte[] {0x45, 0, (byte) (total >> 8), (byte) total, 0, 0, 0x40, 0, 64, 6, 0, 0});
        p.writeBytes(fromClient ? a : b);
        p.writeBytes(fromClient ? b : a);
        int sport = fromClient ? 40000 : 5201, dport = fromClient ? 5201 : 40000;
        be16(p, sport);
        be16(p, dport);
        be32(p, seq);
        be32(p, ack);
        p.write((tcpLen / 4) << 4);
        p.write(flags);
        be16(p, 65535);
        be16(p, 0);
        be16(p, 0);
        p.writeBytes(options);
        for (int i = options.length; i < optLen; i++) p.write(1); // NOP padding
        p.writeBytes(payload);
        byte[] pkt = p.toByteArray();
        packets++;
        le32(packets);
        le32(0);
        le32(pkt.length);
        le32(pkt.length);
        out.writeBytes(pkt);
        return packets;
    }

    /** The pcap file's bytes. */
    public byte[] bytes() { return out.toByteArray(); }

    /** Writes the pcap to {@code file}. */
    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /**
     * A DSS option. {@code flags}: F 0x10, m 0x08 (8-byte DSN), M 0x04, a 0x02 (8-byte ack),
     * A 0x01. Absent fields are ignored; {@code checksum} null for none.
     */
    public static byte[] dss(int flags, long dataAck, long dsn, long ssn, int dll, Integer checksum) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(30);
        o.write(0); // length, set below
        o.write(0x20); // subtype 2
        o.write(flags);
        if ((flags & 0x01) != 0) {
            if ((flags & 0x02) != 0) be32(o, dataAck >>> 32);
            be32(o, dataAck);
        }
        if ((flags & 0x04) != 0) {
            if ((flags & 0x08) != 0) be32(o, dsn >>> 32);
            be32(o, dsn);
            be32(o, ssn);
            be16(o, dll);
            if (checksum != null) be16(o, checksum);
        }
        byte[] r = o.toByteArray();
        r[1] = (byte) r.length;
        return r;
    }

    /** Payload of {@code n} bytes, {@code seed}-dependent. */
    public static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed * 13 + i);
        return b;
    }

    private void le16(int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private void le32(int v) {
        le16(v & 0xffff);
        le16(v >>> 16);
    }

    private static void be16(ByteArrayOutputStream o, int v) {
        o.write(v >>> 8);
        o.write(v);
    }

    private static void be32(ByteArrayOutputStream o, long v) {
        be16(o, (int) (v >>> 16) & 0xffff);
        be16(o, (int) v & 0xffff);
    }
}
