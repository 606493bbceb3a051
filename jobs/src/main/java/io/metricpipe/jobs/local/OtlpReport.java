package io.metricpipe.jobs.local;

import io.metricpipe.testing.otlp.OtlpReceiver;
import io.metricpipe.testing.otlp.ReceivedPoint;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the demo's loopback OTLP receiver got: exports, points per metric type, one sample. */
final class OtlpReport {
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final OtlpReceiver receiver;

    OtlpReport(OtlpReceiver receiver) {
        this.receiver = receiver;
    }

    void print(PrintStream out) {
        List<ReceivedPoint> points = receiver.points();
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> names = new TreeMap<>();
        ReceivedPoint cpu = null;
        for (ReceivedPoint p : points) {
            byType.merge(p.type.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            names.merge(p.metric, 1, Integer::sum);
            if (p.metric.equals("system.cpu.utilization")
                    && (cpu == null || p.timeNanos >= cpu.timeNanos)) {
                cpu = p;
            }
        }
        out.printf(
                "OTLP receiver (loopback %s): %d exports, %d points %s, %d metric names%n",
                receiver.endpoint(),
                receiver.accepted().size(),
                points.size(),
                byType,
                names.size());
        if (cpu != null) {
            out.printf(
                    "  e.g. system.cpu.utilization{host.name=%s} = %.3f for the window ending %s%n",
                    cpu.resource.get("host.name"),
                    cpu.value,
                    HHMM.format(Instant.ofEpochSecond(0, cpu.timeNanos)));
        }
    }
}
