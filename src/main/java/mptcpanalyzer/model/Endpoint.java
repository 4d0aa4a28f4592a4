package mptcpanalyzer.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IP address and a port. IPv6 formats as {@code [addr]:port}, as in URLs. */
public record Endpoint(byte[] address, int port) {
    public Endpoint {
        address = address.clone();
    }

    /** Copies the first 4 or 16 bytes of {@code buf}. */
    public static Endpoint of(byte[] buf, int ipVersion, int port) {
        return new Endpoint(Arrays.copyOf(buf, ipVersion == 6 ? 16 : 4), port);
    }

    /** 4 or 6. */
    public int ipVersion() { return address.length == 16 ? 6 : 4; }

    /** The address alone, in canonical text form (IPv6 compressed, lower case). */
    public String addressText() { return formatAddress(address); }

    @Override
    public String toString() {
        return ipVersion() == 6 ? "[" + addressText() + "]:" + port : addressText() + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && Arrays.equals(e.address, address);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(address) * 31 + port; }

    /** Canonical text of a 4- or 16-byte address (RFC 5952 for IPv6). */
    public static String formatAddress(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        try {
            String s = InetAddress.getByAddress(a).getHostAddress();
            return compressIpv6(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + a.length, e);
        }
    }

    /** Java prints 0:0:0:0:0:0:0:1; RFC 5952 wants ::1 (longest run of zero groups as ::). */
    private static String compressIpv6(String full) {
        int pct = full.indexOf('%');
        if (pct >= 0) full = full.substring(0, pct);
        String[] g = full.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) j++;
                if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.length; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && !sb.toString().endsWith(":")) sb.append(':');
            sb.append(g[i]);
        }
        return sb.toString();
    }
}
