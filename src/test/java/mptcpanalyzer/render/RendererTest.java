package mptcpanalyzer.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererTest {
    private final Table table = Table.of("id", "name", "frames", "ok", "dur")
            .row(1, "a,b", List.of(3, 4), true, new BigDecimal("0.500000"))
            .row(22, "say \"hi\"", List.of(), null, null)
            .build();

    private static String render(Table t, Format f) {
        StringWriter sw = new StringWriter();
        Renderer.render(t, f, new PrintWriter(sw));
        return sw.toString();
    }

    @Test
    void csvQuotesAndJoinsLists() {
        assertEquals("id,name,frames,ok,dur\r\n"
                + "1,\"a,b\",3 4,true,0.500000\r\n"
                + "22,\"say \"\"hi\"\"\",,,\r\n", render(table, Format.CSV));
    }

    @Test
    void jsonIsAnArrayOfObjectsWithNullsForUnknown() {
        assertEquals("[\n"
                + "  {\"id\": 1, \"name\": \"a,b\", \"frames\": [3, 4], \"ok\": true, \"dur\": 0.500000},\n"
                + "  {\"id\": 22, \"name\": \"say \\\"hi\\\"\", \"frames\": [], \"ok\": null, \"dur\": null}\n"
                + "]\n", render(table, Format.JSON));
    }

    @Test
    void jsonOfNoRowsIsAnEmptyArray() {
        assertEquals("[]\n", render(Table.of("a").build(), Format.JSON));
    }

    @Test
    void jsonWritesUnsigned64BitValuesAsNumbers() {
        Table t = Table.of("idsn").row(new BigInteger("18446744073709551615")).build();
        assertEquals("[\n  {\"idsn\": 18446744073709551615}\n]\n", render(t, Format.JSON));
    }

    @Test
    void textAlignsColumnsAndRightAlignsNumbers() {
        assertEquals("id  name      frames  ok    dur\n"
                + " 1  a,b       3 4     true  0.500000\n"
                + "22  say \"hi\"\n", render(table, Format.TABLE));
    }

    @Test
    void verticalTableListsNameValuePairs() {
        Table t = Table.of("file", "packets").row("x.pcap", 12).vertical().build();
        assertEquals("file:    x.pcap\npackets: 12\n", render(t, Format.TABLE));
    }

    @Test
    void formatParseRejectsUnknownNames() {
        assertEquals(Format.JSON, Format.parse(" Json "));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Format.parse("xml"));
        assertEquals("unknown format 'xml' (expected: table, csv or json)", e.getMessage());
    }
}
