package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class WindowAccumulatorSerializerTest {

    private static WindowAccumulator sample() {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < 50; i++) {
            acc.add(Samples.one("g", MetricKind.GAUGE, i, i * 1.5));
            acc.add(Samples.one("c", MetricKind.COUNTER, i, i * 10));
            acc.add(Samples.one("o", MetricKind.OCCURRENCE, i, 1));
            acc.add(Samples.one("d", MetricKind.DISTINCT, i, 1, "u" + (i % 7)));
        }
        // Beyond the exact limit: a sketched gauge.
        for (int i = 0; i < 200; i++) {
            acc.add(Samples.one("big", MetricKind.GAUGE, i, i * 0.25));
        }
        ResourceSamples withAttrs = Samples.one("g", MetricKind.GAUGE, 99, 1);
        withAttrs.attributeKeys = new String[] {"ip_address"};
        withAttrs.attributeValues = new String[] {"10.0.0.1"};
        withAttrs.units = new String[] {"%"};
        acc.add(withAttrs);
        return acc;
    }

    @Test
    void roundTripKeepsEveryStatistic() throws IOException {
        WindowAccumulator original = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowAccumulatorSerializer.INSTANCE.serialize(original, out);

        WindowAccumulator restored =
                WindowAccumulatorSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(restored.toResult()).isEqualTo(original.toResult());
        assertThat(WindowAccumulatorSerializer.INSTANCE.copy(original).toResult())
                .isEqualTo(original.toResult());
    }

    @Test
    void restoredSerializerFromSnapshotReadsTheSameBytes() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowAccumulatorSerializer.INSTANCE.serialize(sample(), out);
        TypeSerializer<WindowAccumulator> restored =
                WindowAccumulatorSerializer.INSTANCE.snapshotConfiguration().restoreSerializer();

        assertThat(
                        restored.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))
                                .toResult())
                .isEqualTo(sample().toResult());
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        DataOutputSerializer out = new DataOutputSerializer(8);
        assertThatThrownBy(
                        () -> {
                            out.writeInt(WindowAccumulatorSerializer.CURRENT_VERSION + 1);
                            WindowAccumulatorSerializer.INSTANCE.deserialize(
                                    new DataInputDeserializer(out.getCopyOfBuffer()));
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version");
    }
}
