package mptcpanalyzer.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutationsTest {
    /**
     * A stack of mutations whose first cut the file to nothing: every kind after it leaves the
     * empty file as it is (it failed with "bound must be positive", once in CI).
     */
    @Test
    void anEmptyFileIsLeftAsItIs() throws IOException {
        CaptureFile f = new CaptureFile(Path.of("testdata/v1-lossy.pcap"));
        for (long seed = 0; seed < 200; seed++) {
            Mutations.Mutant m = Mutations.one(f, new byte[0], new Random(seed));
            assertEquals(0, m.bytes().length, "seed " + seed + ": " + m.what());
        }
    }
}
