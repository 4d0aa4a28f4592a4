package mptcpanalyzer.model;

import java.util.Locale;

/**
 * Named, non-fatal findings about a capture, a packet or a connection.
 *
 * <p>The snake_case {@link #id()} is a public interface: it appears in output, in the
 * {@code mptcp.anomaly} filter field and in README. Append new constants; never rename.
 */
public enum Anomaly {
    // --- capture file level
    /** The file ends inside a record: the rest of the file could not be read. */
    CAPTURE_TRUNCATED("the capture file ends inside a record"),
    /** A record or block claims an impossible length; reading stopped there. */
    CAPTURE_BAD_RECORD("a record claims an impossible length"),
    /** The packet was cut by the snap length; it is decoded as far as its bytes go. */
    PACKET_TRUNCATED("packet cut by the snap length"),

    // --- link and network layers
    /** Link type we do not decode; the packet is kept and counted. */
    LINK_UNSUPPORTED("unsupported link type"),
    /** Link-layer header shorter than its fixed size. */
    LINK_MALFORMED("malformed link-layer header"),
    /** IPv4 header with a bad version, header length or total length. */
    IP_MALFORMED("malformed IP header"),
    /** IPv6 extension header chain that runs past the packet. */
    IPV6_EXT_MALFORMED("malformed IPv6 extension header"),
    /** A non-first IP fragment: not decoded above IP. */
    IP_FRAGMENT("IP fragment"),

    // --- TCP
    /** TCP data offset below 5 words or beyond the packet. */
    TCP_MALFORMED("malformed TCP header"),
    /** A TCP option whose length byte is below 2 or runs past the option space. */
    TCP_OPTION_BAD_LENGTH("TCP option with an impossible length"),

    // --- MPTCP option decoding
    /** An MPTCP option whose length does not fit its subtype and flags. */
    MPTCP_OPTION_BAD_LENGTH("MPTCP option length does not fit its subtype"),
    /** An MPTCP option cut short by the snap length. */
    MPTCP_OPTION_TRUNCATED("MPTCP option cut short"),
    /** An MPTCP subtype we do not know; its bytes are kept raw. */
    MPTCP_UNKNOWN_SUBTYPE("unknown MPTCP subtype"),
    /** MP_CAPABLE with a version other than 0 or 1. */
    MPTCP_UNKNOWN_VERSION("unknown MP_CAPABLE version"),

    // --- connection level (analysis)
    /** The key echoed in the third ACK differs from the one of the SYN or SYN/ACK. */
    MPTCP_ECHOED_KEY_MISMATCH("echoed key differs from the handshake's key"),
    /** An MP_JOIN SYN carries a token no connection in the capture owns. */
    MPTCP_JOIN_UNKNOWN_TOKEN("MP_JOIN with an unknown token"),
    /** MP_CAPABLE SYN answered by a SYN/ACK without MP_CAPABLE: plain TCP fallback. */
    MPTCP_FALLBACK("MP_CAPABLE answered without MPTCP (fallback to TCP)"),
    /** A subflow of a connection carries data segments without any MPTCP option. */
    MPTCP_OPTIONS_STRIPPED("MPTCP options missing on an MPTCP subflow"),
    /** MP_CAPABLE handshake with no crypto algorithm flag (v0/v1: H bit clear). */
    MPTCP_MISSING_ALGORITHM("MP_CAPABLE without a crypto algorithm"),
    /** The MP_JOIN HMAC does not match the one computed from keys and nonces. */
    MPTCP_HMAC_MISMATCH("MP_JOIN HMAC does not match"),

    // --- data level (analysis)
    /** Payload not covered by any DSS mapping. */
    DSS_MISSING_MAPPING("payload not covered by any DSS mapping"),
    /** Two mappings disagree about the same subflow bytes. */
    DSS_MAPPING_CONFLICT("two DSS mappings disagree for the same bytes"),
    /** Infinite mapping (data-level length 0): fallback. */
    DSS_INFINITE_MAPPING("infinite mapping (fallback)"),
    /** The DSS checksum does not match the payload. */
    DSS_CHECKSUM_BAD("DSS checksum does not match"),
    /** A DATA_ACK acknowledges data that was never sent in the capture. */
    DATA_ACK_BEYOND_SENT("DATA_ACK beyond the data sent");

    private final String id;
    private final String description;

    Anomaly(String description) {
        this.id = name().toLowerCase(Locale.ROOT);
        this.description = description;
    }

    /** Stable snake_case name, e.g. {@code dss_missing_mapping}. */
    public String id() { return id; }

    /** One-line human description. */
    public String description() { return description; }

    private static final Anomaly[] VALUES = values();

    /** The anomaly with ordinal {@code code}. */
    public static Anomaly of(int code) { return VALUES[code]; }

    /** Looks up by {@link #id()}; null when unknown. */
    public static Anomaly byId(String id) {
        for (Anomaly a : VALUES) if (a.id.equals(id)) return a;
        return null;
    }
}
