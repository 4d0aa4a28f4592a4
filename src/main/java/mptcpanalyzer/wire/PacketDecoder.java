package mptcpanalyzer.wire;

import mptcpanalyzer.capture.PacketRecord;

/**
 * Decodes link, IP and TCP headers of one record into a {@link DecodedPacket}, without
 * allocating. Never throws on bad bytes: what cannot be decoded is recorded as an anomaly and
 * decoding stops at that layer.
 */
public final class PacketDecoder {
    /**
     * Decodes {@code rec} into {@code out} (reset first).
     *
     * @return true when an IP packet was found (then {@code out.ipVersion} is 4 or 6)
     */
    public boolean decode(PacketRecord rec, DecodedPacket out) {
        out.reset();
        out.buf = rec.buf;
        return false; // implemented in the wire layer
    }
}
