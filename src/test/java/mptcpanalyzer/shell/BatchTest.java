package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connections|connections",
        "# whole line|''",
        "subflows 0   # trailing|subflows 0",
        "filter 'a#b' # c|filter 'a#b'",
        "filter \"x # y\"|filter \"x # y\"",
        "frame#3|frame#3",
    })
    void stripsCommentsOutsideQuotes(String line, String expected) {
        assertEquals(expected, Batch.stripComment(line));
    }
}
