package mptcpanalyzer.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;

/**
 * Reads a capture on a second thread, a batch ahead of the analysis, and shares the decoding of
 * each batch between the two threads: the reader and the decoder need no state of the model,
 * the analysis (subflows, connections, data sequence spaces) needs every packet in order. Each
 * batch holds its records where the reader read them ({@link CaptureReader#keepBuffers}: the
 * reader moves to a new buffer instead of writing over one, and takes one back from
 * {@link Buffers} once every batch that may hold its records is recycled), and a decoded packet
 * per record whose offsets index those buffers.
 *
 * <p>Who decodes a batch: reading alone is a fraction of decoding, and the analysis of a batch
 * takes about as long as decoding it, so neither a fixed split nor "the reader decodes
 * everything" keeps both threads busy (the reader decoding everything was the slower one: the
 * analysis waited for it half of the time). The reading thread decodes the batch it has just
 * read only while the analysis is at least {@link #LEAD} batches behind it; otherwise it goes on
 * reading, and the analysis decodes that batch itself when it gets there. Each batch is claimed
 * once ({@link Batch#claim}), by whichever thread comes first; the analysis waits only for a
 * batch the reading thread is decoding at that moment. Which thread decodes a packet never
 * changes what is decoded: each has its own {@link PacketDecoder}, and a decoder keeps nothing
 * from one packet to the next.
 *
 * <p>A few batches circulate between the threads through two queues, so nothing is allocated per
 * packet. The reader is used by the reading thread only until it hands over the last batch; the
 * queue hand-over orders everything that thread did before the consumer looks at the reader
 * again ({@link CaptureReader#damage()} and the like).
 */
final class ReadAhead implements AutoCloseable {
    /** Most records per batch. */
    static final int BATCH = 1024;
    /**
     * Most record bytes per batch, give or take a record: a batch ends once it holds three
     * quarters of this (the batches' decoding is shared by their number, so they should be of
     * similar work).
     */
    static final int BYTES = 512 << 10;
    /**
     * Batches in circulation. With the decoding shared, a few suffice: 16 (26 MB of decoded
     * packets and record copies, fresh memory) against 6: the same speed, peak RSS 393 -> 379 MiB
     * (heldout14, 16 interleaved whole-process runs; 4: 361 MiB, also the same speed).
     */
    private static final int BATCHES = 6;
    /**
     * The reading thread decodes a batch it has read only when the analysis has this many batches
     * or more still to take (the new one included): with fewer, the analysis would soon wait for
     * it, and does better decoding it itself.
     */
    static final int LEAD = 2;

    private static final int UNCLAIMED = 0, CLAIMED = 1, DECODED = 2, FAILED = 3;

    /** Records read and decoded; recycled through {@link #recycle}. */
    static final class Batch {
        int n;
        final long[] tsNanos;
        final int[] origLen;
        final int[] capLen;
        final long[] fileOffset;
        /** What {@link PacketDecoder#decode} returned: an IP header was decoded. */
        final boolean[] ip;
        final DecodedPacket[] packets;
        /** The reader's {@link CaptureReader#position()} after each record. */
        final long[] position;
        /** The file ends with this batch. */
        boolean last;
        /** Each record's bytes: a buffer of the reader's, from {@code offset[j]}. */
        private final byte[][] bytes;
        private final int[] offset;
        private final int[] linkType;
        /** {@link #UNCLAIMED}, then {@link #CLAIMED} by one thread, then {@link #DECODED} or {@link #FAILED}. */
        private final AtomicInteger state = new AtomicInteger();
        /** The analysis thread while it waits for this batch's decoding, else null. */
        private volatile Thread waiter;

        Batch(int records) {
            bytes = new byte[records][];
            offset = new int[records];
            linkType = new int[records];
            tsNanos = new long[records];
            origLen = new int[records];
            capLen = new int[records];
            fileOffset = new long[records];
            ip = new boolean[records];
            position = new long[records];
            packets = new DecodedPacket[records];
            for (int j = 0; j < records; j++) packets[j] = new DecodedPacket();
        }

        /** Takes the decoding of this batch for the calling thread; false when another has it. */
        private boolean claim() {
            return state.get() == UNCLAIMED && state.compareAndSet(UNCLAIMED, CLAIMED);
        }

        /** Decodes every record with {@code decoder}, {@code rec} a scratch record. */
        private void decode(PacketDecoder decoder, PacketRecord rec) {
            for (int j = 0; j < n; j++) decode(j, decoder, rec);
        }

        /**
         * Decodes record {@code j}. A method of its own, not the loop's body: the JIT compiles it
         * after a few hundred calls, where the loop itself waits for tens of thousands of
         * iterations (on-stack replacement).
         */
        private void decode(int j, PacketDecoder decoder, PacketRecord rec) {
            rec.buf = bytes[j];
            rec.offset = offset[j];
            rec.capLen = capLen[j];
            rec.origLen = origLen[j];
            rec.tsNanos = tsNanos[j];
            rec.linkType = linkType[j]; // the decoder does not read the interface id
            rec.fileOffset = fileOffset[j];
            ip[j] = decoder.decode(rec, packets[j]);
            bytes[j] = null; // not kept past the batch
        }

        /** Marks the decoding done ({@link #DECODED} or {@link #FAILED}) and wakes a waiter. */
        private void finished(int how) {
            state.set(how);
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    private final CaptureReader reader;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    /** Put into {@link #full} when the reading thread failed with {@link #failure}. */
    private final Batch failed = new Batch(0);
    private volatile Throwable failure;
    private final Thread thread;
    private boolean done;

    private final int records;
    private final int bytesPerBatch;
    private final int lead;
    /** Batches the reading thread decoded (read after the last batch is taken). */
    private volatile int decodedByReader;
    /** Batches handed to the analysis: written by the reading thread only. */
    private long published;
    /** Batches the analysis has taken: written by the analysis thread only. */
    private final AtomicLong taken = new AtomicLong();
    /** Batches the analysis has given back ({@link #recycle}): written by the analysis thread only. */
    private final AtomicLong recycled = new AtomicLong();
    /** The reader's buffers: used by the reading thread only. */
    private final Buffers buffers = new Buffers();
    /** The analysis thread's decoder and scratch record. */
    private final PacketDecoder analysisDecoder = new PacketDecoder();
    private final PacketRecord scratch = new PacketRecord();

    private ReadAhead(CaptureReader reader, int records, int bytesPerBatch, int lead) {
        this.reader = reader;
        this.records = records;
        this.bytesPerBatch = bytesPerBatch;
        this.lead = lead;
        thread = new Thread(this::run, "read-ahead");
        thread.setDaemon(true);
    }

    /**
     * Starts reading {@code reader} on a new thread, in batches of at most {@code records}
     * records and about {@code bytes} bytes, the reading thread decoding while the analysis is
     * {@code lead} batches behind (tests: tiny batches, a lead of 1 or one so large that the
     * analysis decodes every batch). Null when the reader cannot keep its buffers
     * ({@link CaptureReader#keepBuffers}): read it on one thread.
     */
    static ReadAhead start(CaptureReader reader, int records, int bytes, int lead) {
        ReadAhead r = new ReadAhead(reader, records, bytes, Math.max(1, lead));
        if (!reader.keepBuffers(r.buffers)) return null;
        r.thread.start();
        return r;
    }

    /**
     * The next batch in file order, decoded, or null after the last one (the reader's state is
     * then safe to read on this thread). Rethrows what stopped the reading thread.
     */
    Batch take() throws IOException {
        Batch b = next();
        if (b == null) return null;
        if (b.claim()) {
            b.decode(analysisDecoder, scratch);
            b.state.set(DECODED);
        } else {
            awaitDecoded(b);
        }
        return b;
    }

    /** Waits while the reading thread decodes {@code b}; rethrows what stopped it. */
    private void awaitDecoded(Batch b) throws IOException {
        int s = b.state.get();
        if (s == CLAIMED) {
            b.waiter = Thread.currentThread();
            while ((s = b.state.get()) == CLAIMED) {
                LockSupport.park(b);
                if (Thread.interrupted()) {
                    b.waiter = null;
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("load cancelled");
                }
            }
            b.waiter = null;
        }
        if (s == FAILED) {
            done = true;
            rethrow(failure);
        }
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) throw io;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    /** The next batch in file order, maybe not decoded yet, or null after the last one. */
    private Batch next() throws IOException {
        if (done) return null;
        Batch b;
        try {
            b = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("load cancelled");
        }
        if (b == failed) {
            done = true;
            rethrow(failure);
        }
        taken.lazySet(taken.get() + 1);
        if (b.last) done = true;
        return b;
    }

    /** Buffers made for the reader so far ({@link CaptureReader#keepBuffers}); read after the last batch. */
    int buffersMade() {
        return buffers.made;
    }

    /** How many batches the reading thread decoded; the analysis decoded the others. */
    int decodedByReader() {
        return decodedByReader;
    }

    /**
     * Gives a consumed batch back to the reading thread, in the order taken: the buffers its
     * records are in may be read into again once every batch before it is given back too.
     */
    void recycle(Batch b) {
        recycled.lazySet(recycled.get() + 1); // after every read of the batch's bytes
        free.offer(b); // never full: there are at most BATCHES batches
    }

    /** Stops the reading thread (when the consumer gives up early) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void run() {
        PacketRecord rec = new PacketRecord();
        PacketRecord copy = new PacketRecord();
        PacketDecoder decoder = new PacketDecoder();
        PhaseTimer timing = PhaseTimer.of("read-ahead");
        long waited = 0;
        try {
            boolean more = true;
            while (more) {
                long w0 = timing.now();
                Batch b = nextFree();
                waited += timing.now() - w0;
                int n = 0;
                used = 0;
                while (n < records && used <= bytesPerBatch - bytesPerBatch / 4) {
                    if (!reader.next(rec)) {
                        more = false;
                        break;
                    }
                    add(b, n++, rec);
                }
                b.n = n;
                b.last = !more;
                b.state.set(UNCLAIMED);
                w0 = timing.now();
                full.put(b);
                waited += timing.now() - w0;
                // the analysis is busy with earlier batches: decode this one meanwhile
                if (++published - taken.get() >= lead && b.claim()) {
                    try {
                        b.decode(decoder, copy);
                    } catch (Throwable t) {
                        failure = t;
                        b.finished(FAILED);
                        throw t;
                    }
                    b.finished(DECODED);
                    decodedByReader++; // this thread's only
                }
            }
            timing.mark("read, and decoded " + decodedByReader + " of " + published + " batches, into "
                    + buffersMade() + " buffers, waiting " + waited / 1_000_000 + " ms:");
            timing.report();
        } catch (InterruptedException e) {
            // the consumer gave up: nobody waits for more
        } catch (Throwable t) {
            if (failure == null) failure = t;
            full.offer(failed); // room: at most BATCHES batches are ever in the queue
        }
    }

    /** Batches made so far (at most {@link #BATCHES}). */
    private int made;

    /**
     * A batch to fill: a consumed one, or a new one while fewer than {@link #BATCHES} exist. Made
     * here, on the reading thread, as they are first needed: made in advance (16 batches of
     * 1,024 decoded packets and 512 KiB, 26 MB) they held up the start of a load by 19-31 ms.
     */
    private Batch nextFree() throws InterruptedException {
        Batch b = free.poll();
        if (b != null) return b;
        if (made < BATCHES) {
            made++;
            return new Batch(records);
        }
        return free.take();
    }

    /** Record bytes in the current batch so far. */
    private int used;

    /**
     * Takes record {@code rec} into batch {@code b} as its {@code n}th, to be decoded there. A
     * method of its own, not the loop's body: the JIT compiles it after a few hundred calls,
     * where the loop itself waits for tens of thousands of iterations (on-stack replacement).
     */
    private void add(Batch b, int n, PacketRecord rec) {
        used += rec.capLen;
        b.bytes[n] = rec.buf;
        b.offset[n] = rec.offset;
        b.linkType[n] = rec.linkType;
        b.tsNanos[n] = rec.tsNanos;
        b.origLen[n] = rec.origLen;
        b.capLen[n] = rec.capLen;
        b.fileOffset[n] = rec.fileOffset;
        b.position[n] = reader.position();
    }

    /**
     * The buffers the reader moves to ({@link CaptureReader#keepBuffers}), on the reading thread:
     * the buffer it leaves may hold records of the batch being filled and of those before it, so
     * it is given again only once that batch is recycled. A few circulate: the batches in flight
     * hold a few megabytes of records at most ({@link #BATCHES} times {@link #BYTES}).
     */
    private final class Buffers implements IntFunction<byte[]> {
        /** A buffer left by the reader, free once batch {@code until} is recycled. */
        private record Left(byte[] buf, long until) {}

        /** Buffers left, oldest first (one a window: a few a megabyte of capture). */
        private final ArrayDeque<Left> left = new ArrayDeque<>();
        /** The buffer the reader reads into, once it has one of these. */
        private byte[] current;
        /** Buffers made so far. */
        private int made;

        @Override
        public byte[] apply(int length) {
            if (current != null) left.add(new Left(current, published)); // the batch being filled
            byte[] next = null;
            while (next == null && !left.isEmpty() && left.peek().until < recycled.get()) {
                byte[] free = left.poll().buf;
                // one smaller than the window has grown to is dropped, not kept at the head
                if (free.length >= length) next = free;
            }
            if (next == null) {
                next = new byte[length];
                made++;
            }
            current = next;
            return current;
        }
    }
}
