package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mptcpanalyzer.query.Duplicates;
import org.junit.jupiter.api.Test;

/** The dupcheck command's arguments, errors and headers, through the real program. */
class DupcheckCommandTest {
    static final String LOSSY = "testdata/v1-lossy.pcap";

    @Test
    void headersAreTheDocumentedColumns() {
        BatchModeTest.Result r = BatchModeTest.run("", LOSSY, "-c", "dupcheck --format csv",
                "-c", "dupcheck 0 --subflow 1 --summary --format csv");
        assertEquals(0, r.status(), r.err());
        List<String> lines = List.of(r.out().split("\r\n"));
        assertEquals(String.join(",", Duplicates.FRAME_COLUMNS), lines.get(0));
        assertEquals("frame,original_frame,conn,direction,subflow,original_subflow,dsn,len,bytes,"
                + "delay_s,acked_before,retransmitted_bytes,resent_bytes,reinjection_of", lines.get(0));
        int summary = lines.indexOf("conn,direction,kind,from_subflow,to_subflow,frames,bytes,"
                + "data_bytes,share_pct");
        // the same-subflow rows of subflow 1 always exist in v1-lossy (30 TCP retransmissions there)
        assertEquals(true, summary > 0, r.out());
        for (String l : lines.subList(summary + 1, lines.size())) {
            String[] c = l.split(",", -1);
            assertEquals(true, c[3].equals("1") || c[4].equals("1"), "rows name subflow 1: " + l);
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        BatchModeTest.Result r = BatchModeTest.run("", LOSSY, "-c", "dupcheck 4", "-c",
                "dupcheck --subflow 7", "-c", "dupcheck --subflow -1");
        assertEquals(1, r.status());
        String[] err = r.err().strip().split("\n");
        assertEquals(List.of("error: no connection 4 (the capture has 1: ids 0..0)",
                "error: no subflow 7 (the capture has 2: ids 0..1)",
                "error: no subflow -1 (the capture has 2: ids 0..1)"), List.of(err));
    }

    @Test
    void aSubflowOutsideTheConnectionIsAnError() {
        BatchModeTest.Result r = BatchModeTest.run("", "testdata/v1-multiconn.pcap", "-c",
                "dupcheck 0 --subflow 3");
        assertEquals(1, r.status());
        assertEquals("error: subflow 3 is not in connection 0 (it is in connection 1)", r.err().strip());
    }
}
