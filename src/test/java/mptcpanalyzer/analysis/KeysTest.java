package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysTest {
    /** Keys, tokens and IDSNs as tshark 4.0 shows them (mptcp.expected_token/expected_idsn). */
    @ParameterizedTest
    @CsvSource({
        // tcpdump tests/mptcp-v0.pcap frame 1 (v0: SHA-1)
        "0, 11285646634205721522, 2945910507, 10975753215851282121",
        // tcpdump tests/mptcp-v0.pcap frame 2
        "0, 10843866842831127890, 3833528642, 16464867208451421327",
        // tcpdump tests/mptcp-v1.pcap frame 2 (v1: SHA-256)
        "1, 3001306557161771836, 2740809090, 11713449205243392241",
        // tcpdump tests/mptcp-v1.pcap frame 3
        "1, 2295531734017261039, 597671344, 14413541604287230029",
    })
    void tokenAndIdsnMatchWireshark(int version, String key, long token, String idsn) {
        long k = Long.parseUnsignedLong(key);
        assertEquals(token, Keys.token(k, version));
        assertEquals(idsn, Long.toUnsignedString(Keys.idsn(k, version)));
    }
}
