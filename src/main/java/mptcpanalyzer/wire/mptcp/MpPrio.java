package mptcpanalyzer.wire.mptcp;

/** STUB: replaced by the wire branch. */
public final class MpPrio {
    public MpPrio wrap(byte[] b, int off, int len) { return this; }
    public boolean backup() { return false; }
}
