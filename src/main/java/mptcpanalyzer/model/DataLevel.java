package mptcpanalyzer.model;

/**
 * Data-level (MPTCP DSS) facts per packet, built after the load by the DSS analysis.
 * Packet indexes are 0-based ({@code frame - 1}). Wireshark names in brackets.
 */
public interface DataLevel {
    /** True when packet {@code i}'s payload is covered by a DSS mapping. */
    boolean hasDsn(int i);

    /** Raw 64-bit DSN of the first payload byte of packet {@code i} [mptcp.rawdsn64]. */
    long rawDsn(int i);

    /** DSN relative to the sender's IDSN (or its first DSN when the key is unknown) [mptcp.dsn]. */
    long relativeDsn(int i);

    /** True when packet {@code i} carries a DATA_ACK. */
    boolean hasDataAck(int i);

    /** Raw 64-bit DATA_ACK (4-byte ones expanded) [tcp.options.mptcp.rawdataack expanded]. */
    long rawDataAck(int i);

    /** DATA_ACK relative to the receiver's IDSN [mptcp.ack]. */
    long relativeDataAck(int i);

    /** Frames (1-based) that announced the mappings covering packet {@code i} [mptcp.related_mapping]. */
    int[] relatedMappings(int i);

    /** DSS checksum verdict: 1 ok, 0 bad, -1 not verifiable or no checksum [mptcp.checksum_ok]. */
    int checksumOk(int i);

    /** Nothing known: for traces without MPTCP data, and until the DSS analysis exists. */
    DataLevel NONE = new DataLevel() {
        @Override public boolean hasDsn(int i) { return false; }
        @Override public long rawDsn(int i) { return 0; }
        @Override public long relativeDsn(int i) { return 0; }
        @Override public boolean hasDataAck(int i) { return false; }
        @Override public long rawDataAck(int i) { return 0; }
        @Override public long relativeDataAck(int i) { return 0; }
        @Override public int[] relatedMappings(int i) { return new int[0]; }
        @Override public int checksumOk(int i) { return -1; }
    };
}
