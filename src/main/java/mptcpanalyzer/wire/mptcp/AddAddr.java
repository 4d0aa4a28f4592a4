package mptcpanalyzer.wire.mptcp;

import mptcpanalyzer.wire.Bytes;

/**
 * View of an ADD_ADDR option (subtype 3), v0 (RFC 6824 3.4.1) and v1 (RFC 8684 3.4.1).
 *
 * <pre>
 *  v0: kind len subtype|IPVer addr-id  address(4|16) [port(2)]
 *  v1: kind len subtype|rsv..E addr-id address(4|16) [port(2)] [truncated HMAC(8) unless E]
 * </pre>
 * The version is not known per option, so it is guessed from the low nibble of byte 2: 4 or 6 is
 * v0's IPVer; v1 only defines E (0x01) there. v0 lengths: 8/10 (IPv4, port), 20/22 (IPv6);
 * v1: echo 8/10/20/22, with HMAC 16/18/28/30.
 *
 * <p>Reusable: {@link #wrap} returns this. Once {@link MptcpOption#check} returned null for the
 * bytes, no accessor can fail.
 */
public final class AddAddr extends OptionView {
    private static final int FLAGS = 2;
    private static final int ADDRESS_ID = 3;
    private static final int ADDRESS = 4;
    private static final int FLAG_ECHO = 0x01;
    private static final int PORT_LEN = 2;
    private static final int HMAC_LEN = 8;
    private static final int HEADER = 4;

    /** Points this view at the option at {@code off} with {@code len} readable bytes. */
    public AddAddr wrap(byte[] buf, int off, int len) {
        at(buf, off, len);
        return this;
    }

    private static boolean v0(int nibble) {
        return nibble == 4 || nibble == 6;
    }

    static boolean lengthOk(int nibble, int lenByte) {
        if (v0(nibble)) {
            int base = HEADER + (nibble == 4 ? 4 : 16);
            return lenByte == base || lenByte == base + PORT_LEN;
        }
        if ((nibble & FLAG_ECHO) != 0) {
            return lenByte == 8 || lenByte == 10 || lenByte == 20 || lenByte == 22;
        }
        return lenByte == 16 || lenByte == 18 || lenByte == 28 || lenByte == 30;
    }

    private int nibble() { return b[off + FLAGS] & 0x0f; }

    /** True when byte 2's low nibble is an IPVer (4 or 6): the RFC 6824 form. */
    public boolean isV0() { return v0(nibble()); }
    /** E: this is an echo of the peer's ADD_ADDR (v1; always false in v0). */
    public boolean echo() { return !isV0() && (nibble() & FLAG_ECHO) != 0; }
    /** Whether a truncated HMAC is present (v1 without E). */
    public boolean hasHmac() { return !isV0() && !echo(); }
    /** Address id (byte 3). */
    public int addressId() { return b[off + ADDRESS_ID] & 0xff; }

    /** 4 or 6: v0 from IPVer, v1 from the length. */
    public int ipVersion() {
        if (isV0()) return nibble();
        int rest = len - HEADER - (hasHmac() ? HMAC_LEN : 0);
        return rest >= 16 ? 6 : 4;
    }
    private int addressLen() { return ipVersion() == 6 ? 16 : 4; }

    /** Offset in the buffer of the address (4 or 16 bytes). */
    public int addressOffset() { return off + ADDRESS; }
    /** Copies the address (4 or 16 bytes) into {@code dst}; returns the number of bytes copied. */
    public int address(byte[] dst) {
        int n = addressLen();
        System.arraycopy(b, off + ADDRESS, dst, 0, n);
        return n;
    }
    /** Whether a port follows the address. */
    public boolean hasPort() {
        return len - HEADER - addressLen() - (hasHmac() ? HMAC_LEN : 0) == PORT_LEN;
    }
    /** Port (16 bits after the address); 0 when absent. */
    public int port() { return hasPort() ? Bytes.u16(b, off + ADDRESS + addressLen()) : 0; }
    /** Truncated HMAC (the last 8 bytes, v1 without E); 0 when absent. */
    public long truncatedHmac() { return hasHmac() ? Bytes.u64(b, off + len - HMAC_LEN) : 0; }

    void appendTo(StringBuilder sb) {
        sb.append("ADD_ADDR");
        if (isV0()) sb.append(" v0");
        sb.append(" id=").append(addressId()).append(' ');
        boolean v6 = ipVersion() == 6;
        if (v6 && hasPort()) sb.append('[');
        if (v6) Bytes.appendIpv6(sb, b, off + ADDRESS);
        else Bytes.appendIpv4(sb, b, off + ADDRESS);
        if (v6 && hasPort()) sb.append(']');
        if (hasPort()) sb.append(':').append(port());
        if (hasHmac()) sb.append(" hmac=").append(Bytes.hex64(truncatedHmac()));
        if (echo()) sb.append(" echo");
    }
}
