package mptcpanalyzer.capture;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * A live capture through libpcap (pcap4j/JNA) as a {@link CaptureReader}, so that the analysis
 * of a live capture is the one of a file.
 *
 * <p>pcap4j is used only for what a pure-Java program cannot do: open the interface, compile
 * and attach the BPF filter, and hand over each packet's raw bytes, timestamp, lengths and the
 * link type. Each packet is appended to a capture file as it arrives (the {@code --write} file
 * or a temporary one) and its {@link PacketRecord#fileOffset} is its offset there, so that the
 * loaded trace can later be exported or re-read like any file.
 *
 * <p>This is the only class that names pcap4j: it is loaded when {@code capture} runs, never for
 * a file, so the rest of the tool works on a machine without libpcap.
 *
 * <p>Reading ends normally (next() returns false) at the duration, at the packet count, or when
 * the reading thread is interrupted (Ctrl-C). The handle is non-blocking and polled (sleeping
 * {@link #IDLE_SLEEP_MILLIS} when idle), because libpcap's read timeout does not end a read on
 * an idle Linux interface; so a stop is prompt whether packets flow or not.
 */
public final class LiveCaptureReader implements CaptureReader {
    /** libpcap read timeout: a partly filled block of packets is handed over after this. */
    static final int POLL_MILLIS = 100;
    /** Sleep between polls of an idle interface: bounds the delay of a stop and of a packet. */
    static final long IDLE_SLEEP_MILLIS = 5;
    /** Kernel buffer: room for bursts while the analysis runs on the same thread. */
    private static final int BUFFER_BYTES = 16 << 20;
    /** DLT_RAW on Linux (libpcap's DLT value), which the file formats call LINKTYPE_RAW. */
    private static final int DLT_RAW_LINUX = 12;

    /**
     * What to capture.
     *
     * @param iface interface name ("any" for all on Linux)
     * @param filter BPF expression (tcpdump syntax) or null
     * @param durationNanos stop after this long (0: no limit)
     * @param count stop after this many packets (0: no limit)
     * @param snapLen bytes kept of each packet
     * @param file where the packets are written as they arrive
     */
    public record Options(String iface, String filter, long durationNanos, long count, int snapLen,
            Path file) {}

    /**
     * One interface as libpcap lists it.
     *
     * @param name what {@code capture} takes
     * @param description libpcap's description or null
     * @param addresses its addresses, text form
     * @param up whether the interface is up
     */
    public record Device(String name, String description, List<String> addresses, boolean up) {}

    private final Options options;
    private final PcapHandle handle;
    private final PcapWriter writer;
    private final int linkType;
    private final long deadline;
    private long delivered;
    private String stopReason;
    private CaptureDamage damage;
    private long dropped = -1;
    /** Ctrl-C came while a packet was being received: deliver it, then stop. */
    private boolean interruptPending;

    private LiveCaptureReader(Options options, PcapHandle handle, PcapWriter writer, int linkType,
            long startNanos) {
        this.options = options;
        this.handle = handle;
        this.writer = writer;
        this.linkType = linkType;
        this.deadline = options.durationNanos() > 0 ? startNanos + options.durationNanos() : 0;
    }

    /**
     * Opens {@code o.iface()}, attaches the filter and creates the output file.
     *
     * @throws CaptureException one line: libpcap missing, no permission, no such interface, bad
     *     filter, file not writable
     */
    public static LiveCaptureReader open(Options o) throws CaptureException {
        PcapHandle handle = null;
        PcapWriter writer = null;
        try {
            handle = openHandle(o);
            // libpcap's read timeout does not end a read on an idle Linux interface: poll
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            if (o.filter() != null && !o.filter().isBlank()) {
                try {
                    handle.setFilter(o.filter(), BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new CaptureException("bad filter '" + o.filter() + "': "
                            + filterReason(e.getMessage()));
                }
            }
            int lt = toLinkType(handle.getDlt().value());
            writer = PcapWriter.create(o.file(), PcapWriter.kindFor(o.file()), List.of(lt),
                    o.snapLen());
            LiveCaptureReader r = new LiveCaptureReader(o, handle, writer, lt, System.nanoTime());
            handle = null;
            writer = null;
            return r;
        } catch (NotOpenException e) {
            throw new CaptureException(o.iface() + ": capture handle closed unexpectedly", e);
        } catch (PcapNativeException e) {
            throw openFailure(o.iface(), e);
        } catch (LinkageError e) {
            throw missingLibrary(e);
        } finally {
            if (handle != null) handle.close();
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    // already failing with a better message
                }
            }
        }
    }

    private static PcapHandle openHandle(Options o) throws CaptureException {
        PcapHandle.Builder b = new PcapHandle.Builder(o.iface())
                .snaplen(o.snapLen())
                .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(POLL_MILLIS)
                // no immediate mode: that would select TPACKET_V2, whose ring has one
                // snaplen-sized slot per packet (64 slots of 16 MB at snaplen 262144: drops in
                // bursts); TPACKET_V3 packs packets in blocks handed over within POLL_MILLIS
                .bufferSize(BUFFER_BYTES);
        try {
            return b.timestampPrecision(TimestampPrecision.NANO).build();
        } catch (PcapNativeException nano) {
            if (!nano.getMessage().toLowerCase(Locale.ROOT).contains("precision")) {
                throw openFailure(o.iface(), nano);
            }
        }
        try {
            // libpcap or the interface without nanosecond timestamps
            return b.timestampPrecision(TimestampPrecision.MICRO).build();
        } catch (PcapNativeException e) {
            throw openFailure(o.iface(), e);
        }
    }

    /** Interfaces libpcap can capture on. */
    public static List<Device> devices() throws CaptureException {
        try {
            List<Device> out = new ArrayList<>();
            for (PcapNetworkInterface nif : Pcaps.findAllDevs()) {
                List<String> addrs = new ArrayList<>();
                for (PcapAddress a : nif.getAddresses()) {
                    InetAddress ia = a.getAddress();
                    if (ia != null) addrs.add(ia.getHostAddress());
                }
                out.add(new Device(nif.getName(), nif.getDescription(), addrs, nif.isUp()));
            }
            return out;
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot list interfaces: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw missingLibrary(e);
        }
    }

    /** libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    public static String libraryVersion() throws CaptureException {
        try {
            return Pcaps.libVersion();
        } catch (LinkageError e) {
            throw missingLibrary(e);
        }
    }

    @Override
    public boolean next(PacketRecord rec) throws IOException {
        if (stopReason != null) return false;
        while (true) {
            if (options.count() > 0 && delivered >= options.count()) return stop("count");
            if (deadline != 0 && System.nanoTime() - deadline >= 0) return stop("duration");
            if (interruptPending || Thread.interrupted()) return stop("interrupted");
            byte[] data;
            try {
                data = handle.getNextRawPacketEx();
            } catch (TimeoutException e) {
                // nothing pending (non-blocking mode)
                try {
                    Thread.sleep(IDLE_SLEEP_MILLIS);
                } catch (InterruptedException ie) {
                    return stop("interrupted");
                }
                continue;
            } catch (EOFException e) {
                return stop("end of capture");
            } catch (PcapNativeException | NotOpenException e) {
                damage = new CaptureDamage(writer.position(), -1, options.iface()
                        + ": capture failed: " + e.getMessage(), CaptureDamage.Kind.TRUNCATED);
                return stop("error");
            }
            // consume an interrupt now: the loader must not see it and cancel the whole capture
            if (Thread.interrupted()) interruptPending = true;
            fill(rec, data);
            rec.fileOffset = writer.write(rec);
            delivered++;
            return true;
        }
    }

    private void fill(PacketRecord rec, byte[] data) {
        Timestamp ts = handle.getTimestamp();
        Integer orig = handle.getOriginalLength();
        rec.buf = data;
        rec.offset = 0;
        rec.capLen = data.length;
        rec.origLen = orig == null ? data.length : orig;
        rec.tsNanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
        rec.linkType = linkType;
        rec.interfaceId = 0;
    }

    private boolean stop(String why) {
        stopReason = why;
        try {
            PcapStat st = handle.getStats();
            dropped = st.getNumPacketsDropped();
        } catch (PcapNativeException | NotOpenException e) {
            dropped = -1;
        }
        return false;
    }

    /** Why reading ended: "duration", "count", "interrupted", "error"..., or null while running. */
    public String stopReason() { return stopReason; }

    /** Packets the kernel dropped (buffer full) by the end, or -1 when unknown. */
    public long dropped() { return dropped; }

    /** The file the packets are written to. */
    public Path file() { return options.file(); }

    @Override
    public String format() {
        return "live " + options.iface() + " (" + (writer.kind() == PcapWriter.Kind.PCAP ? "pcap-ns"
                : "pcapng") + ")";
    }

    @Override
    public List<Integer> linkTypes() { return List.of(linkType); }

    @Override
    public long position() { return writer.position(); }

    @Override
    public long size() { return writer.position(); }

    @Override
    public boolean live() { return true; }

    @Override
    public CaptureDamage damage() { return damage; }

    @Override
    public void close() throws IOException {
        try {
            handle.close();
        } finally {
            writer.close();
        }
    }

    /** libpcap DLT_* value to the LINKTYPE_* of the file formats (they differ for raw IP). */
    static int toLinkType(int dlt) {
        return dlt == DLT_RAW_LINUX ? LinkTypes.RAW : dlt;
    }

    private static CaptureException openFailure(String iface, PcapNativeException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return new CaptureException("no permission to capture on " + iface + ": run as root,"
                    + " or give java the CAP_NET_RAW and CAP_NET_ADMIN capabilities"
                    + " (setcap cap_net_raw,cap_net_admin=eip <path of the java binary>)", e);
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist")
                || lower.contains("no such interface")) {
            return new CaptureException("no interface '" + iface + "' (see 'capture --list')", e);
        }
        return new CaptureException("cannot capture on " + iface + ": " + oneLine(m), e);
    }

    /** libpcap says "syntax error" or "can't parse filter expression: syntax error". */
    private static String filterReason(String m) {
        if (m == null) return "rejected by libpcap";
        String s = oneLine(m);
        int colon = s.lastIndexOf(": ");
        return colon >= 0 && colon + 2 < s.length() ? s.substring(colon + 2) : s;
    }

    /** JNA could not load libpcap, or the pcap4j/JNA jars are not on the class path. */
    static CaptureException missingLibrary(LinkageError e) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof UnsatisfiedLinkError || m.contains("Could not initialize class")) {
            return new CaptureException("capture needs libpcap, which is not installed"
                    + " (Debian/Ubuntu: apt-get install libpcap0.8; Fedora: dnf install libpcap)", e);
        }
        return new CaptureException("capture needs the pcap4j and JNA jars on the class path ("
                + oneLine(m) + ")", e);
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
