package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.model.Anomaly;

/** STUB: replaced by the wire branch. */
public final class MptcpOption {
    public static final int MP_CAPABLE = 0, MP_JOIN = 1, DSS = 2, ADD_ADDR = 3, REMOVE_ADDR = 4,
            MP_PRIO = 5, MP_FAIL = 6, MP_FASTCLOSE = 7, MP_TCPRST = 8, MP_EXPERIMENTAL = 15;
    private MptcpOption() {}
    public static int subtype(byte[] b, int off) { return (b[off + 2] & 0xff) >>> 4; }
    public static String name(int subtype) { return "?"; }
    public static Anomaly check(byte[] b, int off, int len, int tcpFlags) { return null; }
    public static String summary(byte[] b, int off, int len, int tcpFlags) { return ""; }
}
