package mptcpanalyzer.wire;

import mptcpanalyzer.model.Anomaly;

/**
 * The result of decoding one packet's headers: a reusable, allocation-free holder filled by
 * {@link PacketDecoder#decode}. Offsets index the same buffer the record came in.
 *
 * <p>Everything is reset by each decode. Fields of a layer are meaningful only when the flag of
 * that layer is set ({@link #ipVersion} != 0, {@link #tcp}).
 */
public final class DecodedPacket {
    /** Most MPTCP options one TCP header can hold (40 option bytes / 4-byte minimum, rounded up). */
    public static final int MAX_MPTCP_OPTIONS = 16;
    /** Most anomalies recorded per packet; extra ones are dropped. */
    public static final int MAX_ANOMALIES = 8;

    /** The buffer decoded (the record's buffer). */
    public byte[] buf;

    // --- network layer
    /** 4 or 6; 0 when the packet is not IP (ARP, ...) or the link type is not decoded. */
    public int ipVersion;
    /** Offset of the IP header in {@link #buf}. */
    public int ipOffset;
    /** Source address bytes: 4 (IPv4) or 16 (IPv6) used. */
    public final byte[] src = new byte[16];
    /** Destination address bytes: 4 (IPv4) or 16 (IPv6) used. */
    public final byte[] dst = new byte[16];
    /**
     * Source and destination addresses packed into longs (a key for hashing and comparing
     * without the byte arrays): IPv4 in the upper 32 bits of {@code *Hi} ({@code *Lo} 0), IPv6
     * bytes 0-7 in {@code *Hi} and 8-15 in {@code *Lo}.
     */
    public long srcHi, srcLo, dstHi, dstLo;
    /** Transport protocol number (IPv4 protocol / IPv6 final next header); -1 when unknown. */
    public int ipProto;
    /** EtherType of the network layer when known (0x0800, 0x86dd, 0x0806 ...), else 0. */
    public int etherType;

    // --- TCP
    /** True when a TCP header (at least its 20 fixed bytes) was decoded. */
    public boolean tcp;
    public int srcPort;
    public int dstPort;
    /** Raw 32-bit sequence number (use Integer.toUnsignedLong for the unsigned value). */
    public int seq;
    /** Raw 32-bit acknowledgment number. */
    public int ack;
    /** TCP flags byte (FIN=0x01 SYN=0x02 RST=0x04 PSH=0x08 ACK=0x10 URG=0x20 ECE=0x40 CWR=0x80). */
    public int tcpFlags;
    /** Window field as sent (not scaled). */
    public int window;
    /** Offset of the TCP header in {@link #buf}. */
    public int tcpOffset;
    /** TCP header length in bytes (data offset * 4). */
    public int tcpHeaderLen;
    /** TCP payload length declared by the IP header (may exceed what was captured). */
    public int payloadLen;
    /**
     * Offset of the first payload byte in {@link #buf}; may lie past the captured bytes when
     * {@link #payloadCaptured} is 0 (the snap length cut inside the TCP header).
     */
    public int payloadOffset;
    /** Payload bytes actually captured (<= payloadLen). */
    public int payloadCaptured;

    // --- MPTCP options (kind 30) found in the TCP header, in order
    /** Number of MPTCP options found. */
    public int mptcpCount;
    /** Offset of each MPTCP option (its kind byte) in {@link #buf}. */
    public final int[] mptcpOffset = new int[MAX_MPTCP_OPTIONS];
    /** Length of each MPTCP option as it can be read: min(length byte, bytes available). */
    public final int[] mptcpLength = new int[MAX_MPTCP_OPTIONS];
    /**
     * What {@link mptcpanalyzer.wire.mptcp.MptcpOption#check} found wrong with each MPTCP
     * option (its {@link Anomaly#ordinal()}), or -1 when the option is well formed.
     */
    public final int[] mptcpBad = new int[MAX_MPTCP_OPTIONS];
    /**
     * The last MPTCP option that carries a DATA_ACK (a DSS option with flag A and the bytes for
     * it, well formed or not): its index k, or -1. With {@link #dataAck8} it tells where the
     * packet's DATA_ACK is without walking its options again (the packet table pools the options
     * and keeps only that position).
     */
    public int dataAckOption;
    /** The DATA_ACK of {@link #dataAckOption} is 8 bytes long. */
    public boolean dataAck8;
    /*
     * The fields of each well-formed DSS option k (mptcpBad[k] < 0), read by the decoder (on the
     * reading thread of a load) so that the analysis does not parse the option again; set only
     * for the fields its flags say are present, stale otherwise.
     */
    /** The DATA_ACK as sent: 8 bytes, or 4 (unsigned). */
    public final long[] dssAck = new long[MAX_MPTCP_OPTIONS];
    /** The data sequence number as sent: 8 bytes, or 4 (unsigned). */
    public final long[] dssDsn = new long[MAX_MPTCP_OPTIONS];
    /** The subflow sequence number (unsigned 32 bits). */
    public final long[] dssSsn = new long[MAX_MPTCP_OPTIONS];
    /** The data-level length. */
    public final int[] dssDll = new int[MAX_MPTCP_OPTIONS];
    /** The checksum, -1 when the option has none. */
    public final int[] dssChecksum = new int[MAX_MPTCP_OPTIONS];
    /**
     * A hash of the TCP 4-tuple that does not depend on the direction (the subflow lookup's key),
     * set with {@link #tcp}.
     */
    public long tupleHash;

    // --- findings
    /**
     * True when a header or the payload claims bytes that are not in the buffer: cut by the snap
     * length (anomaly PACKET_TRUNCATED) or claimed by a lying length field of a complete record
     * (the layer's MALFORMED anomaly). An Ethernet trailer cut off alone does not count.
     */
    public boolean truncated;
    /** Number of anomalies recorded for this packet. */
    public int anomalyCount;
    /** Anomaly ordinals ({@link Anomaly#ordinal()}). */
    public final int[] anomalies = new int[MAX_ANOMALIES];

    /** Clears every field for the next packet. */
    public void reset() {
        buf = null;
        ipVersion = 0;
        ipOffset = 0;
        ipProto = -1;
        etherType = 0;
        tcp = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = seq = ack = tcpFlags = window = 0;
        tcpOffset = tcpHeaderLen = payloadLen = payloadOffset = payloadCaptured = 0;
        mptcpCount = 0;
        dataAckOption = -1;
        dataAck8 = false;
        tupleHash = 0;
        truncated = false;
        anomalyCount = 0;
    }

    /** What {@link #mptcpBad} says of MPTCP option {@code k}: null when it is well formed. */
    public Anomaly mptcpBad(int k) {
        int a = mptcpBad[k];
        return a < 0 ? null : Anomaly.of(a);
    }

    /** Records an anomaly (once per kind per packet). */
    public void addAnomaly(Anomaly a) {
        // the first finding of a packet (a snap length cut: nearly every packet of a capture
        // taken with -s) takes a path short enough for the JIT's first tier to inline
        if (anomalyCount == 0) {
            anomalies[0] = a.ordinal();
            anomalyCount = 1;
        } else {
            addAnother(a);
        }
    }

    private void addAnother(Anomaly a) {
        int code = a.ordinal();
        for (int i = 0; i < anomalyCount; i++) if (anomalies[i] == code) return;
        if (anomalyCount < MAX_ANOMALIES) anomalies[anomalyCount++] = code;
    }

    /** Records an MPTCP option found at {@code offset} with {@code length} readable bytes. */
    public void addMptcpOption(int offset, int length) {
        int k = mptcpCount;
        if (k < MAX_MPTCP_OPTIONS) {
            mptcpOffset[k] = offset;
            mptcpLength[k] = length;
            mptcpCount = k + 1;
        }
    }
}
