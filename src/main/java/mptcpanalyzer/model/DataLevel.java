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

    /** The DSS mapping index (empty when unknown). */
    default Mappings mappings() { return Mappings.EMPTY; }

    /** Ids in {@link #mappings()} of the mappings covering any payload byte of packet {@code i}. */
    default int[] mappingsOf(int i) { return new int[0]; }

    /**
     * Relative subflow sequence number (64 bits, unwrapped) of packet {@code i}'s first payload
     * byte, in the space of the DSS subflow sequence numbers; -1 when unknown or no payload.
     */
    default long subflowSeq(int i) { return -1; }

    /** True when {@link #relativeDsn} is known (a DSN and the sender's DSN base are). */
    default boolean hasRelativeDsn(int i) { return false; }

    /** True when {@link #relativeDataAck} is known (a DATA_ACK and the receiver's DSN base are). */
    default boolean hasRelativeDataAck(int i) { return false; }

    /**
     * What relative DSNs of role {@code role} of connection {@code conn} are relative to:
     * {@code "idsn"} (the key was captured), {@code "first_dsn"} (the first DSN seen), or null.
     */
    default String dsnBase(int conn, int role) { return null; }

    /** The raw 64-bit value relative DSNs of that role are relative to (see {@link #dsnBase}). */
    default long dsnBaseValue(int conn, int role) { return 0; }

    /** Frame (1-based) of the first DATA_FIN sent by {@code role} of {@code conn}, 0 when none. */
    default int dataFinFrame(int conn, int role) { return 0; }

    /** Raw 64-bit DSN of that DATA_FIN (valid when {@link #dataFinFrame} is not 0). */
    default long dataFinDsn(int conn, int role) { return 0; }

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
