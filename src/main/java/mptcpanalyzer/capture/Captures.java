package mptcpanalyzer.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens capture files: sniffs the magic number (gzip, pcap, pcapng) and picks the reader. */
public final class Captures {
    /** Largest record or block we accept (bytes); larger ones are reported as damage. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;

    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int MAGIC_LEN = 4;
    /** How many leading bytes an error message shows of a file that is not a capture. */
    private static final int PREVIEW_LEN = 8;
    /** Inflater input buffer: large reads from the compressed file keep syscalls rare. */
    private static final int GZIP_INPUT_BUFFER = 1 << 16;

    private Captures() {}

    /**
     * Opens {@code path} read-only.
     *
     * @throws CaptureException with a one-line message naming the file and the reason when it is
     *     missing, a directory, unreadable, empty or not a capture
     */
    public static CaptureReader open(Path path) throws CaptureException {
        String name = printable(path.toString());
        if (Files.isDirectory(path)) {
            throw new CaptureException(name + ": is a directory");
        }
        FileChannel channel = openChannel(path, name);
        try {
            CaptureReader reader = open(channel, name);
            channel = null; // owned by the reader now
            return reader;
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(name + ": cannot read: " + oneLine(e), e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static FileChannel openChannel(Path path, String name) throws CaptureException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new CaptureException(name + ": permission denied", e);
        } catch (IOException | SecurityException e) {
            throw new CaptureException(name + ": cannot open: " + oneLine(e), e);
        }
    }

    private static CaptureReader open(FileChannel channel, String name) throws IOException {
        long size = channel.size();
        if (size == 0) {
            throw new CaptureException(name + ": empty file");
        }
        ByteSource plain = new ByteSource(channel, null, size);
        if (!plain.ensure(2)) {
            throw new CaptureException(name + ": too short to be a capture (" + size + " bytes)");
        }
        if (Ints.u16(plain.buf, plain.pos, true) != GZIP_MAGIC) {
            return forMagic(plain, name, "");
        }
        channel.position(0);
        return forMagic(new ByteSource(channel, gunzip(channel, name), size), name,
                "gzip-compressed, but ");
    }

    private static InputStream gunzip(FileChannel channel, String name) throws IOException {
        try {
            return new GZIPInputStream(Channels.newInputStream(channel), GZIP_INPUT_BUFFER);
        } catch (EOFException e) {
            throw new CaptureException(name + ": truncated gzip header", e);
        } catch (ZipException e) {
            throw new CaptureException(name + ": not a valid gzip file (" + oneLine(e) + ")", e);
        }
    }

    /** Picks the reader for the magic number at the start of {@code src}. */
    private static CaptureReader forMagic(ByteSource src, String name, String context)
            throws IOException {
        if (!src.ensure(MAGIC_LEN)) {
            String problem = src.streamProblem() == null ? "" : ", " + src.streamProblem();
            throw new CaptureException(name + ": " + context + "too short to be a capture ("
                    + src.available() + " bytes" + problem + ")");
        }
        int magic = Ints.i32(src.buf, src.pos, true);
        if (magic == PcapReader.MAGIC_MICROS || magic == Integer.reverseBytes(PcapReader.MAGIC_MICROS)) {
            return new PcapReader(src, magic == PcapReader.MAGIC_MICROS, false);
        }
        if (magic == PcapReader.MAGIC_NANOS || magic == Integer.reverseBytes(PcapReader.MAGIC_NANOS)) {
            return new PcapReader(src, magic == PcapReader.MAGIC_NANOS, true);
        }
        if (magic == PcapNgReader.BLOCK_SHB) {
            return new PcapNgReader(src);
        }
        src.ensure(PREVIEW_LEN);
        throw new CaptureException(name + ": " + context + "not a pcap or pcapng file (starts with "
                + preview(src.buf, src.pos, Math.min(PREVIEW_LEN, src.available())) + ")");
    }

    /** 'text' when the bytes are printable ASCII, else their hex dump. */
    static String preview(byte[] b, int from, int n) {
        boolean text = true;
        for (int i = from; i < from + n; i++) {
            text &= b[i] >= 0x20 && b[i] < 0x7f;
        }
        StringBuilder sb = new StringBuilder();
        if (text) {
            sb.append('\'').append(new String(b, from, n, java.nio.charset.StandardCharsets.US_ASCII))
                    .append('\'');
        } else {
            sb.append("bytes");
            for (int i = from; i < from + n; i++) {
                sb.append(String.format(" %02x", b[i] & 0xff));
            }
        }
        return sb.toString();
    }

    /** A file name may hold control characters; the message must stay one line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return printable(m == null ? e.getClass().getSimpleName() : m);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Already failing with a better message; the close error adds nothing.
        }
    }
}
