package mptcpanalyzer.model;

/**
 * A TCP conversation, numbered exactly like Wireshark's {@code tcp.stream} (0-based, in order
 * of first packet, every TCP conversation of the file). It is an MPTCP subflow when
 * {@link #conn} >= 0.
 *
 * <p>"Client" is the sender of the first SYN seen (without ACK); when no SYN was captured, the
 * sender of the conversation's first packet. Fields are filled during the load and must not be
 * changed afterwards.
 */
public final class Subflow {
    /** {@code tcp.stream}. */
    public final int id;
    public final Endpoint client;
    public final Endpoint server;

    /** MPTCP connection ({@code mptcp.stream}) or -1 when the conversation is plain TCP. */
    public int conn = -1;
    /** Carried the MP_CAPABLE handshake of its connection ({@code mptcp.master}). */
    public boolean master;
    /** Role in the connection of this subflow's client: 0 = the connection's client, 1 = its server. */
    public int clientRole = 0;

    /** MP_JOIN: token carried by the SYN (the token of the receiver), or -1 when none. */
    public long joinToken = -1;
    /** MP_JOIN: address ids of the SYN and the SYN/ACK sender, -1 when not seen. */
    public int joinAddrIdClient = -1;
    public int joinAddrIdServer = -1;
    /** MP_JOIN nonces (random numbers) of client (SYN) and server (SYN/ACK), -1 when not seen. */
    public long joinNonceClient = -1;
    public long joinNonceServer = -1;
    /** MP_JOIN SYN/ACK truncated HMAC, or 0 with {@link #joinHmacServerSeen} false. */
    public long joinHmacServer;
    public boolean joinHmacServerSeen;
    /** MP_JOIN third-ACK 160-bit HMAC (20 bytes) or null. */
    public byte[] joinHmacClient;
    /** Backup flag: from MP_JOIN (B bit) and the latest MP_PRIO of either side. */
    public boolean backup;
    /** Frame numbers (1-based) of the join SYN, SYN/ACK, ACK; 0 when not seen. */
    public int joinSynFrame, joinSynAckFrame, joinAckFrame;

    /** First and last frame (1-based). */
    public int firstFrame;
    public int lastFrame;
    /** Packets and payload bytes in each direction (0 = client to server). */
    public final long[] packets = new long[2];
    public final long[] bytes = new long[2];

    /** Initial sequence numbers (raw) per direction, when a SYN was seen in that direction. */
    public final int[] isn = new int[2];
    public final boolean[] isnSeen = new boolean[2];
    /** Base sequence per direction as Wireshark sets it (first packet's seq when no SYN). */
    public final int[] baseSeq = new int[2];
    public final boolean[] baseSeqSeen = new boolean[2];

    /** Handshake and closing flags seen: SYN (client), SYN/ACK (server), FIN per direction, RST. */
    public boolean synSeen, synAckSeen;
    public final boolean[] finSeen = new boolean[2];
    public boolean rstSeen;
    /** MPTCP options seen on SYN and SYN/ACK (to detect a fallback). */
    public boolean synHadMptcp, synAckHadMptcp;
    /** MP_CAPABLE SYN seen on this subflow: its frame, flags and version (0 / -1 when not seen). */
    public int capableSynFrame;
    public int capableSynFlags = -1;
    public int capableSynVersion = -1;
    /** Data segments without any MPTCP option on a subflow of a connection. */
    public long dataWithoutMptcp;
    /** Number of packets with MPTCP options. */
    public long mptcpPackets;

    /** Next subflow with the same 4-tuple hash (collision chain of the subflow index). */
    public int nextSameHash = -1;
    /** Client and server addresses packed as two longs each (bytes 0-7, 8-15), for fast lookups. */
    public final long clientHi, clientLo, serverHi, serverLo;

    public Subflow(int id, Endpoint client, Endpoint server) {
        this.id = id;
        this.client = client;
        this.server = server;
        this.clientHi = packHi(client.address());
        this.clientLo = packLo(client.address());
        this.serverHi = packHi(server.address());
        this.serverLo = packLo(server.address());
    }

    /** Bytes 0-7 of a 4- or 16-byte address, big-endian, zero-padded. */
    public static long packHi(byte[] a) { return pack(a, 0, Math.min(8, a.length)); }

    /** Bytes 8-15 of a 16-byte address (0 for IPv4). */
    public static long packLo(byte[] a) { return a.length > 8 ? pack(a, 8, 8) : 0; }

    private static long pack(byte[] a, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (a[off + i] & 0xff);
        return v << (8 * (8 - n));
    }

    /** 4 or 6. */
    public int ipVersion() { return client.ipVersion(); }

    /** Total packets in both directions. */
    public long totalPackets() { return packets[0] + packets[1]; }

    /** Total payload bytes in both directions. */
    public long totalBytes() { return bytes[0] + bytes[1]; }

    /** {@code rst}, {@code fin} (both directions closed), {@code closing} (one FIN), {@code open}, {@code syn_sent}. */
    public String state() {
        if (rstSeen) return "rst";
        if (finSeen[0] && finSeen[1]) return "fin";
        if (finSeen[0] || finSeen[1]) return "closing";
        if (synSeen && !synAckSeen) return "syn_sent";
        return "open";
    }
}
