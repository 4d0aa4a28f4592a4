package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.PacketList;
import mptcpanalyzer.testutil.BatchRun;
import org.junit.jupiter.api.Test;

/**
 * The option pool in tiny chunks (64 bytes, {@code mptcp.pool.chunkshift=6}: every few packets
 * cross one) gives every reader of the options what one chunk gives: packet lists, the
 * handshake report (ADD_ADDR, REMOVE_ADDR), option fields in filters (numbers and bytes),
 * DATA_ACKs and the reinjection analysis, on every capture of testdata/.
 */
class OptionChunksTest {
    /** The MP_JOIN third ACK's HMAC of testdata/v1-2paths.pcap, frame 8 (tshark's). */
    private static final String HMAC = "7d:0a:05:da:a6:f3:59:1c:74:9d:a6:f9:76:35:ef:55:35:8f:ba:68";

    private static final String[] COMMANDS = {
        "info", "packets --format csv --columns " + String.join(",", PacketList.COLUMNS),
        "handshake 0", "dupcheck --format csv",
        "filter tcp.options.mptcp.subtype == 2 && tcp.options.mptcp.rawdataack",
        "packets --format csv --columns frame,dack",
        "filter tcp.options.mptcp.sendhmac", "packets --format csv --columns frame",
        "filter tcp.options.mptcp.sendhmac == " + HMAC, "packets --format csv --columns frame",
    };

    /** The output of {@link #COMMANDS} on {@code capture} with chunks of 2^{@code shift} bytes. */
    private static String run(Path capture, int shift) {
        System.setProperty("mptcp.pool.chunkshift", Integer.toString(shift));
        try {
            return BatchRun.output(capture, COMMANDS);
        } finally {
            System.clearProperty("mptcp.pool.chunkshift");
        }
    }

    @Test
    void sameOutputWithTinyChunks() throws IOException {
        List<Path> captures = BatchRun.testdataCaptures();
        assertTrue(captures.size() > 20, "captures found: " + captures.size());
        for (Path c : captures) {
            assertEquals(run(c, PacketTable.Builder.CHUNK_SHIFT), run(c, 6), c.toString());
        }
    }

    @Test
    void aBytesFieldIsComparedInTheChunkItsPacketsOptionsAreIn() throws IOException {
        Path capture = Path.of("testdata/v1-2paths.pcap");
        String out = run(capture, 6);
        assertTrue(out.replace("\r\n", "\n").contains("1 of 386 packets match\nframe\n8\n"), out);
        System.setProperty("mptcp.pool.chunkshift", "6");
        try {
            Trace t = Loader.load(capture, null);
            assertTrue(t.packets().chunkIndex(7) > 0, "frame 8's options in chunk " + t.packets().chunkIndex(7));
        } finally {
            System.clearProperty("mptcp.pool.chunkshift");
        }
    }
}
