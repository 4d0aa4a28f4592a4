package mptcpanalyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mptcpanalyzer.query.PacketList;
import mptcpanalyzer.testutil.BatchRun;
import org.junit.jupiter.api.Test;

/**
 * Reading and decoding on a second thread ({@link ReadAhead}) gives the same model as on the
 * loading thread: every command's output, every packet column included, on every capture of
 * testdata/ (real, public, crafted and damaged ones), both ways.
 */
class ReadAheadTest {
    private static final String[] COMMANDS = {
        "info", "connections --format csv", "subflows --format csv", "anomalies --format csv",
        "packets --format csv --columns " + String.join(",", PacketList.COLUMNS),
        "dupcheck --format csv", "dupcheck --summary --format csv", "filter mptcp.dsn",
        "packets --format csv --columns frame,dsn,dack",
    };

    /**
     * The output of {@link #COMMANDS} on {@code capture}, read ahead or not ({@code mode} "on" or
     * "off"), the reading thread decoding a batch while the analysis is {@code lead} batches
     * behind (1: whenever it can; a large one: never, the analysis decodes every batch).
     */
    private static String run(Path capture, String mode, int lead) {
        String old = System.getProperty("mptcp.readahead");
        System.setProperty("mptcp.readahead", mode);
        System.setProperty("mptcp.readahead.lead", Integer.toString(lead));
        // batches of 7 records or 512 bytes, read through a window of 700 bytes: records cross
        // batch ends and the reader's buffers, which are given again while batches hold records
        // of others; records larger than the window grow it
        System.setProperty("mptcp.readahead.records", "7");
        System.setProperty("mptcp.readahead.bytes", "512");
        System.setProperty("mptcp.capture.window", "700");
        // the columns sized after 8 packets, from the record count (asserted exact) or, while
        // it is counted, doubled, or else estimated (a compressed file)
        System.setProperty("mptcp.presize.after", "8");
        try {
            return BatchRun.output(capture, COMMANDS);
        } finally {
            System.clearProperty("mptcp.readahead.records");
            System.clearProperty("mptcp.readahead.bytes");
            System.clearProperty("mptcp.capture.window");
            System.clearProperty("mptcp.presize.after");
            System.clearProperty("mptcp.readahead.lead");
            if (old == null) System.clearProperty("mptcp.readahead");
            else System.setProperty("mptcp.readahead", old);
        }
    }

    @Test
    void sameOutputWithAndWithoutReadAhead() throws IOException {
        List<Path> captures = BatchRun.testdataCaptures();
        assertTrue(captures.size() > 20, "captures found: " + captures.size());
        for (Path c : captures) {
            String serial = run(c, "off", ReadAhead.LEAD);
            assertEquals(serial, run(c, "on", ReadAhead.LEAD), c.toString());
            assertEquals(serial, run(c, "on", 1), c.toString() + ", the reading thread decoding");
            assertEquals(serial, run(c, "on", Integer.MAX_VALUE), c.toString() + ", the analysis decoding");
            assertFalse(serial.isBlank());
        }
    }

    /**
     * The decoding is shared as {@link ReadAhead} says: with a lead no batch count reaches, the
     * analysis decodes every batch; with a lead of 1 the reading thread decodes each batch it
     * gets to first; either way every record comes, decoded, in file order.
     */
    @Test
    void whoDecodesFollowsTheLead() throws IOException {
        Path capture = Path.of("testdata/demo.pcap");
        List<Long> serial = offsets(capture, 0, Integer.MAX_VALUE, null);
        int[] byReader = new int[1];
        assertEquals(serial, offsets(capture, 5, Integer.MAX_VALUE, byReader));
        assertEquals(0, byReader[0], "a lead never reached: the analysis decodes every batch");
        assertEquals(serial, offsets(capture, 5, 1, byReader));
        assertTrue(serial.size() > 300, "records: " + serial.size());
    }

    /**
     * Each record's file offset and decoded TCP sequence number, in the order read; batches of
     * {@code records} ({@code 0}: no read-ahead); the reading thread's decoded batches in
     * {@code byReader[0]}.
     */
    private static List<Long> offsets(Path capture, int records, int lead, int[] byReader) throws IOException {
        List<Long> out = new ArrayList<>();
        try (mptcpanalyzer.capture.CaptureReader r = mptcpanalyzer.capture.Captures.open(capture)) {
            if (records == 0) {
                mptcpanalyzer.capture.PacketRecord rec = new mptcpanalyzer.capture.PacketRecord();
                mptcpanalyzer.wire.PacketDecoder d = new mptcpanalyzer.wire.PacketDecoder();
                mptcpanalyzer.wire.DecodedPacket p = new mptcpanalyzer.wire.DecodedPacket();
                while (r.next(rec)) {
                    d.decode(rec, p);
                    out.add(rec.fileOffset * 31 + (p.tcp ? p.seq : -1));
                }
                return out;
            }
            try (ReadAhead ahead = ReadAhead.start(r, records, 4096, lead)) {
                ReadAhead.Batch b;
                while ((b = ahead.take()) != null) {
                    for (int j = 0; j < b.n; j++) {
                        out.add(b.fileOffset[j] * 31 + (b.packets[j].tcp ? b.packets[j].seq : -1));
                    }
                    ahead.recycle(b);
                }
                byReader[0] = ahead.decodedByReader();
            }
        }
        return out;
    }

    /**
     * The reader's buffers are given again, not made anew for every window: also after the window
     * has grown for a large record, when the free buffers are smaller than it (dropped then, not
     * left in the way). Small records, one of 3,000 bytes, then many small ones, through a window
     * of 700 bytes: every record comes, in order, from a handful of buffers.
     */
    @Test
    void buffersAreGivenAgainAfterTheWindowGrows(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        List<Integer> lengths = new ArrayList<>();
        for (int k = 0; k < 50; k++) lengths.add(100);
        lengths.add(3000);
        for (int k = 0; k < 2000; k++) lengths.add(100);
        for (int k = 0; k < lengths.size(); k++) {
            int len = lengths.get(k);
            java.nio.ByteBuffer r = java.nio.ByteBuffer.allocate(16 + len).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            r.putInt(k).putInt(0).putInt(len).putInt(len);
            out.write(r.array()); // bytes of no known protocol: decoded as not IP
        }
        Path capture = dir.resolve("sizes.pcap");
        java.nio.file.Files.write(capture, out.toByteArray());
        System.setProperty("mptcp.capture.window", "700");
        List<Integer> seen = new ArrayList<>();
        int made;
        try (mptcpanalyzer.capture.CaptureReader r = mptcpanalyzer.capture.Captures.open(capture);
                ReadAhead ahead = ReadAhead.start(r, 7, 512, ReadAhead.LEAD)) {
            ReadAhead.Batch b;
            while ((b = ahead.take()) != null) {
                for (int j = 0; j < b.n; j++) seen.add(b.capLen[j]);
                ahead.recycle(b);
            }
            made = ahead.buffersMade();
        } finally {
            System.clearProperty("mptcp.capture.window");
        }
        assertEquals(lengths, seen);
        // ~80 windows of 3 KB are read after the large record; the batches in flight hold 4
        assertTrue(made <= 12, "buffers made: " + made);
    }

    /**
     * A load interrupted (Ctrl-C in the shell) stops with a cancellation, whoever decodes, and
     * leaves no reading thread behind.
     */
    @Test
    void anInterruptedLoadIsCancelledAndStopsTheReadingThread() throws Exception {
        Path capture = Path.of("testdata/demo.pcap");
        for (int lead : new int[] {1, Integer.MAX_VALUE}) {
            System.setProperty("mptcp.readahead", "on");
            System.setProperty("mptcp.readahead.records", "3");
            System.setProperty("mptcp.readahead.lead", Integer.toString(lead));
            try (mptcpanalyzer.capture.CaptureReader r = mptcpanalyzer.capture.Captures.open(capture)) {
                // opened first: an interrupted thread cannot open a file channel
                Thread.currentThread().interrupt();
                org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                        () -> Loader.load(r, capture, null, System.nanoTime()));
            } finally {
                Thread.interrupted();
                System.clearProperty("mptcp.readahead");
                System.clearProperty("mptcp.readahead.records");
                System.clearProperty("mptcp.readahead.lead");
            }
            boolean left = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("read-ahead") && t.isAlive());
            assertFalse(left, "a reading thread left running, lead " + lead);
            // and the next load, not interrupted, loads
            assertTrue(Loader.load(capture, null).packets().size() > 300);
        }
    }
}
