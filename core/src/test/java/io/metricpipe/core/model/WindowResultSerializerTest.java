package io.metricpipe.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.aggregate.RollupAccumulator;
import io.metricpipe.core.aggregate.WindowAccumulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class WindowResultSerializerTest {

    private static ResourceSamples event(long ts, double cpu, long bytes, String user) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = "app/shop";
        s.resourceType = "webapp";
        s.timestamp = ts;
        s.names = new String[] {"cpu.usage_percent", "network.bytes_recv", "visits", "users"};
        s.values = new double[] {cpu, bytes, 1, 1};
        s.kinds =
                new byte[] {
                    MetricKind.GAUGE.code(),
                    MetricKind.COUNTER.code(),
                    MetricKind.OCCURRENCE.code(),
                    MetricKind.DISTINCT.code()
                };
        s.labels = new String[] {null, null, null, user};
        s.units = new String[] {"%", "By", null, null};
        s.attributeKeys = new String[] {"platform"};
        s.attributeValues = new String[] {"Linux"};
        s.sourcePosition = "test/" + ts;
        return s;
    }

    /** A result with every kind of metric, built by the real accumulators. */
    private static WindowResult result(int gaugeSamples) {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < gaugeSamples; i++) {
            acc.add(event(60_000 + i * 10, 0.5 + i % 97, 1_000L * i, "user-" + (i % 5)));
        }
        WindowResult r = acc.toResult();
        r.resourceKey = "app/shop";
        r.windowStart = 60_000;
        r.windowSizeMs = 60_000;
        r.revision = 2;
        return r;
    }

    private static WindowResult roundTrip(TypeSerializer<WindowResult> s, WindowResult r)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(r, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void everyKindOfMetricRoundTripsWithItsStatistics() throws IOException {
        WindowResultSerializer s = WindowResultSerializer.INSTANCE;
        WindowResult few = result(6);
        WindowResult many = result(500);
        assertThat(few.metric("cpu.usage_percent").values).hasSize(6);
        assertThat(many.metric("cpu.usage_percent").sketch).isNotEmpty();
        assertThat(many.metric("users").sketch).isNotEmpty();
        assertThat(many.metric("network.bytes_recv").rate).isPositive();

        for (WindowResult r : new WindowResult[] {few, many}) {
            WindowResult back = roundTrip(s, r);
            assertThat(back).isEqualTo(r);
            assertThat(back.metrics).containsExactly(r.metrics);
            WindowResult copy = s.copy(r);
            assertThat(copy).isEqualTo(r).isNotSameAs(r);
            assertThat(copy.metrics[0]).isNotSameAs(r.metrics[0]);
        }
        // NaN statistics (a gauge has no rate, a counter no quantiles) come back as NaN.
        MetricStats counter = roundTrip(s, few).metric("network.bytes_recv");
        assertThat(counter.p50).isNaN();
        assertThat(counter.last).isEqualTo(5_000);
    }

    /**
     * State written before formats had versions (committed, format 1, Flink's simple snapshot)
     * restores as it was, compatible as is.
     */
    @Test
    void stateOfTheFirstFormatRestoresFromItsCommittedSnapshot() throws IOException {
        DataInputDeserializer in = WindowResultFormats.committed(1);
        TypeSerializerSnapshot<WindowResult> old =
                TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
        assertThat(old).isInstanceOf(WindowResultSerializer.Snapshot.class);
        assertThat(((FormatVersionSnapshot<WindowResult>) old).format()).isEqualTo(1);
        assertThat(
                        WindowResultSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(old)
                                .isCompatibleAsIs())
                .isTrue();

        TypeSerializer<WindowResult> reader = old.restoreSerializer();
        List<WindowResult> read = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            read.add(reader.deserialize(in));
        }
        List<WindowResult> written = WindowResultFormats.fixtures();
        assertThat(read).isEqualTo(written);
        assertThat(read.get(0).metrics).containsExactly(written.get(0).metrics);
        assertThat(in.available()).isZero();
    }

    /**
     * The current snapshot names its format; a format this code does not know fails the restore.
     */
    @Test
    void theSnapshotCarriesTheFormatAndAnUnknownOneFailsTheRestore() throws IOException {
        DataInputDeserializer in =
                new DataInputDeserializer(
                        WindowResultFormats.write(
                                WindowResultSerializer.INSTANCE, WindowResultFormats.fixtures()));
        TypeSerializerSnapshot<WindowResult> current =
                TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
        assertThat(((FormatVersionSnapshot<WindowResult>) current).format())
                .isEqualTo(WindowResultSerializer.Snapshot.FORMAT);

        DataOutputSerializer future = new DataOutputSerializer(4);
        future.writeInt(WindowResultSerializer.Snapshot.FORMAT + 1);
        WindowResultSerializer.Snapshot snapshot = new WindowResultSerializer.Snapshot();
        assertThatThrownBy(
                        () ->
                                snapshot.readSnapshot(
                                        snapshot.getCurrentVersion(),
                                        new DataInputDeserializer(future.getCopyOfBuffer()),
                                        getClass().getClassLoader()))
                .hasMessageContaining("unknown format 2");
    }

    @Test
    void absentArraysAndStringsRoundTrip() throws IOException {
        WindowResult r = new WindowResult();
        r.resourceKey = "host/ü-01";
        assertThat(roundTrip(WindowResultSerializer.INSTANCE, r)).isEqualTo(r);
    }

    @Test
    void flinkUsesItForRecordsStateAndPojoFieldsAndASnapshotRestoresIt() throws IOException {
        TypeInformation<WindowResult> info = TypeInformation.of(WindowResult.class);
        assertThat(info).isInstanceOf(OwnSerializerTypeInfo.class);
        @SuppressWarnings("deprecation")
        TypeSerializer<WindowResult> serializer = info.createSerializer(new ExecutionConfig());
        assertThat(serializer).isSameAs(WindowResultSerializer.INSTANCE);

        TypeInformation<RollupAccumulator> rollup = TypeInformation.of(RollupAccumulator.class);
        assertThat(rollup).isInstanceOf(PojoTypeInfo.class);
        assertThat(
                        ((PojoTypeInfo<RollupAccumulator>) rollup)
                                .getPojoFieldAt(0)
                                .getTypeInformation()
                                .toString())
                .contains("WindowResult");

        TypeSerializerSnapshot<WindowResult> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        WindowResultSerializer.Snapshot restored = new WindowResultSerializer.Snapshot();
        restored.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isSameAs(WindowResultSerializer.INSTANCE);
    }
}
