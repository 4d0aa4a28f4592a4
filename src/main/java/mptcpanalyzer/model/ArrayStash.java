package mptcpanalyzer.model;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>Or both at once: a {@link #recorder()} view records on the other thread while the sealed
 * stash is taken from, each array as soon as it is allocated ({@link #grow}, {@link #takeAll};
 * the kept arrays are guarded by a lock). The loader's columns then stop doubling one by one as
 * their final arrays come, instead of all together after the last one.
 */
public final class ArrayStash {
    /** The kept arrays, shared with {@link #recorder()} views; guarded by itself. */
    private final List<Object> kept;
    /** How many arrays {@link #kept} holds: read without the lock, for a cheap look. */
    private final AtomicInteger available;
    /** Set by a recorder when it will add no more ({@link #finish()}); shared with its views. */
    private final AtomicBoolean finished;
    private volatile boolean recording;

    public ArrayStash() {
        this(new ArrayList<>(), new AtomicInteger(), new AtomicBoolean(), true);
    }

    private ArrayStash(List<Object> kept, AtomicInteger available, AtomicBoolean finished, boolean recording) {
        this.kept = kept;
        this.available = available;
        this.finished = finished;
        this.recording = recording;
    }

    /**
     * A view that records into this stash's arrays while this one, {@link #seal() sealed}, is
     * taken from on another thread at the same time: each array is there for the taking as soon
     * as it is allocated (and zeroed), not only after the last one.
     */
    public ArrayStash recorder() {
        return new ArrayStash(kept, available, finished, true);
    }

    /** Whether {@code copyOf} still allocates and keeps. */
    public boolean recording() { return recording; }

    /** Ends the recording: from now on {@code copyOf} takes the kept arrays. */
    public void seal() { recording = false; }

    /** Told by the recording side: no array will be added any more. */
    public void finish() { finished.set(true); }

    /** Whether the recording side {@link #finish() finished}. */
    public boolean finished() { return finished.get(); }

    /** Whether an array is kept (a look without the lock: it may be out of date). */
    public boolean anyKept() { return available.get() > 0; }

    /** Drops every kept array (none is taken after this). */
    public void clear() {
        synchronized (kept) {
            kept.clear();
            available.set(0);
        }
        recording = false;
    }

    /** Bytes held by the kept arrays (approximate: element bytes only). */
    public long bytes() {
        long b = 0;
        synchronized (kept) {
            for (Object o : kept) {
                if (o instanceof long[] x) b += 8L * x.length;
                else if (o instanceof int[] x) b += 4L * x.length;
                else if (o instanceof char[] x) b += 2L * x.length;
                else if (o instanceof short[] x) b += 2L * x.length;
                else if (o instanceof byte[] x) b += x.length;
                else if (o instanceof boolean[] x) b += x.length;
            }
        }
        return b;
    }

    private void keep(Object a) {
        synchronized (kept) {
            kept.add(a);
            available.incrementAndGet();
        }
    }

    /** A kept array of {@code type} and length {@code n}, removed from the stash, or null. */
    private Object take(Class<?> type, int n) {
        if (available.get() == 0) return null;
        synchronized (kept) {
            int k = find(type, n, null, 0);
            return k < 0 ? null : remove(k);
        }
    }

    /**
     * Index of a kept array of {@code type} and length {@code n} not among the first
     * {@code excluded} of {@code exclude}; -1.
     */
    private int find(Class<?> type, int n, int[] exclude, int excluded) {
        search:
        for (int k = kept.size() - 1; k >= 0; k--) {
            for (int e = 0; e < excluded; e++) if (exclude[e] == k) continue search;
            Object o = kept.get(k);
            int len = o.getClass() == type ? Array.getLength(o) : -1;
            if (len == n) return k;
        }
        return -1;
    }

    private Object remove(int k) {
        Object o = kept.get(k);
        kept.set(k, kept.get(kept.size() - 1));
        kept.remove(kept.size() - 1);
        available.decrementAndGet();
        return o;
    }

    /**
     * Kept arrays of the given types and lengths (one each), all removed from the stash at once,
     * or null when one of them is missing (then none is removed): the arrays of a column that
     * must grow together.
     */
    public Object[] takeAll(Class<?>[] types, int[] lengths) {
        if (available.get() < types.length) return null;
        synchronized (kept) {
            int[] at = new int[types.length];
            for (int t = 0; t < types.length; t++) {
                at[t] = find(types[t], lengths[t], at, t);
                if (at[t] < 0) return null;
            }
            Object[] out = new Object[types.length];
            for (int t = 0; t < types.length; t++) out[t] = kept.get(at[t]);
            // highest index first: removing one moves the last element, never a lower index
            Arrays.sort(at);
            for (int t = at.length - 1; t >= 0; t--) remove(at[t]);
            return out;
        }
    }

    /**
     * A copy of {@code a} of length {@code n}: while recording a new array, kept; after, a kept
     * array of the same type and length, else a new one.
     */
    private Object through(Object a, int n) {
        Object b = recording ? null : take(a.getClass(), n);
        if (b == null) b = Array.newInstance(a.getClass().getComponentType(), n);
        System.arraycopy(a, 0, b, 0, Math.min(Array.getLength(a), n));
        if (recording) keep(b);
        return b;
    }

    /** {@code a} copied into the front of {@code into} (at least as long), which is returned. */
    public static Object copyInto(Object a, Object into) {
        System.arraycopy(a, 0, into, 0, Array.getLength(a));
        return into;
    }

    /**
     * Growth toward a known final length: {@code a} as it is when it holds {@code full}
     * elements already; else a kept array of length {@code full} with {@code a} copied in
     * front when the stash has one ({@code s} may be null); else {@code a} as it is when it
     * holds {@code need}; else a copy of twice its length (at least {@code need}, at most
     * {@code full}). While the other thread is still allocating the stash, this doubles only
     * what it has not allocated yet.
     */
    private static Object grow(ArrayStash s, Object a, int need, int full) {
        int len = Array.getLength(a);
        if (len >= full) return a;
        Object t = s == null ? null : s.take(a.getClass(), full);
        if (t != null) return copyInto(a, t);
        if (len >= need) return a;
        int n = (int) Math.min(full, Math.max(need, 2L * len));
        Object b = Array.newInstance(a.getClass().getComponentType(), n);
        return copyInto(a, b);
    }

    /** {@link #grow(ArrayStash, Object, int, int)} for an int[]. */
    public static int[] grow(ArrayStash s, int[] a, int need, int full) { return (int[]) grow(s, (Object) a, need, full); }

    /** {@link #grow(ArrayStash, Object, int, int)} for a char[]. */
    public static char[] grow(ArrayStash s, char[] a, int need, int full) { return (char[]) grow(s, (Object) a, need, full); }

    /** {@link #grow(ArrayStash, Object, int, int)} for a short[]. */
    public static short[] grow(ArrayStash s, short[] a, int need, int full) { return (short[]) grow(s, (Object) a, need, full); }

    /** {@link #grow(ArrayStash, Object, int, int)} for a byte[]. */
    public static byte[] grow(ArrayStash s, byte[] a, int need, int full) { return (byte[]) grow(s, (Object) a, need, full); }

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

    /** A kept byte array of exactly {@code n} bytes, removed from {@code s} (may be null); or null. */
    public static byte[] take(ArrayStash s, int n) {
        return s == null || s.recording ? null : (byte[]) s.take(byte[].class, n);
    }

    /** {@link Arrays#copyOf(boolean[], int)}, through the stash ({@code s} may be null). */
    public static boolean[] copyOf(ArrayStash s, boolean[] a, int n) {
        return s == null ? Arrays.copyOf(a, n) : (boolean[]) s.through(a, n);
    }
}
