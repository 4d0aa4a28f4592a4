package mptcpanalyzer.analysis;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;

/**
 * Reads and decodes a capture on a second thread, a batch ahead of the analysis: the reader and
 * the decoder need no state of the model, the analysis (subflows, connections, data sequence
 * spaces) needs every packet in order. Each batch owns copies of its records' bytes (the reader
 * reuses its buffer) and a decoded packet per record whose offsets index those copies.
 *
 * <p>A few batches circulate between the threads through two queues, so nothing is allocated per
 * packet. The reader is used by the reading thread only until it hands over the last batch; the
 * queue hand-over orders everything that thread did before the consumer looks at the reader
 * again ({@link CaptureReader#damage()} and the like).
 */
final class ReadAhead implements AutoCloseable {
    /** Most records per batch. */
    static final int BATCH = 1024;
    /** Bytes of record copies per batch: a batch ends when less than a quarter is left. */
    static final int ARENA = 512 << 10;
    private static final int BATCHES = 16;

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
        private final byte[] arena;
        /** The reader's {@link CaptureReader#position()} after each record. */
        final long[] position;
        /** The file ends with this batch. */
        boolean last;

        Batch(int records, int arenaBytes) {
            tsNanos = new long[records];
            origLen = new int[records];
            capLen = new int[records];
            fileOffset = new long[records];
            ip = new boolean[records];
            position = new long[records];
            packets = new DecodedPacket[records];
            for (int j = 0; j < records; j++) packets[j] = new DecodedPacket();
            arena = new byte[arenaBytes];
        }
    }

    private final CaptureReader reader;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    /** Put into {@link #full} when the reading thread failed with {@link #failure}. */
    private final Batch failed = new Batch(0, 0);
    private volatile Throwable failure;
    private final Thread thread;
    private boolean done;

    private final int records;
    private final int arena;

    private ReadAhead(CaptureReader reader, int records, int arena) {
        this.reader = reader;
        this.records = records;
        this.arena = arena;
        thread = new Thread(this::run, "read-ahead");
        thread.setDaemon(true);
    }

    /** Starts reading {@code reader} on a new thread, in batches of {@link #BATCH} records. */
    static ReadAhead start(CaptureReader reader) {
        return start(reader, BATCH, ARENA);
    }

    /** With batches of at most {@code records} records and {@code arena} bytes (tests: tiny ones). */
    static ReadAhead start(CaptureReader reader, int records, int arena) {
        ReadAhead r = new ReadAhead(reader, records, arena);
        r.thread.start();
        return r;
    }

    /**
     * The next batch in file order, or null after the last one (the reader's state is then safe
     * to read on this thread). Rethrows what stopped the reading thread.
     */
    Batch take() throws IOException {
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
            Throwable t = failure;
            if (t instanceof IOException io) throw io;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new IllegalStateException(t);
        }
        if (b.last) done = true;
        return b;
    }

    /** Gives a consumed batch back to the reading thread. */
    void recycle(Batch b) {
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
        try {
            boolean more = true;
            while (more) {
                Batch b = nextFree();
                int n = 0;
                used = 0;
                while (n < records && used <= arena - arena / 4) {
                    if (!reader.next(rec)) {
                        more = false;
                        break;
                    }
                    add(b, n++, rec, copy, decoder);
                }
                b.n = n;
                b.last = !more;
                full.put(b);
            }
        } catch (InterruptedException e) {
            // the consumer gave up: nobody waits for more
        } catch (Throwable t) {
            failure = t;
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
            return new Batch(records, arena);
        }
        return free.take();
    }

    /** Bytes of the current batch's arena taken by the records so far. */
    private int used;

    /**
     * Copies record {@code rec} into batch {@code b} as its {@code n}th and decodes it there. A
     * method of its own, not the loop's body: the JIT compiles it after a few hundred calls,
     * where the loop itself waits for tens of thousands of iterations (on-stack replacement).
     */
    private void add(Batch b, int n, PacketRecord rec, PacketRecord copy, PacketDecoder decoder) {
        int len = Math.max(0, Math.min(rec.capLen, rec.buf == null ? 0 : rec.buf.length - rec.offset));
        if (len <= arena - used && len == rec.capLen) {
            copy.buf = b.arena;
            copy.offset = used;
            used += len;
        } else {
            // larger than the rest of the arena, or a record whose buffer holds less than it
            // claims: a copy of exactly the bytes there are
            copy.buf = new byte[len];
            copy.offset = 0;
        }
        if (len > 0) System.arraycopy(rec.buf, rec.offset, copy.buf, copy.offset, len);
        copy.copyFieldsFrom(rec);
        b.tsNanos[n] = rec.tsNanos;
        b.origLen[n] = rec.origLen;
        b.capLen[n] = rec.capLen;
        b.fileOffset[n] = rec.fileOffset;
        b.position[n] = reader.position();
        b.ip[n] = decoder.decode(copy, b.packets[n]);
    }
}
