package mptcpanalyzer.shell;

import java.io.IOException;
import java.io.PrintWriter;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.capture.RecordAt;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.query.FrameExplanation;
import mptcpanalyzer.render.Format;
import mptcpanalyzer.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code explain FRAME}: the frame decoded layer by layer for teaching; in table format an
 * annotated hex listing, in CSV/JSON one record per field.
 */
@Command(name = "explain", description = {
    "Decode frame FRAME field by field: link, IP, TCP, each MPTCP option with its raw bytes "
            + "(hex offsets in the frame), every field and flag with its meaning, then what the "
            + "analysis derived (subflow, connection, master, DSN, anomalies).",
    "Columns (csv/json): layer offset length bytes field value meaning"})
final class Explain extends Commands.Base {
    /** Bytes shown per line of the hex column before it wraps. */
    private static final int BYTES_PER_LINE = 8;
    private static final int MAX_VALUE_WIDTH = 20;

    @Parameters(paramLabel = "FRAME", description = "Frame number (1-based, as in Wireshark).")
    int frame;

    @picocli.CommandLine.Option(names = "--layers", split = ",", paramLabel = "LAYER[,LAYER...]",
            description = "Show only these layers: frame, link, ip, tcp (with its options), mptcp, payload, analysis.")
    java.util.List<String> layers;

    @Mixin FormatOption format;

    Explain(Session s) { super(s); }

    private static final java.util.List<String> LAYERS =
            java.util.List.of("frame", "link", "ip", "tcp", "mptcp", "payload", "analysis");

    /** Keeps the rows whose layer's first word is one of {@code wanted}. */
    static Table only(Table t, java.util.List<String> wanted) {
        for (String w : wanted) {
            if (!LAYERS.contains(w)) {
                throw new UserException("explain: unknown layer '" + w + "' (expected: " + String.join(", ", LAYERS) + ")");
            }
        }
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (Object[] r : t.rows()) {
            String layer = (String) r[0];
            int sp = layer.indexOf(' ');
            if (wanted.contains(sp < 0 ? layer : layer.substring(0, sp))) rows.add(r);
        }
        return new Table(t.columns(), rows, false);
    }

    @Override
    void execute() {
        Trace t = session.trace();
        if (!t.hasFrame(frame)) {
            throw new UserException("no frame " + frame + " (the capture has frames 1.."
                    + t.packets().size() + ")");
        }
        PacketRecord rec;
        try {
            rec = RecordAt.read(t.path(), frame, t.packets().fileOffset(frame - 1));
        } catch (IOException e) {
            throw new UserException("explain: cannot read frame " + frame + " back: "
                    + CommandRunner.oneLine(e.getMessage()));
        }
        Table table = FrameExplanation.of(t, frame, rec);
        if (layers != null) table = only(table, layers);
        Format f = format.get() == null ? session.format() : format.get();
        if (f == Format.TABLE) text(table, session.out());
        else session.print(table, f);
    }

    /** Layer headings, then "offset  bytes  field  value  meaning" lines; long byte runs wrap. */
    static void text(Table t, PrintWriter out) {
        int fieldWidth = 0;
        for (Object[] r : t.rows()) fieldWidth = Math.max(fieldWidth, str(r[4]).length());
        String layer = null;
        for (int k = 0; k < t.rows().size(); k++) {
            Object[] r = t.rows().get(k);
            if (!r[0].equals(layer)) {
                layer = (String) r[0];
                if (k > 0) out.println();
                out.println(layer);
            }
            String[] hex = str(r[3]).isEmpty() ? new String[0] : chunks(str(r[3]));
            String offset = str(r[1]);
            String first = hex.length == 0 ? "" : hex[0];
            String value = str(r[5]);
            StringBuilder sb = new StringBuilder("  ");
            sb.append(pad(offset, 6)).append("  ").append(pad(first, BYTES_PER_LINE * 3 - 1)).append("  ")
                    .append(pad(str(r[4]), fieldWidth)).append("  ")
                    .append(pad(value, Math.min(MAX_VALUE_WIDTH, Math.max(value.length(), MAX_VALUE_WIDTH))))
                    .append("  ").append(str(r[6]));
            out.println(sb.toString().stripTrailing());
            long base = offset.startsWith("0x") ? Long.parseLong(offset.substring(2), 16) : 0;
            for (int c = 1; c < hex.length; c++) {
                String o = offset.isEmpty() ? "" : String.format("0x%04x", base + (long) c * BYTES_PER_LINE);
                out.println(("  " + pad(o, 6) + "  " + hex[c]).stripTrailing());
            }
        }
        out.flush();
    }

    /** Splits "aa bb cc ..." into lines of {@link #BYTES_PER_LINE} bytes (a trailing note stays whole). */
    private static String[] chunks(String hex) {
        int note = hex.indexOf('[');
        String bytes = note < 0 ? hex : hex.substring(0, note).strip();
        String[] parts = bytes.isEmpty() ? new String[0] : bytes.split(" ");
        int lines = (parts.length + BYTES_PER_LINE - 1) / BYTES_PER_LINE + (note < 0 ? 0 : 1);
        String[] out = new String[Math.max(1, lines)];
        int li = 0;
        for (int p = 0; p < parts.length; p += BYTES_PER_LINE) {
            out[li++] = String.join(" ", java.util.Arrays.copyOfRange(parts, p, Math.min(parts.length, p + BYTES_PER_LINE)));
        }
        if (note >= 0) out[li++] = hex.substring(note);
        if (li == 0) out[0] = "";
        return out;
    }

    private static String str(Object o) {
        if (o == null) return "";
        if (o instanceof java.math.BigDecimal d) return d.toPlainString();
        if (o instanceof java.util.List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (Object x : l) sb.append(sb.length() == 0 ? "" : " ").append(x);
            return sb.toString();
        }
        return o.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
