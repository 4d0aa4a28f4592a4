package mptcpanalyzer.capture;

/** LINKTYPE_* values (tcpdump.org/linktypes.html) that the analyzer meets, and their names. */
public final class LinkTypes {
    /** BSD loopback: 4-byte host-order address family. */
    public static final int NULL = 0;
    /** Ethernet. */
    public static final int ETHERNET = 1;
    /** Raw IPv4 or IPv6, version in the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: 4-byte network-order address family. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2. */
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {}

    /** tcpdump's name of {@code linkType}, or "LINKTYPE_n" for one not listed here. */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "NULL";
            case ETHERNET: return "EN10MB";
            case RAW: return "RAW";
            case LOOP: return "LOOP";
            case LINUX_SLL: return "LINUX_SLL";
            case IPV4: return "IPV4";
            case IPV6: return "IPV6";
            case LINUX_SLL2: return "LINUX_SLL2";
            default: return "LINKTYPE_" + linkType;
        }
    }
}
