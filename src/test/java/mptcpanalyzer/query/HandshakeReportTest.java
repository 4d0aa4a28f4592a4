package mptcpanalyzer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mptcpanalyzer.analysis.Loader;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handshake}: tokens and IDSNs against tshark's mptcp.expected_token / expected_idsn,
 * every MP_JOIN and ADD_ADDR HMAC of the real captures verified, and a flipped HMAC byte caught.
 */
class HandshakeReportTest {
    static Trace load(Path p) throws IOException { return Loader.load(p, null); }

    @Test
    void tokensAndIdsnsEqualTsharksExpectedValuesInEveryGoldenCapture() throws Exception {
        int checked = 0;
        for (Path cap : Golden.captures()) {
            Golden g = Golden.of(cap);
            Trace t = load(cap);
            for (int frame = 1; frame <= g.size(); frame++) {
                String tok = g.get(frame, "mptcp.expected_token");
                if (tok.isEmpty() || g.get(frame, "mptcp.stream").isEmpty()) continue;
                int conn = Integer.parseInt(g.get(frame, "mptcp.stream"));
                Map<String, Object> j = HandshakeReport.of(t, conn).json();
                // tshark puts the token of the key of the sender of the frame
                long want = Long.parseLong(tok.split(",")[0]);
                BigInteger idsn = new BigInteger(g.get(frame, "mptcp.expected_idsn").split(",")[0]);
                boolean client = String.format("%08x", want).equals(j.get("client_token"));
                boolean server = String.format("%08x", want).equals(j.get("server_token"));
                assertTrue(client || server, cap + " frame " + frame + ": token " + want + " not in " + j);
                assertEquals(idsn, j.get(client ? "client_idsn" : "server_idsn"), cap + " frame " + frame);
                checked++;
            }
        }
        assertTrue(checked >= 20, "frames checked: " + checked);
    }

    @Test
    void tokenAndIdsnAreTheDigestHalves() throws Exception {
        Trace t = load(Path.of("testdata/v1-2paths.pcap"));
        Map<String, Object> j = HandshakeReport.of(t, 0).json();
        for (String role : List.of("client", "server")) {
            byte[] key = HexFormat.of().parseHex((String) j.get(role + "_key"));
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
            assertEquals(HexFormat.of().formatHex(d), j.get(role + "_digest"));
            assertEquals(HexFormat.of().formatHex(d, 0, 4), j.get(role + "_token"));
            assertEquals(new BigInteger(1, java.util.Arrays.copyOfRange(d, 24, 32)), j.get(role + "_idsn"));
        }
    }

    @Test
    void everyJoinOfTheRealCapturesHasAGoodHmac() throws Exception {
        int joins = 0;
        for (Path cap : Golden.captures()) {
            Trace t = load(cap);
            for (int c = 0; c < t.connections().size(); c++) {
                Map<String, Object> j = HandshakeReport.of(t, c).json();
                for (Object o : (List<?>) j.get("joins")) {
                    Map<?, ?> join = (Map<?, ?>) o;
                    if (join.get("hmac_ok") == null) continue; // key or nonce not captured
                    assertEquals(Boolean.TRUE, join.get("hmac_ok"), cap + " conn " + c + ": " + join);
                    joins++;
                }
            }
        }
        assertTrue(joins >= 15, "joins verified: " + joins);
    }

    @Test
    void joinHmacRecomputedIndependently() throws Exception {
        Trace t = load(Path.of("testdata/v1-2paths.pcap"));
        Subflow s = t.subflows().get(1);
        long kc = t.connections().get(0).key[0], ks = t.connections().get(0).key[1];
        // A = client of the subflow = the connection's client here; B = server
        byte[] synAck = hmac(be(ks, 8, kc, 8), be(s.joinNonceServer, 4, s.joinNonceClient, 4));
        assertEquals(HexFormat.of().formatHex(synAck, 0, 8), String.format("%016x", s.joinHmacServer));
        byte[] ack = hmac(be(kc, 8, ks, 8), be(s.joinNonceClient, 4, s.joinNonceServer, 4));
        assertEquals(HexFormat.of().formatHex(ack, 0, 20), HexFormat.of().formatHex(s.joinHmacClient));
    }

    @Test
    void addAddrHmacsOfRealV1CapturesAreTheRightmost64Bits() throws Exception {
        int n = 0;
        for (String f : List.of("testdata/demo.pcap", "testdata/v1-signal.pcap", "testdata/v1-add-remove.pcap")) {
            Map<String, Object> j = HandshakeReport.of(load(Path.of(f)), 0).json();
            for (Object o : (List<?>) j.get("add_addr")) {
                Map<?, ?> a = (Map<?, ?>) o;
                if (Boolean.TRUE.equals(a.get("echo"))) {
                    assertEquals(null, a.get("hmac_ok"));
                    continue;
                }
                assertEquals(Boolean.TRUE, a.get("hmac_ok"), f + ": " + a);
                n++;
            }
        }
        assertTrue(n >= 5, "announcements verified: " + n);
    }

    @Test
    void aFlippedHmacByteIsReportedForThatJoinOnly(@TempDir Path dir) throws Exception {
        Path orig = Path.of("testdata/demo.pcap");
        Trace t = load(orig);
        Subflow s = t.subflows().get(2);
        byte[] file = Files.readAllBytes(orig);
        // the SYN/ACK's 8-byte truncated HMAC, found in its record
        int at = find(file, (int) t.packets().fileOffset(s.joinSynAckFrame - 1), longBytes(s.joinHmacServer));
        file[at + 3] ^= 0x01;
        Path copy = dir.resolve("flipped.pcap");
        Files.write(copy, file);
        Map<String, Object> j = HandshakeReport.of(load(copy), 0).json();
        List<?> joins = (List<?>) j.get("joins");
        Map<?, ?> bad = (Map<?, ?>) joins.get(1), good = (Map<?, ?>) joins.get(0);
        assertEquals(2, bad.get("subflow"));
        assertEquals(Boolean.FALSE, bad.get("hmac_ok"));
        assertEquals(Boolean.FALSE, bad.get("hmac_synack_ok"));
        assertEquals(Boolean.TRUE, bad.get("hmac_ack_ok"));
        assertEquals(Boolean.TRUE, good.get("hmac_ok"));

        // and a byte of the third ACK's 160-bit HMAC
        byte[] file2 = Files.readAllBytes(orig);
        int at2 = find(file2, (int) t.packets().fileOffset(s.joinAckFrame - 1), s.joinHmacClient);
        file2[at2 + 19] ^= (byte) 0x80;
        Path copy2 = dir.resolve("flipped2.pcap");
        Files.write(copy2, file2);
        Map<?, ?> bad2 = (Map<?, ?>) ((List<?>) HandshakeReport.of(load(copy2), 0).json().get("joins")).get(1);
        assertEquals(Boolean.FALSE, bad2.get("hmac_ok"));
        assertEquals(Boolean.TRUE, bad2.get("hmac_synack_ok"));
        assertEquals(Boolean.FALSE, bad2.get("hmac_ack_ok"));
    }

    @Test
    void joinWithoutKeysIsUnverifiable() throws Exception {
        // mptcp-aa-echo: mid-connection, no handshake: nothing to verify, nothing invented
        Trace t = load(Path.of("testdata/public/tcpdump/mptcp-aa-echo.pcap"));
        Map<String, Object> j = HandshakeReport.of(t, 0).json();
        assertEquals(null, j.get("client_key"));
        assertEquals(null, j.get("client_idsn"));
        assertNotNull(j.get("joins"));
        for (Object o : (List<?>) j.get("add_addr")) {
            Map<?, ?> a = (Map<?, ?>) o;
            assertFalse(Boolean.TRUE.equals(a.get("hmac_ok")), a.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    static byte[] hmac(byte[] key, byte[] msg) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(msg);
    }

    static byte[] be(long a, int an, long b, int bn) {
        byte[] out = new byte[an + bn];
        for (int i = 0; i < an; i++) out[i] = (byte) (a >>> (8 * (an - 1 - i)));
        for (int i = 0; i < bn; i++) out[an + i] = (byte) (b >>> (8 * (bn - 1 - i)));
        return out;
    }

    static byte[] longBytes(long v) { return be(v, 8, 0, 0); }

    static int find(byte[] hay, int from, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= hay.length && i < from + 2000; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new AssertionError("bytes not found after offset " + from);
    }
}
