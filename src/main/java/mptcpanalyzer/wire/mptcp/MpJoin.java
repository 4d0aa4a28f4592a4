package mptcpanalyzer.wire.mptcp;

/** STUB: replaced by the wire branch. */
public final class MpJoin {
    public enum Form { SYN, SYN_ACK, ACK }
    public MpJoin wrap(byte[] b, int off, int len) { return this; }
    public Form form() { return Form.SYN; }
    public boolean backup() { return false; }
    public int addressId() { return 0; }
    public long receiverToken() { return 0; }
    public long senderRandom() { return 0; }
    public long truncatedHmac() { return 0; }
    public void hmac(byte[] dst) {}
}
