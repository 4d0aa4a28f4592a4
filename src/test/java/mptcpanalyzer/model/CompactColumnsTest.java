package mptcpanalyzer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact columns give back every value exactly, near or far from their block's bases. */
class CompactColumnsTest {
    @Test
    void longColumnKeepsEveryValue() {
        for (int lanes : new int[] {1, 4}) {
            Random r = new Random(7 + lanes);
            int n = 3 * LongColumn.BLOCK + 17;
            long[] want = new long[n];
            long[] spaces = {r.nextLong(), r.nextLong(), r.nextLong(), 0, Long.MAX_VALUE - 5};
            long[] pos = new long[spaces.length];
            for (int i = 0; i < n; i++) {
                int s = r.nextInt(spaces.length);
                pos[s] += r.nextInt(1 << 16);
                // now and then a jump that fits no base: must land in the exception table
                want[i] = r.nextInt(50) == 0 ? r.nextLong() : spaces[s] + pos[s];
            }
            LongColumn.Builder b = new LongColumn.Builder(lanes);
            b.capacity(n);
            for (int i = 0; i < n; i++) {
                if (i % 10 == 3) b.set(i, 12345); // set twice: the last value wins
                b.set(i, want[i]);
            }
            for (int i = 0; i < n; i++) assertEquals(want[i], b.get(i), "builder " + i);
            LongColumn c = b.build(n);
            for (int i = 0; i < n; i++) assertEquals(want[i], c.get(i), "lanes " + lanes + " at " + i);
        }
    }

    @Test
    void longColumnBoundaries() {
        LongColumn.Builder b = new LongColumn.Builder(1);
        b.capacity(5);
        long base = 1L << 40;
        long[] want = {base, base + Integer.MAX_VALUE, base + Integer.MIN_VALUE,
            base + Integer.MIN_VALUE + 1, base - (1L << 33)};
        for (int i = 0; i < want.length; i++) b.set(i, want[i]);
        LongColumn c = b.build(want.length);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], c.get(i));
        assertEquals(2, c.exceptions()); // MIN_VALUE is the escape; 2^33 does not fit 32 bits
    }

    @Test
    void charColumnKeepsLargeAndNegativeValues() {
        int[] want = {0, 1, 1500, 0xfffe, 0xffff, 65549, -3, 262144, 40};
        CharColumn.Builder b = new CharColumn.Builder();
        b.capacity(want.length);
        for (int i = 0; i < want.length; i++) b.set(i, want[i]);
        CharColumn c = b.build(want.length);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], c.get(i), "at " + i);
    }

    @Test
    void capturedLengthsComeBackExactly() {
        Random r = new Random(5);
        int n = 5 * 4096 + 123;
        int[] wire = new int[n];
        int[] cap = new int[n];
        int snap = 160;
        for (int i = 0; i < n; i++) {
            if (i % 7000 == 6999) snap = r.nextBoolean() ? 96 : 262144; // snap length changes
            wire[i] = r.nextInt(20) == 0 ? 60 + r.nextInt(70000) : 54 + r.nextInt(1460);
            cap[i] = Math.min(wire[i], snap);
            if (r.nextInt(500) == 0) cap[i] = r.nextInt(wire[i] + 1); // a record cut short
        }
        CharColumn.Builder w = new CharColumn.Builder();
        CharColumn.Builder c = new CharColumn.Builder();
        w.capacity(n);
        c.capacity(n);
        for (int i = 0; i < n; i++) {
            w.set(i, wire[i]);
            c.set(i, cap[i]);
        }
        CharColumn wc = w.build(n);
        CapLenColumn col = CapLenColumn.of(c, w, n);
        for (int i = 0; i < n; i++) assertEquals(cap[i], col.get(i, wc.get(i)), "packet " + i);
        // and nothing per packet but a bit when every length follows the rule
        CharColumn.Builder c2 = new CharColumn.Builder();
        c2.capacity(n);
        for (int i = 0; i < n; i++) c2.set(i, Math.min(wire[i], 200));
        CapLenColumn plain = CapLenColumn.of(c2, w, n);
        for (int i = 0; i < n; i++) assertEquals(Math.min(wire[i], 200), plain.get(i, wc.get(i)));
        assertEquals(4L * ((n + 4095) / 4096), plain.retainedBytes());
    }
}
