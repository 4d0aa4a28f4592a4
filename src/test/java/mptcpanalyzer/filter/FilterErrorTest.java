package mptcpanalyzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad expressions and their exact error text: the message (tshark 4.0's wording where it has
 * one), then the expression and a caret under the offending token. Positions are counted by
 * hand from the expression.
 */
class FilterErrorTest {
    static Stream<Arguments> bad() {
        return Stream.of(
            row("mptcp.mastr == 1", 0, 11,
                "mptcp.mastr is neither a field nor a protocol name (did you mean mptcp.master?)."),
            row("tcp.option.mptcp.subtype", 0, 24,
                "tcp.option.mptcp.subtype is neither a field nor a protocol name (did you mean tcp.options.mptcp.subtype?)."),
            row("http.host", 0, 9, "http.host is neither a field nor a protocol name."),
            row("tcp.stream = 1", 11, 1, "\"=\" was unexpected in this context."),
            row("tcp.stream @ 1", 11, 1, "\"@\" was unexpected in this context."),
            row("frame.number == 1 and", 21, 1, "Unexpected end of filter expression."),
            row("(frame.number == 1", 18, 1, "Unexpected end of filter expression."),
            row("frame.number == 1 )", 18, 1, "\")\" was unexpected in this context."),
            row("tcp.stream in {}", 15, 1, "\"}\" was unexpected in this context."),
            row("tcp.stream == 1..2", 15, 2, "\"..\" was unexpected in this context."),
            row("", 0, 1, "The filter expression is empty."),
            row("\"unterminated", 0, 13, "The string is not terminated."),
            row("tcp.stream > 1 < 3", 13, 1,
                "Left side of \"<\" expression must be a field or function, not 1."),
            row("tcp.stream == \"a\"", 14, 3,
                "Unsigned integer (4 bytes) cannot be converted from a string (\"a\")."),
            row("frame.number == 1.0", 16, 3, "\"1.0\" is not a valid number."),
            row("tcp.len > -1", 10, 2, "\"-1\" is not a valid number."),
            row("tcp.stream in {1 .. x}", 20, 1, "\"x\" is not a valid number."),
            row("tcp.port == 99999", 12, 5, "\"99999\" too big for this field, maximum 65535."),
            row("tcp.options.mptcp.subtype == 0x100", 29, 5, "\"0x100\" too big for this field, maximum 255."),
            row("tcp.flags.syn == yes", 17, 3, "\"yes\" is not a valid boolean."),
            row("ip.src == 10.0.1.300", 10, 10, "\"10.0.1.300\" is not a valid IPv4 address."),
            row("ip.addr == 10.0.0.0/33", 11, 11, "\"10.0.0.0/33\" is not a valid IPv4 address."),
            row("ipv6.addr == 10.0.0.1", 13, 8, "\"10.0.0.1\" is not a valid IPv6 address."),
            row("ipv6.addr == fd00:::1", 13, 8, "\"fd00:::1\" is not a valid IPv6 address."),
            row("tcp.stream contains \"1\"", 0, 10,
                "tcp.stream (type=Unsigned integer (4 bytes)) cannot participate in contains comparison."),
            row("mptcp == 1", 0, 5, "mptcp (type=Protocol) cannot participate in \"==\" comparison."),
            row("tcp.options.mptcp.sendhmac > 00:11", 0, 26,
                "tcp.options.mptcp.sendhmac (type=Byte sequence) cannot participate in \">\" comparison."),
            row("tcp.options.mptcp.sendhmac == 0:11", 30, 4, "\"0:11\" is not a valid byte string."),
            row("ip.addr in {10.0.0.1 .. 10.0.0.5}", 12, 20,
                "A range needs a numeric field; ip.addr is of type IPv4 address."),
            row("mptcp.analysis.subflows matches \"(\"", 32, 3,
                "\"(\" is not a valid regular expression: Unclosed group."),
            row("mptcp.anomaly == \"dss_checksum_bda\"", 17, 18,
                "\"dss_checksum_bda\" is not an anomaly name (did you mean dss_checksum_bad?)."));
    }

    static Arguments row(String expr, int pos, int len, String message) {
        return Arguments.of(expr, message + "\n  " + expr + "\n  " + " ".repeat(pos) + "^" + "~".repeat(len - 1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("bad")
    void errorTextIsExact(String expr, String text) {
        FilterException e = assertThrows(FilterException.class, () -> Filter.check(expr));
        assertEquals(text, e.withCaret());
    }
}
