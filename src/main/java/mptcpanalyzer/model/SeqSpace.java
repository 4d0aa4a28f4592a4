package mptcpanalyzer.model;

/**
 * Sequence-number arithmetic for 32-bit fields that live in a larger space: TCP relative
 * subflow sequence numbers, 4-byte DSNs and 4-byte DATA_ACKs (RFC 8684 3.3: "the lower 32 bits
 * of the data sequence number"). All the unwrapping happens here.
 *
 * <p>A 32-bit value is expanded to the 64-bit value that has these low 32 bits and lies nearest
 * to a reference (the last 64-bit value seen in that space): the signed 32-bit difference, as
 * Zeek and the Linux stack do ({@code before()/after()}). This is right as long as the sender
 * never jumps by 2^31 or more between two values we see, which a TCP window cannot do.
 *
 * <pre>
 *   reference 0x0000_0001_FFFF_FFF0, low 32 bits 0x0000_0010  ->  0x0000_0002_0000_0010 (+0x20)
 *   reference 0x0000_0002_0000_0010, low 32 bits 0xFFFF_FFF0  ->  0x0000_0001_FFFF_FFF0 (-0x20)
 * </pre>
 */
public final class SeqSpace {
    private SeqSpace() {}

    /** The 64-bit value with low 32 bits {@code low32} nearest to {@code reference}. */
    public static long nearest(long reference, int low32) {
        return reference + (low32 - (int) reference);
    }

    /** As {@link #nearest(long, int)} for an unsigned 32-bit value held in a long. */
    public static long nearest(long reference, long low32) {
        return nearest(reference, (int) low32);
    }
}
