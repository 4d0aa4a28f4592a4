package mptcpanalyzer.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.IntFunction;
import java.util.zip.ZipException;

/**
 * A refillable window over the (uncompressed) capture stream, shared by both readers.
 *
 * <p>The readers parse straight out of {@link #buf} between {@link #pos} and {@link #limit}; the
 * fields are package-visible on purpose so the hot loop reads them without calls. The buffer is
 * only compacted or grown in {@link #ensure}, never per record; after {@link #keepBuffers} it is
 * never written over: {@link #ensure} moves to a new one instead.
 */
final class ByteSource {
    /** Initial window: big enough that refills are rare, small enough to be irrelevant. */
    static final int INITIAL_BUFFER = 1 << 20;
    /** Smallest window: room for any fixed-size header the readers peek at. */
    static final int MIN_BUFFER = 64;
    /** Hard cap of the window: one maximal block plus headroom for its header and options. */
    static final int MAX_BUFFER = Captures.MAX_RECORD_BYTES + (1 << 16);

    byte[] buf;
    int pos;
    int limit;

    private final FileChannel channel;
    /** Null for a plain file; the decompressing stream for a gzip file. */
    private final InputStream gzip;
    private final long fileSize;
    /** Stream offset of {@code buf[0]}. */
    private long bufStart;
    private ByteBuffer channelView;
    private boolean eof;
    /** Compressed bytes consumed at the last {@link #position()} call; survives close. */
    private long lastPosition;
    /** Set when the compressed stream ended early or was corrupt: the one-line reason. */
    private String streamProblem;
    /** Where a new window comes from once the bytes read are kept ({@link #keepBuffers}); else null. */
    private IntFunction<byte[]> fresh;

    ByteSource(FileChannel channel, InputStream gzip, long fileSize) {
        this.channel = channel;
        this.gzip = gzip;
        this.fileSize = fileSize;
        // A small plain file needs no megabyte: opening many small captures stays cheap.
        // tests: tiny windows, so that records cross them
        int size = Math.max(MIN_BUFFER, Integer.getInteger("mptcp.capture.window", INITIAL_BUFFER));
        if (gzip == null) {
            size = (int) Math.max(MIN_BUFFER, Math.min(size, fileSize));
        }
        this.buf = new byte[size];
        this.channelView = ByteBuffer.wrap(buf);
    }

    /**
     * Makes at least {@code n} bytes available from {@link #pos} (may move the window).
     *
     * @return false when the stream ends first; {@link #available()} then says how many are left
     */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > MAX_BUFFER) {
            throw new IllegalArgumentException("window request above cap: " + n);
        }
        if (!compressed() && fileSize - offset() < n) {
            // The file cannot hold it: say no without growing the buffer for a lying length.
            fillToEnd();
            return false;
        }
        makeRoom(n);
        while (limit - pos < n && !eof) {
            fill();
        }
        return limit - pos >= n;
    }

    /**
     * From now on, never writes over bytes it has read: where the window would be compacted or
     * grown, the bytes not yet consumed move to a new buffer of at least the length asked of
     * {@code fresh}. Whoever holds {@link #buf} (a record's bytes) may so keep it as long as it
     * likes; {@code fresh} may hand out a buffer again once nobody does.
     */
    void keepBuffers(IntFunction<byte[]> fresh) {
        this.fresh = fresh;
    }

    /** Bytes currently available from {@link #pos}. */
    int available() {
        return limit - pos;
    }

    /** Stream offset of {@code buf[pos]}. */
    long offset() {
        return bufStart + pos;
    }

    /** Stream offset of {@code buf[i]}. */
    long offsetOf(int i) {
        return bufStart + i;
    }

    boolean compressed() {
        return gzip != null;
    }

    /** Bytes of the stream after {@link #pos} that exist but were not read, -1 if unknown. */
    long bytesLeft() {
        if (eof) {
            return streamProblem == null ? limit - pos : -1;
        }
        return compressed() ? -1 : fileSize - offset();
    }

    /** Why a compressed stream ended early, or null. */
    String streamProblem() {
        return streamProblem;
    }

    /**
     * The damage report for a record at {@code offset} that cannot be read: when the stream
     * itself broke (a cut gzip stream), the rest is unknown and the file was truncated.
     */
    CaptureDamage damage(long offset, CaptureDamage.Kind kind, String message) {
        String problem = streamProblem();
        return problem == null ? new CaptureDamage(offset, bytesLeft(), message, kind)
                : new CaptureDamage(offset, -1, message + " (" + problem + ")",
                        CaptureDamage.Kind.TRUNCATED);
    }

    /** Bytes of the file on disk consumed so far. */
    long position() {
        if (!compressed()) {
            return Math.min(offset(), fileSize);
        }
        if (channel.isOpen()) {
            try {
                lastPosition = channel.position();
            } catch (IOException e) {
                // Progress is cosmetic: keep the last good value rather than fail the caller.
            }
        }
        return lastPosition;
    }

    /** The file (mapping it does not move the position {@link #ensure} reads from). */
    FileChannel channel() {
        return channel;
    }

    long fileSize() {
        return fileSize;
    }

    void close() throws IOException {
        position(); // keep progress readable after close
        try {
            if (gzip != null) {
                gzip.close();
            }
        } finally {
            channel.close();
        }
    }

    /** Reads the remaining (short) tail so {@link #available()} is exact at the end of a file. */
    private void fillToEnd() throws IOException {
        long left = fileSize - offset();
        makeRoom((int) Math.max(0, Math.min(left, buf.length)));
        while (!eof && limit < buf.length) {
            fill();
        }
    }

    /** Ensures {@code buf} can hold {@code n} bytes from {@link #pos}, compacting or growing. */
    private void makeRoom(int n) {
        if (pos + n <= buf.length) {
            return;
        }
        int avail = limit - pos;
        byte[] target = buf;
        int size = n > buf.length ? (int) Math.min(MAX_BUFFER, Math.max(n, 2L * buf.length)) : buf.length;
        if (fresh != null) {
            target = fresh.apply(size);
        } else if (n > buf.length) {
            target = new byte[size];
        }
        System.arraycopy(buf, pos, target, 0, avail);
        if (target != buf) {
            buf = target;
            channelView = ByteBuffer.wrap(buf);
        }
        bufStart += pos;
        pos = 0;
        limit = avail;
    }

    /** One read into the free tail of the buffer. */
    private void fill() throws IOException {
        if (limit == buf.length) {
            return;
        }
        int got;
        if (gzip == null) {
            channelView.limit(buf.length).position(limit);
            got = channel.read(channelView);
        } else {
            got = readCompressed();
        }
        if (got < 0) {
            eof = true;
        } else {
            limit += got;
        }
    }

    /** A truncated or corrupt gzip stream is damaged content, not an I/O failure: end quietly. */
    private int readCompressed() throws IOException {
        try {
            return gzip.read(buf, limit, buf.length - limit);
        } catch (EOFException e) {
            streamProblem = "gzip stream is truncated";
        } catch (ZipException e) {
            streamProblem = "gzip stream is corrupt (" + e.getMessage() + ")";
        }
        return -1;
    }
}
