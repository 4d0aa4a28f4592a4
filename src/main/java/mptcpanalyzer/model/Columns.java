package mptcpanalyzer.model;

import java.util.Arrays;

/** Growable primitive arrays used while a capture loads; trimmed when the model is frozen. */
public final class Columns {
    private Columns() {}

    /** Capacity to grow to so that {@code needed} elements fit (doubling, at least 1024). */
    public static int grow(int current, int needed) {
        if (needed < 0) throw new IllegalStateException("too many elements: " + needed);
        long n = Math.max(1024L, current);
        while (n < needed) n <<= 1;
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    public static long[] ensure(long[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed));
    }

    public static int[] ensure(int[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed));
    }

    public static short[] ensure(short[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed));
    }

    public static byte[] ensure(byte[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, grow(a.length, needed));
    }

    /**
     * The first {@code n} elements: {@code a} itself when its spare capacity is small (at most
     * 1/64 of {@code n}), else a trimmed copy. A load pre-sizes its columns from the first
     * packets; where they are not typical of the file the estimate can be a few percent over
     * (6 % on a real capture), which would stay in the model: the copy (~20 ms per million
     * packets) is cheaper.
     */
    public static int[] fit(int[] a, int n) {
        return a.length - n <= n >> 6 ? a : Arrays.copyOf(a, n);
    }

    public static long[] fit(long[] a, int n) {
        return a.length - n <= n >> 6 ? a : Arrays.copyOf(a, n);
    }

    public static short[] fit(short[] a, int n) {
        return a.length - n <= n >> 6 ? a : Arrays.copyOf(a, n);
    }

    public static char[] fit(char[] a, int n) {
        return a.length - n <= n >> 6 ? a : Arrays.copyOf(a, n);
    }

    public static byte[] fit(byte[] a, int n) {
        return a.length - n <= n >> 6 ? a : Arrays.copyOf(a, n);
    }
}
