package mptcpanalyzer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CancellationException;
import mptcpanalyzer.capture.CaptureDamage;
import mptcpanalyzer.capture.CaptureReader;
import mptcpanalyzer.capture.Captures;
import mptcpanalyzer.capture.PacketRecord;
import mptcpanalyzer.model.Anomalies;
import mptcpanalyzer.model.Anomaly;
import mptcpanalyzer.model.ArrayStash;
import mptcpanalyzer.model.Connection;
import mptcpanalyzer.model.DataLevel;
import mptcpanalyzer.model.DataLevelIndex;
import mptcpanalyzer.model.PacketTable;
import mptcpanalyzer.model.ReinjectionIndex;
import mptcpanalyzer.model.Subflow;
import mptcpanalyzer.model.Trace;
import mptcpanalyzer.wire.DecodedPacket;
import mptcpanalyzer.wire.PacketDecoder;
import mptcpanalyzer.wire.mptcp.MptcpOption;

/**
 * Loads a capture once into the frozen {@link Trace} model: reads every record, decodes it,
 * assigns subflows and connections, and records anomalies. One pass over the file; the
 * data-level passes run afterwards over the columns.
 */
public final class Loader {
    /** Receives progress every {@link #PROGRESS_EVERY} packets. */
    public interface Progress {
        void update(long position, long size, int packets);

        /**
         * Every packet is read, and the analysis after the last one is at {@code step} (on a
         * large capture it takes a third of the load: seconds without a word otherwise).
         */
        default void analysing(String step) {}

        /** The load is over: loaded, failed or cancelled. */
        default void done() {}
    }

    /**
     * Progress of a live capture: told after every packet (it throttles its own display) the
     * running counts of the model being built.
     */
    public interface LiveProgress extends Progress {
        void live(int packets, int subflows, int connections, long bytesOnWire);
    }

    /** How many packets between progress reports and cancellation checks. */
    static final int PROGRESS_EVERY = 1 << 14;

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int FIN = 0x01;
    private static final int RST = 0x04;

    /** The packet columns; the option pool's chunk size from a property: tests make them tiny. */
    private final PacketTable.Builder table = new PacketTable.Builder(
            Integer.getInteger("mptcp.pool.chunkshift", PacketTable.Builder.CHUNK_SHIFT));
    private final Anomalies anomalies = new Anomalies();
    private final SubflowTracker tracker = new SubflowTracker();
    private final ConnectionMapper mapper = new ConnectionMapper(anomalies);
    private final PacketDecoder decoder = new PacketDecoder();
    /** The packet being analysed: decoded here, or by {@link ReadAhead}. */
    private DecodedPacket dp = new DecodedPacket();
    private final DataLevelAnalyzer dataLevel = new DataLevelAnalyzer(anomalies, table, mapper.connections());
    private long ipv4, ipv6, nonIp, tcp, nonTcpIp, truncated, mptcpPackets, bytesOnWire;
    /**
     * The payload packets per subflow direction ({@code subflow * 2 + dir}), ascending: the
     * reinjection analysis's TCP sequence pass starts from them.
     */
    private IntChunks[] payloadBySubflowDir = new IntChunks[4];

    /** Where the load's time went: told on standard error with {@code -Dmptcp.timing}. */
    private final PhaseTimer timing = PhaseTimer.of("load");

    private Loader() {}

    /** Loads {@code path}; {@code progress} may be null. Cancelled by interrupting the thread. */
    public static Trace load(Path path, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        try (CaptureReader reader = Captures.open(path)) {
            return load(reader, path, progress, t0);
        }
    }

    /**
     * Loads every packet {@code reader} delivers (a file, or a live capture that ends) under the
     * name {@code path}; the caller closes the reader.
     */
    public static Trace load(CaptureReader reader, Path path, Progress progress, long startNanos)
            throws IOException {
        Loader l = new Loader();
        try {
            try {
                l.readAll(reader, progress);
            } finally {
                l.streamed = true;
            }
            l.timing.mark("streaming");
            l.progress = progress;
            return l.finish(path, reader, System.nanoTime() - startNanos);
        } finally {
            if (progress != null) progress.done();
        }
    }

    /** Told what the analysis after the last packet does ({@link Progress#analysing}); may be null. */
    private Progress progress;

    private void step(String what) {
        if (progress != null) progress.analysing(what);
    }

    private void readAll(CaptureReader reader, Progress progress) throws IOException {
        // batch sizes: tests make them tiny, to cross every boundary
        ReadAhead ahead = !readAhead(reader, progress) ? null : ReadAhead.start(reader,
                Integer.getInteger("mptcp.readahead.records", ReadAhead.BATCH),
                Integer.getInteger("mptcp.readahead.bytes", ReadAhead.BYTES),
                Integer.getInteger("mptcp.readahead.lead", ReadAhead.LEAD));
        if (ahead != null) {
            stash = new ArrayStash();
            counting = countRecords(reader, presizeAfter, stash);
            readAhead(reader, progress, ahead);
            return;
        }
        PacketRecord rec = new PacketRecord();
        LiveProgress live = progress instanceof LiveProgress lp ? lp : null;
        while (reader.next(rec)) {
            int i = table.size();
            if (i >= presizeAfter && table.nearlyFull()) presize(reader.position(), reader.size(), i);
            add(i, rec.tsNanos, rec.origLen, rec.capLen, rec.fileOffset, decoder.decode(rec, dp));
            if (live != null) {
                live.live(i + 1, tracker.subflows().size(), mapper.connections().size(), bytesOnWire);
            }
            if ((i & (PROGRESS_EVERY - 1)) == PROGRESS_EVERY - 1) {
                if (Thread.interrupted()) throw new CancellationException("load cancelled");
                if (progress != null) progress.update(reader.position(), reader.size(), i + 1);
            }
        }
        if (progress != null) progress.update(reader.size(), reader.size(), table.size());
    }

    /**
     * Whether to read and decode on a second thread ({@link ReadAhead}): for files of
     * {@link #READ_AHEAD_BYTES} or more, never for a live capture (it shows every packet as it
     * comes). System property {@code mptcp.readahead}: {@code on} or {@code off} forces it for
     * files.
     */
    private static boolean readAhead(CaptureReader reader, Progress progress) {
        if (reader.live() || progress instanceof LiveProgress) return false;
        String force = System.getProperty("mptcp.readahead", "auto");
        if (force.equals("on")) return true;
        if (force.equals("off")) return false;
        return reader.size() >= READ_AHEAD_BYTES && Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Smallest file read on a second thread: below it, starting the thread is not worth it. */
    static final long READ_AHEAD_BYTES = 4L << 20;

    private void readAhead(CaptureReader reader, Progress progress, ReadAhead ahead) throws IOException {
        try (ahead) {
            ReadAhead.Batch b;
            while ((b = ahead.take()) != null) {
                for (int j = 0; j < b.n; j++) add(b, j, reader, progress);
                ahead.recycle(b);
            }
        }
        if (progress != null) progress.update(reader.size(), reader.size(), table.size());
    }

    /**
     * Adds the {@code j}th packet of batch {@code b} (read and decoded ahead). A method of its
     * own, not the loop's body: the JIT compiles it after a few hundred calls, where the loop
     * itself waits for tens of thousands of iterations (on-stack replacement).
     */
    private void add(ReadAhead.Batch b, int j, CaptureReader reader, Progress progress) {
        int i = table.size();
        if (i >= presizeAfter && (table.nearlyFull() || countCame(i))) {
            presize(b.position[j], reader.size(), i);
        }
        dp = b.packets[j];
        add(i, b.tsNanos[j], b.origLen[j], b.capLen[j], b.fileOffset[j], b.ip[j]);
        if ((i & (PROGRESS_EVERY - 1)) == PROGRESS_EVERY - 1) {
            if (Thread.interrupted()) throw new CancellationException("load cancelled");
            if (progress != null) progress.update(b.position[j], reader.size(), i + 1);
        }
    }

    /** Adds packet {@code i}, decoded into {@link #dp}, and analyses it. */
    private void add(int i, long tsNanos, int origLen, int capLen, long fileOffset, boolean ip) {
        table.add(tsNanos, origLen, capLen, fileOffset);
        bytesOnWire += origLen;
        try {
            onPacket(i, ip);
        } catch (RuntimeException e) {
            throw new FrameException(i + 1, e); // a bug: report the frame, do not go on
        }
    }

    /** Packets read before the column sizes are estimated from the file size. */
    private static final int PRESIZE_AFTER = 1 << 14;
    /** {@link #PRESIZE_AFTER}; tests make it tiny, to take every way of {@link #presize}. */
    private final int presizeAfter = Math.max(1, Integer.getInteger("mptcp.presize.after", PRESIZE_AFTER));
    /** Whether the count has come is looked at every 2^k packets (mask), k as large as it fits. */
    private final int countCheck = Integer.highestOneBit(presizeAfter) - 1;

    /**
     * The file's records, counted on another thread while the first packets load
     * ({@link CaptureReader#countRecords}); null when not counted.
     */
    private FutureTask<Long> counting;
    /** The columns were sized from {@link #counting}: no estimate is needed any more. */
    private boolean sizedFromCount;

    /**
     * The columns for the counted packets, allocated by the counting thread after the count
     * ({@link ArrayStash}): zeroing them, and the kernel's clearing of their fresh pages, was a
     * tenth of a whole heldout14 run's CPU, on this thread. Each is taken as soon as it is there
     * ({@link #presizeFromStash}). Null when not counting; dropped once the columns are sized
     * from the count.
     */
    private ArrayStash stash;

    /**
     * Counts the records on a new thread, then fills {@code stash} with the columns for that
     * many packets (when more than {@code presizeAfter}: fewer are never sized from the count).
     * The task's result hands the stash over; allocating it may fail (too little memory): the
     * stash is then emptied and the count stands.
     */
    private FutureTask<Long> countRecords(CaptureReader reader, int presizeAfter, ArrayStash stash) {
        ArrayStash recorder = stash.recorder();
        stash.seal(); // taken from by this thread while the counting thread records into it
        FutureTask<Long> task = new FutureTask<>(() -> {
            try {
                long n = reader.countRecords();
                countKnown = n; // told before the columns are allocated: they come one by one
                if (n > presizeAfter && n <= Integer.MAX_VALUE - 16) {
                    try {
                        PacketTable.Builder.stash((int) n, recorder);
                        DataLevelAnalyzer.stash((int) n, recorder);
                        // the option pool's chunks too, for the packets still to come at the
                        // loading thread's rate of a moment ago, once that rate is over a
                        // sixteenth of the packets (over the first tens of thousands it was
                        // several percent under the file's, heldout14), 2 % over it; one at a
                        // time, each taken as soon as the pool needs it. The loading thread
                        // allocates what it lacks, and what it does not use is dropped: neither
                        // is a copy of the pool
                        awaitPoolRate(n >> 4);
                        int chunks = PacketTable.Builder.chunksFor((long) (poolRate * (n - poolRateOver) * 1.02));
                        for (int k = 0; k < chunks && !streamed; k++) PacketTable.Builder.stashChunk(recorder);
                    } catch (OutOfMemoryError e) {
                        stash.clear();
                    }
                }
                return n;
            } finally {
                stash.finish();
            }
        });
        Thread t = new Thread(task, "count-records");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /**
     * The counted records, told by the counting thread as soon as it has counted them (before
     * it allocates the columns); -1 until then, or when unknown (the count failed: an estimate
     * then).
     */
    private volatile long countKnown = -1;

    /**
     * The count came, or the counting thread stashed more columns, since the columns were last
     * sized (looked at every 2^k packets).
     */
    private boolean countCame(int i) {
        if ((i & countCheck) != countCheck || counting == null || sizedFromCount) return false;
        // for the counting thread's option pool: the bytes per packet so far
        poolRate = table.poolSize() / (double) Math.max(1, i);
        poolRateOver = i;
        if (countKnown < 0) return counting.isDone(); // the count failed: estimated then
        return stash == null || stash.anyKept() || stash.finished();
    }

    /**
     * The option pool's bytes per packet so far, told every 2^k packets by this thread to the
     * counting thread (which sizes a pool for the count from it); 0 until then.
     */
    private volatile double poolRate;
    /** The packets {@link #poolRate} was taken over. */
    private volatile int poolRateOver;
    /** Set when the streaming pass is over: nothing waits for {@link #poolRate} any more. */
    private volatile boolean streamed;

    /** Waits (on the counting thread) until {@link #poolRate} is over {@code packets} packets or more. */
    private void awaitPoolRate(long packets) throws InterruptedException {
        while (poolRateOver < packets && !streamed) Thread.sleep(1);
    }

    /**
     * Sizes the columns for the whole file, so that they are neither doubled (a copy of every
     * column, twice the memory meanwhile) nor trimmed at the end (a copy too, and the garbage
     * then filled the heap once more: a full collection): to the counted records when the count
     * is there; while it is being counted, twice the packets so far; else estimated from the
     * bytes per packet so far (6 % too many on heldout14, whose packets grow smaller as it goes),
     * and when that falls short, estimated again (then with 2% to spare).
     */
    private void presize(long pos, long size, int count) {
        long exact = countKnown;
        if (exact > count && stash != null && presizeFromStash(count, (int) Math.min(exact, Integer.MAX_VALUE - 16))) {
            return;
        }
        long est;
        if (exact > count) {
            // the count came, and no stash (or one left short): the columns for the count
            est = exact;
            sizedFromCount = true;
        } else if (exact < 0 && counting != null && !counting.isDone()) {
            est = 2L * count;
        } else {
            double margin = count == presizeAfter ? 1.0 : 1.02;
            est = 2L * count; // the size is unknown (a live capture): double, as before
            if (pos > 0 && size > pos) {
                est = Math.max(count + 1024L, (long) (size * (double) count / pos * margin));
            }
        }
        est = Math.min(est, Integer.MAX_VALUE - 16);
        table.reserve((int) est);
        dataLevel.reserve((int) est, count);
        if (sizedFromCount) stash = null; // what was not taken is garbage now
    }

    /**
     * {@link #presize} from the count while the counting thread allocates the columns for it,
     * one after the other ({@link ArrayStash#recorder}): every column takes its array as soon
     * as it is there, and only the others are doubled when full (doubling them all until the
     * last one came touched as much fresh memory again on this thread: 80 MB of heldout14's
     * columns, and a fifth of its streaming pass clearing pages in a run after an idle host).
     * False when the stash is done but left columns short (its allocation failed): sized
     * from the count as without a stash then.
     */
    private boolean presizeFromStash(int count, int full) {
        boolean last = stash.finished(); // everything it will ever hold is there
        table.grow(count + 1, full, stash);
        table.chunksFrom(stash);
        dataLevel.grow(full, count, stash);
        if (!last) return true;
        stash = null; // what was not taken is garbage now
        if (!table.holds(full) || !dataLevel.holds(full)) return false;
        sizedFromCount = true;
        return true;
    }

    private void onPacket(int i, boolean ip) {
        int frame = i + 1;
        if (dp.truncated) {
            table.flag(i, PacketTable.F_TRUNCATED);
            truncated++;
        }
        if (ip) {
            if (dp.ipVersion == 4) { ipv4++; table.flag(i, PacketTable.F_IPV4); }
            else { ipv6++; table.flag(i, PacketTable.F_IPV6); }
        } else {
            nonIp++;
        }
        for (int k = 0; k < dp.anomalyCount; k++) {
            Anomaly a = Anomaly.of(dp.anomalies[k]);
            // a snap length cut is normal capture practice: flagged (F_TRUNCATED), not an anomaly
            if (a == Anomaly.PACKET_TRUNCATED) continue;
            anomalies.add(frame, a, -1, null);
            table.flag(i, PacketTable.F_ANOMALY);
        }
        if (!dp.tcp) {
            if (ip) {
                nonTcpIp++;
                table.setOtherIp(i, dp.src, dp.dst, dp.ipVersion);
            }
            return;
        }
        tcp++;
        onTcp(i, frame);
    }

    private void onTcp(int i, int frame) {
        Subflow s = tracker.lookup(dp);
        int dir = tracker.direction;
        int flags = dp.tcpFlags;
        table.setTcp(i, s.id, dp.seq, dp.ack, flags, dp.window, dp.payloadLen);
        if (dir == 1) table.flag(i, PacketTable.F_REVERSE);
        if (dp.payloadLen > 0) listPayload(s.id * 2 + dir, i);
        track(s, dir, frame, flags);

        boolean hadMptcp = false;
        boolean hadMapping = false;
        int wellFormed = 0; // bit k: option k passed MptcpOption.check
        int ackAt = -1; // where the table pools the DATA_ACK (the decoder found which option)
        for (int k = 0; k < dp.mptcpCount; k++) {
            int off = dp.mptcpOffset[k];
            int len = dp.mptcpLength[k];
            int pooled = table.addOption(dp.buf, off, len);
            if (k == dp.dataAckOption) ackAt = PacketTable.Builder.dataAckAt(pooled, dp.dataAck8);
            hadMptcp = true;
            Anomaly bad = dp.mptcpBad(k); // MptcpOption.check, by the decoder
            if (bad != null) {
                // the decoder may have reported the same finding for this packet already
                if (!decoderReported(bad)) {
                    anomalies.add(frame, bad, -1, MptcpOption.summary(dp.buf, off, len, flags));
                }
                table.flag(i, PacketTable.F_ANOMALY);
                if (bad != Anomaly.MPTCP_UNKNOWN_SUBTYPE) continue;
            }
            if (bad == null && k < 32) wellFormed |= 1 << k;
            if (MptcpOption.subtype(dp.buf, off) == MptcpOption.DSS) hadMapping = true;
            mapper.onOption(s, dir, frame, flags, dp.buf, off, len);
        }
        if (hadMptcp) {
            mptcpPackets++;
            s.mptcpPackets++;
        }
        // an MPTCP option whose length byte broke the TCP option walk is not listed, but it was
        // there: the segment must not count as one sent without MPTCP
        boolean sawMptcp = hadMptcp || decoderReported(Anomaly.MPTCP_OPTION_BAD_LENGTH)
                || decoderReported(Anomaly.MPTCP_OPTION_TRUNCATED);
        checkFallback(s, dir, frame, flags, sawMptcp, hadMapping);
        if (s.conn < 0) table.flag(i, PacketTable.F_BEFORE_CONNECTION);
        dataLevel.onTcpPacket(i, s, dir, dp, wellFormed, ackAt);
    }

    private void listPayload(int key, int i) {
        if (key >= payloadBySubflowDir.length) {
            payloadBySubflowDir = Arrays.copyOf(payloadBySubflowDir, Math.max(key + 1, 2 * payloadBySubflowDir.length));
        }
        IntChunks list = payloadBySubflowDir[key];
        if (list == null) list = payloadBySubflowDir[key] = new IntChunks();
        list.add(i);
    }

    /** The decoder recorded {@code a} for the current packet. */
    private boolean decoderReported(Anomaly a) {
        for (int k = 0; k < dp.anomalyCount; k++) if (dp.anomalies[k] == a.ordinal()) return true;
        return false;
    }

    /** Per-subflow counters, handshake and closing state. */
    private void track(Subflow s, int dir, int frame, int flags) {
        if (s.firstFrame == 0) s.firstFrame = frame;
        s.lastFrame = frame;
        s.packets[dir]++;
        s.bytes[dir] += dp.payloadLen;
        if (!s.baseSeqSeen[dir]) {
            s.baseSeqSeen[dir] = true;
            s.baseSeq[dir] = dp.seq;
        }
        if ((flags & SYN) != 0) {
            if (!s.isnSeen[dir]) {
                s.isnSeen[dir] = true;
                s.isn[dir] = dp.seq;
            }
            if ((flags & ACK) == 0) s.synSeen = true; else s.synAckSeen = true;
        }
        if ((flags & FIN) != 0) s.finSeen[dir] = true;
        if ((flags & RST) != 0) s.rstSeen = true;
    }

    /** MP_CAPABLE or MP_JOIN answered without MPTCP, and data segments stripped of options. */
    private void checkFallback(Subflow s, int dir, int frame, int flags, boolean hadMptcp,
            boolean hadMapping) {
        boolean syn = (flags & (SYN | ACK)) == SYN;
        boolean synAck = (flags & (SYN | ACK)) == (SYN | ACK);
        if (syn && hadMptcp) s.synHadMptcp = true;
        if (synAck && dir == 1 && !s.synAckHadMptcp) {
            if (hadMptcp) {
                s.synAckHadMptcp = true;
            } else if (s.capableSynFrame != 0) {
                anomalies.add(frame, Anomaly.MPTCP_FALLBACK, s.conn,
                        "SYN/ACK without MP_CAPABLE answers the MP_CAPABLE SYN of frame "
                                + s.capableSynFrame);
                if (s.conn >= 0) mapper.connections().get(s.conn).fallback = true;
            } else if (s.joinSynFrame != 0) {
                anomalies.add(frame, Anomaly.MPTCP_OPTIONS_STRIPPED, s.conn,
                        "SYN/ACK without MP_JOIN answers the MP_JOIN SYN of frame " + s.joinSynFrame);
            }
        }
        if (s.conn >= 0 && dp.payloadLen > 0 && !hadMapping && !hadMptcp) {
            if (s.dataWithoutMptcp++ == 0) {
                anomalies.add(frame, Anomaly.MPTCP_OPTIONS_STRIPPED, s.conn,
                        "data segment without MPTCP options on subflow " + s.id);
            }
        }
    }

    private Trace finish(Path path, CaptureReader reader, long loadNanos) {
        stash = null; // not taken (a file that ended before the count's packets): garbage now
        CaptureDamage damage = reader.damage();
        if (damage != null) {
            Anomaly a = damage.kind() == CaptureDamage.Kind.BAD_RECORD ? Anomaly.CAPTURE_BAD_RECORD
                    : Anomaly.CAPTURE_TRUNCATED;
            anomalies.add(0, a, -1, damage.summary());
        }
        // sized from the count, the columns hold exactly the packets of an undamaged file (the
        // count includes pcapng packets of undescribed interfaces, which the reader skips)
        assert !sizedFromCount || damage != null || countKnown == table.size() + reader.skippedPackets()
                : "counted " + countKnown + " records, loaded " + table.size();
        table.trimToSize(); // before the passes below allocate their own arrays
        List<Subflow> subflows = tracker.subflows();
        List<Connection> connections = mapper.connections();
        for (Subflow s : subflows) {
            if (s.conn < 0) continue;
            Connection c = connections.get(s.conn);
            s.master = c.masterSubflow == s.id;
            for (int dir = 0; dir < 2; dir++) {
                int r = ConnectionMapper.role(s, dir);
                c.packets[r] += s.packets[dir];
                c.bytes[r] += s.bytes[dir];
            }
            if (c.firstFrame == 0 || s.firstFrame < c.firstFrame) c.firstFrame = s.firstFrame;
            c.lastFrame = Math.max(c.lastFrame, s.lastFrame);
        }
        // on the second core, meanwhile: the data packets' subflow sequence numbers encoded (then
        // resolve, which waits for it, writes the DSNs it finds over the arrays they were
        // encoded from instead of into new ones: 14 MB less at the peak of heldout14's load),
        // the TCP sequence space pass of the reinjection analysis, then the DATA_ACK groups and
        // the captured lengths (they read only what the streaming pass left, see their docs).
        // These two are shared: each is taken once, by whichever thread is free first (this
        // one after the DSN groups), the larger first, so neither thread waits for the other
        // while one is left
        ReinjectionAnalyzer.Acks[] acks = new ReinjectionAnalyzer.Acks[1];
        PhaseTimer second = timing.fork("second thread");
        SharedTasks shared = new SharedTasks(
                t -> { acks[0] = ReinjectionAnalyzer.dataAcks(table, subflows); t.mark("data acks"); },
                t -> { table.prepare(); t.mark("prepare"); });
        FutureTask<DataLevelIndex.Ssn> ssn = new FutureTask<>(() -> dataLevel.ssn(subflows));
        FutureTask<ReinjectionAnalyzer.Run> retransmissions = new FutureTask<>(() -> {
            ssn.run();
            second.mark("ssn");
            ReinjectionAnalyzer.Run r = ReinjectionAnalyzer.retransmissions(table, subflows, payloadBySubflowDir);
            second.mark("retransmissions");
            shared.run(second);
            return r;
        });
        Thread worker = new Thread(retransmissions, "retransmissions");
        worker.setDaemon(true);
        worker.start();
        timing.mark("finish start");
        step("DSS mappings");
        dataLevel.resolve(subflows, connections, () -> join(ssn));
        timing.mark("resolve");
        for (int k = 0; k < anomalies.size(); k++) {
            int frame = anomalies.frame(k);
            int conn = anomalies.conn(k);
            if (conn < 0 && frame > 0 && table.subflow(frame - 1) >= 0) {
                conn = subflows.get(table.subflow(frame - 1)).conn;
                anomalies.setConn(k, conn);
            }
            if (conn >= 0) connections.get(conn).anomalies++;
            if (frame > 0) table.flag(frame - 1, PacketTable.F_ANOMALY);
        }
        anomalies.freeze();
        step("reinjections");
        ReinjectionAnalyzer.DsnGroups dsn = ReinjectionAnalyzer.dsnGroups(table, subflows, dataLevel.takeDsns());
        timing.mark("dsn groups");
        shared.run(timing);
        // the second thread's tasks, and its result, are handed over by the join
        ReinjectionAnalyzer.Run first = join(retransmissions);
        timing.mark("wait for second thread");
        DataLevel data = dataLevel.index(subflows, join(ssn));
        PacketTable packets = table.build();
        if (data instanceof DataLevelIndex d) d.attach(packets);
        timing.mark("index, build");
        Trace.Stats stats = new Trace.Stats(ipv4, ipv6, nonIp, tcp, nonTcpIp, truncated,
                mptcpPackets, bytesOnWire);
        ReinjectionIndex reinjections = ReinjectionAnalyzer.finish(first, acks[0], dsn, packets, subflows, data);
        timing.mark("reinjection finish");
        timing.report(second);
        return new Trace(path, reader.format(), List.copyOf(reader.linkTypes()), packets,
                List.copyOf(subflows), List.copyOf(connections), anomalies, stats, damage,
                loadNanos, data, reinjections);
    }

    /**
     * Independent tasks that two threads share: each calls {@link #run}, which runs the tasks
     * no thread took yet, one at a time, in order, until none is left. Each runs exactly once.
     */
    private static final class SharedTasks {
        interface Task {
            void run(PhaseTimer timing);
        }

        private final Task[] tasks;
        private final AtomicInteger next = new AtomicInteger();

        SharedTasks(Task... tasks) {
            this.tasks = tasks;
        }

        void run(PhaseTimer timing) {
            for (int t; (t = next.getAndIncrement()) < tasks.length; ) tasks[t].run(timing);
        }
    }

    /**
     * The result of {@code task}, waiting for it without giving up on an interrupt (the
     * interrupt is kept for later); its exception or error is rethrown as it is.
     */
    public static <T> T join(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
