package mptcpanalyzer.wire.mptcp;

/** STUB: replaced by the wire branch. */
public final class MpCapable {
    public MpCapable wrap(byte[] b, int off, int len) { return this; }
    public int version() { return 0; }
    public int flags() { return 0; }
    public boolean checksumRequired() { return false; }
    public boolean hmacSha() { return false; }
    public boolean hasSenderKey() { return false; }
    public long senderKey() { return 0; }
    public boolean hasReceiverKey() { return false; }
    public long receiverKey() { return 0; }
    public boolean hasDataLevelLength() { return false; }
    public int dataLevelLength() { return 0; }
    public boolean hasChecksum() { return false; }
    public int checksum() { return 0; }
}
