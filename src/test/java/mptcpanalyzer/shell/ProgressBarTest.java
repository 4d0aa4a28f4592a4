package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import mptcpanalyzer.analysis.Loader;
import org.junit.jupiter.api.Test;

/**
 * The load's progress line: the bytes read, then the analysis after the last packet, on one
 * line that ends with the load; nothing for a load shorter than the delay.
 */
class ProgressBarTest {
    @Test
    void bytesThenAnalysisOnOneLineEndedByTheLoad() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), 0);
        bar.update(50, 100, 10);
        bar.update(100, 100, 20);
        assertFalse(w.toString().contains("\n"), "the line stays open while the analysis runs: " + w);
        bar.analysing("reinjections");
        bar.analysing("model");
        bar.done();
        String[] draws = w.toString().split("\r", -1);
        assertEquals("", draws[0]);
        assertEquals("loading [###############               ] 50% 10 packets", draws[1]);
        assertEquals("loading [##############################] 100% 20 packets", draws[2]);
        assertEquals("loading [##############################] 100% 20 packets, analysing: reinjections", draws[3]);
        // a shorter step pads over the longer one before it
        assertEquals("loading [##############################] 100% 20 packets, analysing: model       \n", draws[4]);
        assertEquals(5, draws.length);
        bar.done();
        assertTrue(w.toString().endsWith("model       \n"), "a second done() draws nothing");
    }

    @Test
    void aLoadShorterThanTheDelayShowsNothing() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), 60_000_000_000L);
        bar.update(100, 100, 20);
        bar.analysing("reinjections");
        bar.done();
        assertEquals("", w.toString());
    }

    /** The loader tells the steps of its analysis, then that it is done, once. */
    @Test
    void theLoaderTellsItsStepsAndTheEnd() throws Exception {
        StringBuilder told = new StringBuilder();
        Loader.load(Path.of("testdata/demo.pcap"), new Loader.Progress() {
            @Override public void update(long position, long size, int packets) {
                if (position == size) told.append("read ");
            }
            @Override public void analysing(String step) { told.append(step).append(", "); }
            @Override public void done() { told.append("done"); }
        });
        assertEquals("read DSS mappings, reinjections, done", told.toString());
    }
}
