package mptcpanalyzer.capture;

/**
 * One captured packet as the reader hands it out: a reusable holder.
 *
 * <p>{@code buf[offset .. offset+capLen)} holds the captured bytes. The holder and the buffer are
 * reused by the next call to {@link CaptureReader#next}, so copy what must outlive it.
 */
public final class PacketRecord {
    /** Buffer holding the packet bytes (owned by the reader). */
    public byte[] buf;
    /** Offset of the first packet byte in {@link #buf}. */
    public int offset;
    /** Number of captured bytes (after the snap length cut). */
    public int capLen;
    /** Length of the packet on the wire. */
    public int origLen;
    /** Timestamp, nanoseconds since the Unix epoch. */
    public long tsNanos;
    /** LINKTYPE_* value of the interface the packet was captured on. */
    public int linkType;
    /** pcapng interface id (0 for pcap). */
    public int interfaceId;
    /** Byte offset of the record (header included) in the uncompressed capture stream. */
    public long fileOffset;

    /** Copies every field of {@code r} but the bytes ({@link #buf}, {@link #offset}). */
    public void copyFieldsFrom(PacketRecord r) {
        capLen = r.capLen;
        origLen = r.origLen;
        tsNanos = r.tsNanos;
        linkType = r.linkType;
        interfaceId = r.interfaceId;
        fileOffset = r.fileOffset;
    }
}
