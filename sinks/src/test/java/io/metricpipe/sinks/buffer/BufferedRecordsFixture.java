package io.metricpipe.sinks.buffer;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

/**
 * Records as a sink's buffer holds them, with fixed values, and the committed buffers of earlier
 * state versions ({@code <type>-buffer-vN.bin}, each written by the code of its time).
 */
final class BufferedRecordsFixture {
    private BufferedRecordsFixture() {}

    static List<WindowResult> windowResults() {
        MetricStats cpu = new MetricStats();
        cpu.name = "cpu.usage_percent";
        cpu.kind = MetricKind.GAUGE.code();
        cpu.unit = "%";
        cpu.count = 2;
        cpu.sum = 50.5;
        cpu.min = 20.25;
        cpu.max = 30.25;
        cpu.last = 30.25;
        cpu.values = new double[] {20.25, 30.25};
        WindowResult r = new WindowResult();
        r.resourceKey = "host/web-01";
        r.resourceType = "host";
        r.windowStart = 1_764_000_000_000L;
        r.windowSizeMs = 60_000;
        r.revision = 1;
        r.metrics = new MetricStats[] {cpu};
        r.attributeKeys = new String[] {"name"};
        r.attributeValues = new String[] {"web"};
        WindowResult bare = new WindowResult();
        bare.resourceKey = "app/shop";
        return List.of(r, bare);
    }

    static List<DeadLetter> deadLetters() {
        return List.of(
                DeadLetter.of(
                        DeadLetterReason.NOT_JSON,
                        "kinesis:s/shard-0",
                        "49",
                        1_764_000_000_000L,
                        "x",
                        "{"),
                DeadLetter.of(
                        DeadLetterReason.LATE,
                        "archive:file:/a",
                        "0",
                        1_764_000_060_000L,
                        "late",
                        ""));
    }

    static <T extends java.io.Serializable> BufferedRequestState<T> state(List<T> records) {
        return new BufferedRequestState<>(
                records.stream()
                        .map(r -> new RequestEntryWrapper<>(r, 100))
                        .collect(Collectors.toList()));
    }

    static byte[] committed(String name) throws IOException {
        try (InputStream in = BufferedRecordsFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no committed file " + name);
            }
            return in.readAllBytes();
        }
    }
}
