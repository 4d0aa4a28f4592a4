package mptcpanalyzer.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A packet copied out of a {@link PacketRecord}, for comparing whole reads in tests. */
record Recorded(byte[] data, int origLen, long tsNanos, int linkType, int interfaceId,
        long fileOffset) {

    static Recorded of(PacketRecord r) {
        return new Recorded(Arrays.copyOfRange(r.buf, r.offset, r.offset + r.capLen), r.origLen,
                r.tsNanos, r.linkType, r.interfaceId, r.fileOffset);
    }

    /** Everything the reader delivers, plus the reader itself (closed) for its final state. */
    record Read(List<Recorded> packets, CaptureReader reader) {}

    static Read readAll(Path p) throws IOException {
        List<Recorded> out = new ArrayList<>();
        try (CaptureReader r = Captures.open(p)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) {
                out.add(of(rec));
            }
            if (r.next(rec)) {
                throw new AssertionError("next() returned true after returning false");
            }
            return new Read(out, r);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recorded x && Arrays.equals(data, x.data) && origLen == x.origLen
                && tsNanos == x.tsNanos && linkType == x.linkType && interfaceId == x.interfaceId
                && fileOffset == x.fileOffset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Long.hashCode(tsNanos);
    }

    @Override
    public String toString() {
        return "Recorded[len=" + data.length + ", orig=" + origLen + ", ts=" + tsNanos + ", lt="
                + linkType + ", if=" + interfaceId + ", at=" + fileOffset + "]";
    }
}
