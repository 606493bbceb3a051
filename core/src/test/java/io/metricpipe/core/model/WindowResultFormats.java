package io.metricpipe.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Window results as state holds them, for restore tests: fixed values written field by field (no
 * accumulator), and the committed files of earlier formats, each written by the code of its time
 * ({@code window-result-format-N.bin}: the serializer's versioned snapshot, a count, the records).
 */
final class WindowResultFormats {
    private WindowResultFormats() {}

    static List<WindowResult> fixtures() {
        MetricStats gauge = new MetricStats();
        gauge.name = "cpu.usage_percent";
        gauge.kind = MetricKind.GAUGE.code();
        gauge.unit = "%";
        gauge.count = 3;
        gauge.sum = 120.5;
        gauge.min = 20.25;
        gauge.max = 60;
        gauge.last = 40.25;
        gauge.lastTimestamp = 1_764_000_050_000L;
        gauge.first = 20.25;
        gauge.firstTimestamp = 1_764_000_010_000L;
        gauge.p50 = 40.25;
        gauge.p90 = 60;
        gauge.p95 = 60;
        gauge.p99 = 60;
        gauge.values = new double[] {20.25, 40.25, 60};

        MetricStats users = new MetricStats();
        users.name = "users";
        users.kind = MetricKind.DISTINCT.code();
        users.count = 7;
        users.distinct = 5;
        users.sketch = new byte[] {3, 1, 4, 1, 5, 9, 2, 6};

        MetricStats bytes = new MetricStats();
        bytes.name = "network.bytes_recv";
        bytes.kind = MetricKind.COUNTER.code();
        bytes.unit = "By";
        bytes.count = 6;
        bytes.increase = 5_000;
        bytes.rate = 83.33;
        bytes.last = 1_205_000;

        WindowResult full = new WindowResult();
        full.resourceKey = "host/web-01";
        full.resourceType = "host";
        full.windowStart = 1_764_000_000_000L;
        full.windowSizeMs = 60_000;
        full.revision = 2;
        full.metrics = new MetricStats[] {gauge, users, bytes};
        full.attributeKeys = new String[] {"aws.ec2.instance_type", "name"};
        full.attributeValues = new String[] {"m5.large", "wéb ✓"};

        WindowResult bare = new WindowResult();
        bare.resourceKey = "app/shop";
        return List.of(full, bare);
    }

    static byte[] write(TypeSerializer<WindowResult> serializer, List<WindowResult> results)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        out.writeInt(results.size());
        for (WindowResult r : results) {
            serializer.serialize(r, out);
        }
        return out.getCopyOfBuffer();
    }

    static DataInputDeserializer committed(int format) throws IOException {
        String name = "window-result-format-" + format + ".bin";
        try (InputStream in = WindowResultFormats.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no committed file " + name);
            }
            return new DataInputDeserializer(in.readAllBytes());
        }
    }
}
