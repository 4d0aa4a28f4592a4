package mptcpanalyzer.testutil;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damaged copies of a real capture, the way captures get damaged in the field or by a fuzzer:
 * bit flips, MPTCP and TCP option length bytes set to 0/1/2/3/255, files cut at record
 * boundaries or inside records, record lengths corrupted, records duplicated or removed.
 * Every mutation is a pure function of the file and the {@link Random}, so a seed replays it.
 */
public final class Mutations {
    /** A damaged copy and what was done to it (for failure messages). */
    public record Mutant(byte[] bytes, String what) {}

    /** Option length bytes that break parsers: too short for any option, and far too long. */
    public static final int[] BAD_LENGTHS = {0, 1, 2, 3, 255};

    private static final int KINDS = 10;

    private Mutations() {}

    /** One random mutation, sometimes two or three stacked. */
    public static Mutant any(CaptureFile f, Random rnd) {
        Mutant m = one(f, f.bytes, rnd);
        int more = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0;
        for (int i = 0; i < more; i++) {
            Mutant n = one(f, m.bytes, rnd);
            m = new Mutant(n.bytes, m.what + " + " + n.what);
        }
        return m;
    }

    /**
     * Mutation {@code kind} applied to {@code b} (the framing of {@code f} is used to find
     * places; after an earlier mutation it may be off, which is fine for a fuzzer).
     */
    static Mutant one(CaptureFile f, byte[] b, Random rnd) {
        int kind = rnd.nextInt(KINDS);
        // an earlier mutation of a stack may have cut the file to nothing: no byte to change
        if (b.length == 0) return new Mutant(b, "nothing left to mutate");
        switch (kind) {
            case 0: return bitFlips(b, rnd);
            case 1: {
                List<CaptureFile.Opt> opts = f.mptcpOptions();
                if (opts.isEmpty()) return bitFlips(b, rnd);
                return optionLength(b, opts.get(rnd.nextInt(opts.size())), rnd);
            }
            case 2: {
                if (f.options.isEmpty()) return bitFlips(b, rnd);
                return optionLength(b, f.options.get(rnd.nextInt(f.options.size())), rnd);
            }
            case 3: {
                int at = rnd.nextInt(b.length + 1);
                return new Mutant(Arrays.copyOf(b, at), "cut at " + at);
            }
            case 4: {
                if (f.records.isEmpty()) return bitFlips(b, rnd);
                int at = Math.min(b.length, f.records.get(rnd.nextInt(f.records.size())).start());
                return new Mutant(Arrays.copyOf(b, at), "cut at record boundary " + at);
            }
            case 5: return recordLength(f, b, rnd);
            case 6: return duplicateOrRemove(f, b, rnd);
            case 7: {
                byte[] c = b.clone();
                int n = 1 + rnd.nextInt(16);
                for (int i = 0; i < n; i++) c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
                return new Mutant(c, n + " random bytes");
            }
            case 8: {
                List<CaptureFile.Opt> opts = f.mptcpOptions();
                if (opts.isEmpty()) return bitFlips(b, rnd);
                CaptureFile.Opt o = opts.get(rnd.nextInt(opts.size()));
                byte[] c = b.clone();
                int at = o.offset() + 2 + rnd.nextInt(Math.max(1, o.length() - 2));
                if (at < c.length) c[at] = (byte) rnd.nextInt(256);
                return new Mutant(c, "MPTCP option body byte at " + at);
            }
            default: {
                // the IP header: lengths, version, protocol
                if (f.records.isEmpty()) return bitFlips(b, rnd);
                CaptureFile.Rec r = f.records.get(rnd.nextInt(f.records.size()));
                byte[] c = b.clone();
                int at = r.dataOffset() + rnd.nextInt(Math.max(1, Math.min(r.capLen(), 80)));
                if (at < c.length) c[at] = (byte) BAD_LENGTHS[rnd.nextInt(BAD_LENGTHS.length)];
                return new Mutant(c, "header byte at " + at + " = " + (c[Math.min(at, c.length - 1)] & 0xff));
            }
        }
    }

    static Mutant bitFlips(byte[] b, Random rnd) {
        byte[] c = b.clone();
        int n = 1 + rnd.nextInt(8);
        StringBuilder at = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int p = rnd.nextInt(c.length);
            c[p] ^= (byte) (1 << rnd.nextInt(8));
            at.append(i == 0 ? "" : ",").append(p);
        }
        return new Mutant(c, n + " bit flips at " + at);
    }

    /** Sets the length byte of option {@code o} to one of {@link #BAD_LENGTHS}. */
    public static Mutant optionLength(byte[] b, CaptureFile.Opt o, Random rnd) {
        byte[] c = b.clone();
        int v = BAD_LENGTHS[rnd.nextInt(BAD_LENGTHS.length)];
        if (o.offset() + 1 < c.length) c[o.offset() + 1] = (byte) v;
        return new Mutant(c, "option kind " + o.kind() + " at " + o.offset() + " length " + v);
    }

    static Mutant recordLength(CaptureFile f, byte[] b, Random rnd) {
        if (f.records.isEmpty()) return bitFlips(b, rnd);
        int k = rnd.nextInt(f.records.size());
        int field = f.capLenField(k);
        if (field + 4 > b.length) return bitFlips(b, rnd);
        int incl = f.records.get(k).capLen();
        int[] values = {0, incl + 1, incl - 1, Integer.MAX_VALUE, -1, 16 * 1024 * 1024 + 1,
            16 * 1024 * 1024, 1 << 30, rnd.nextInt()};
        int v = values[rnd.nextInt(values.length)];
        byte[] c = b.clone();
        f.putInt(c, field, v);
        if (f.pcapng && rnd.nextBoolean()) {
            // the block length instead of the captured length
            f.putInt(c, f.records.get(k).start() + 4, v);
            return new Mutant(c, "block " + k + " length " + v);
        }
        return new Mutant(c, "record " + k + " captured length " + v);
    }

    static Mutant duplicateOrRemove(CaptureFile f, byte[] b, Random rnd) {
        if (f.records.isEmpty()) return bitFlips(b, rnd);
        CaptureFile.Rec r = f.records.get(rnd.nextInt(f.records.size()));
        if (r.end() > b.length) return bitFlips(b, rnd);
        byte[] c;
        String what;
        if (rnd.nextBoolean()) {
            c = new byte[b.length + r.length()];
            System.arraycopy(b, 0, c, 0, r.end());
            System.arraycopy(b, r.start(), c, r.end(), r.length());
            System.arraycopy(b, r.end(), c, r.end() + r.length(), b.length - r.end());
            what = "record at " + r.start() + " duplicated";
        } else {
            c = new byte[b.length - r.length()];
            System.arraycopy(b, 0, c, 0, r.start());
            System.arraycopy(b, r.end(), c, r.start(), b.length - r.end());
            what = "record at " + r.start() + " removed";
        }
        return new Mutant(c, what);
    }
}
