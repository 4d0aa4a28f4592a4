package mptcpanalyzer.model;

import java.util.Arrays;

/**
 * Captured lengths, mostly not stored: a packet's captured length is nearly always its frame
 * length or the snap length, whichever is smaller. Per block of packets the largest captured
 * length stands for the snap length; a packet whose captured length is not
 * {@code min(frame length, that)} (a capture whose snap length changes within a block, a
 * record cut short) is marked in a bit set and its value kept in a sparse table. Exact by
 * construction: {@link #of} checks every packet.
 */
final class CapLenColumn {
    private static final int SHIFT = 12;

    private final int[] snap;
    private final long[] stored;
    private final int[] excIndex;
    private final int[] excValue;

    private CapLenColumn(int[] snap, long[] stored, int[] excIndex, int[] excValue) {
        this.snap = snap;
        this.stored = stored;
        this.excIndex = excIndex;
        this.excValue = excValue;
    }

    /** The first {@code n} captured lengths of {@code cap}, frame lengths in {@code wire}. */
    static CapLenColumn of(CharColumn.Builder cap, CharColumn.Builder wire, int n) {
        int[] snap = new int[(n + (1 << SHIFT) - 1) >>> SHIFT];
        for (int i = 0; i < n; i++) snap[i >>> SHIFT] = Math.max(snap[i >>> SHIFT], cap.get(i));
        long[] stored = new long[(n + 63) >>> 6];
        int[] xi = new int[16];
        int[] xv = new int[16];
        int nx = 0;
        for (int i = 0; i < n; i++) {
            int c = cap.get(i);
            if (c == Math.min(wire.get(i), snap[i >>> SHIFT])) continue;
            stored[i >>> 6] |= 1L << i;
            if (nx == xi.length) {
                xi = Arrays.copyOf(xi, 2 * nx);
                xv = Arrays.copyOf(xv, 2 * nx);
            }
            xi[nx] = i;
            xv[nx++] = c;
        }
        if (nx == 0) stored = new long[0];
        return new CapLenColumn(snap, stored, Arrays.copyOf(xi, nx), Arrays.copyOf(xv, nx));
    }

    /** Captured length of packet {@code i}, whose frame length is {@code wireLen}. */
    int get(int i, int wireLen) {
        if (stored.length > 0 && (stored[i >>> 6] & 1L << i) != 0) {
            return excValue[Arrays.binarySearch(excIndex, i)];
        }
        return Math.min(wireLen, snap[i >>> SHIFT]);
    }

    /** Retained bytes (nothing per packet but the bit set, when any value is stored). */
    long retainedBytes() {
        return 4L * snap.length + 8L * stored.length + 8L * excIndex.length;
    }
}
