package mptcpanalyzer.model;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zeroed arrays allocated ahead, on another thread, for a resize that is to come. The thread that
 * allocates an array zeroes it, and for memory the process never touched the kernel clears the
 * pages first (on this host, in its slow phases, about 1 ms per MB: up to a fifth of a whole
 * load's CPU; docs/performance.md, sixth pass): allocating the
 * model's columns on the thread that counted the records takes that work off the loading thread.
 *
 * <p>Two phases. While {@link #recording()}, {@code copyOf(a, n)} allocates a new array as
 * {@link Arrays#copyOf} does and keeps it: a throwaway builder resized to the counted packets
 * on the other thread records exactly the arrays the real builder's resize will ask for. After
 * {@link #seal()} (and a hand-over that orders the two threads, such as a
 * {@link java.util.concurrent.FutureTask}'s result), {@code copyOf(a, n)} takes a kept array of
 * the same type and length, copies {@code a} into it and returns it; without one it allocates
 * as before. A stash changes where memory is first touched, never a result.
 */
public final class ArrayStash {
    private final List<Object> kept = new ArrayList<>();
    private boolean recording = true;

    /** Whether {@code copyOf} still allocates and keeps. */
    public boolean recording() { return recording; }

    /** Ends the recording: from now on {@code copyOf} takes the kept arrays. */
    public void seal() { recording = false; }

    /** Drops every kept array (none is taken after this). */
    public void clear() {
        kept.clear();
        recording = false;
    }

    /** Bytes held by the kept arrays (approximate: element bytes only). */
    public long bytes() {
        long b = 0;
        for (Object o : kept) {
            if (o instanceof long[] x) b += 8L * x.length;
            else if (o instanceof int[] x) b += 4L * x.length;
            else if (o instanceof char[] x) b += 2L * x.length;
            else if (o instanceof short[] x) b += 2L * x.length;
            else if (o instanceof byte[] x) b += x.length;
            else if (o instanceof boolean[] x) b += x.length;
        }
        return b;
    }

    /**
     * A kept array of {@code type} and length {@code n} (or, {@code atLeast}, of {@code n} or
     * more), removed from the stash, or null.
     */
    private Object take(Class<?> type, int n, boolean atLeast) {
        for (int k = kept.size() - 1; k >= 0; k--) {
            Object o = kept.get(k);
            int len = o.getClass() == type ? Array.getLength(o) : -1;
            if (len == n || atLeast && len > n) {
                kept.set(k, kept.get(kept.size() - 1));
                kept.remove(kept.size() - 1);
                return o;
            }
        }
        return null;
    }

    /**
     * A copy of {@code a} of length {@code n}: while recording a new array, kept; after, a kept
     * array of the same type and length, else a new one.
     */
    private Object through(Object a, int n) {
        Object b = recording ? null : take(a.getClass(), n, false);
        if (b == null) b = Array.newInstance(a.getClass().getComponentType(), n);
        System.arraycopy(a, 0, b, 0, Math.min(Array.getLength(a), n));
        if (recording) kept.add(b);
        return b;
    }

    /** {@link Arrays#copyOf(long[], int)}, through the stash ({@code s} may be null). */
    public static long[] copyOf(ArrayStash s, long[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (long[]) s.through(a, n);
    }

    /** {@link Arrays#copyOf(int[], int)}, through the stash ({@code s} may be null). */
    public static int[] copyOf(ArrayStash s, int[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (int[]) s.through(a, n);
    }

    /** {@link Arrays#copyOf(char[], int)}, through the stash ({@code s} may be null). */
    public static char[] copyOf(ArrayStash s, char[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (char[]) s.through(a, n);
    }

    /** {@link Arrays#copyOf(short[], int)}, through the stash ({@code s} may be null). */
    public static short[] copyOf(ArrayStash s, short[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (short[]) s.through(a, n);
    }

    /** {@link Arrays#copyOf(byte[], int)}, through the stash ({@code s} may be null). */
    public static byte[] copyOf(ArrayStash s, byte[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (byte[]) s.through(a, n);
    }

    /**
     * A copy of {@code a} in a kept byte array of at least {@code least} bytes (the whole of it:
     * its length may exceed {@code least}), else in a new array of {@code n} bytes; {@code s}
     * may be null. For the option pool, whose size the other thread can only estimate.
     */
    public static byte[] copyOfAtLeast(ArrayStash s, byte[] a, int least, int n) {
        byte[] b = s == null || s.recording ? null : (byte[]) s.take(byte[].class, least, true);
        if (b == null) return Arrays.copyOf(a, n);
        System.arraycopy(a, 0, b, 0, Math.min(a.length, b.length));
        return b;
    }

    /** {@link Arrays#copyOf(boolean[], int)}, through the stash ({@code s} may be null). */
    public static boolean[] copyOf(ArrayStash s, boolean[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (boolean[]) s.through(a, n);
    }
}
