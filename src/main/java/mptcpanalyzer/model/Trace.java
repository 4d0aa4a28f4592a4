package mptcpanalyzer.model;

import java.nio.file.Path;
import java.util.List;
import mptcpanalyzer.capture.CaptureDamage;

/**
 * A loaded capture: the frozen model every query reads. Built once by the analysis, read-only
 * afterwards, safe to share between threads.
 *
 * @param path the capture file
 * @param format reader format ("pcap", "pcapng", "+gzip" ...)
 * @param linkTypes LINKTYPE_* values of the interfaces
 * @param packets per-packet columns
 * @param subflows every TCP conversation, index = {@code tcp.stream}
 * @param connections every MPTCP connection, index = {@code mptcp.stream}
 * @param anomalies every anomaly, sorted by frame
 * @param stats counters that describe the file
 * @param damage why the file could not be read to its end, or null
 * @param loadNanos wall-clock time the load took
 * @param dataLevel per-packet DSN, DATA_ACK, mappings and checksums
 * @param reinjections data carried on more than one subflow
 */
public record Trace(
        Path path,
        String format,
        List<Integer> linkTypes,
        PacketTable packets,
        List<Subflow> subflows,
        List<Connection> connections,
        Anomalies anomalies,
        Stats stats,
        CaptureDamage damage,
        long loadNanos,
        DataLevel dataLevel,
        Reinjections reinjections) {

    /** Counters over the whole file. */
    public record Stats(long ipv4, long ipv6, long nonIp, long tcp, long nonTcpIp,
            long truncated, long mptcpPackets, long bytesOnWire) {}

    /** Seconds from the first to the last packet (0 for fewer than two packets). */
    public double durationSeconds() {
        int n = packets.size();
        return n < 2 ? 0 : (packets.tsNanos(n - 1) - packets.tsNanos(0)) / 1e9;
    }

    /** Frame number (1-based) is in range. */
    public boolean hasFrame(int frame) { return frame >= 1 && frame <= packets.size(); }
}
