package io.metricpipe.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ResourceSamplesSerializerTest {

    private static ResourceSamples event(String host, long ts, double cpu, boolean labels) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = "host/" + host;
        s.resourceType = "host";
        s.timestamp = ts;
        s.names = new String[] {"cpu.usage_percent", "network.bytes_recv", "app.users", "µs.ü"};
        s.values = new double[] {cpu, 1e12, 1, Double.MIN_VALUE};
        s.kinds = new byte[] {0, 1, 3, 0};
        s.labels = labels ? new String[] {null, null, "user-7", null} : null;
        s.units = labels ? null : new String[] {"%", "By", null, null};
        s.attributeKeys = new String[] {"ip_address", "platform"};
        s.attributeValues = new String[] {"10.0.0." + ts % 250, "Linux"};
        s.sourcePosition = labels ? null : "kinesis:s:shard-1/" + ts;
        return s;
    }

    private static byte[] bytes(TypeSerializer<ResourceSamples> serializer, ResourceSamples s)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static ResourceSamples roundTrip(
            TypeSerializer<ResourceSamples> serializer, ResourceSamples s) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes(serializer, s)));
    }

    @Test
    void everyFieldRoundTripsAndEventsOfOneShapeShareTheirNames() throws IOException {
        ResourceSamplesSerializer serializer = new ResourceSamplesSerializer();
        ResourceSamples a = event("web-01", 1_000, 42.5, false);
        ResourceSamples b = event("web-02", 2_000, 7.25, true);

        ResourceSamples backA = roundTrip(serializer, a);
        ResourceSamples backB = roundTrip(serializer, b);

        assertThat(backA).isEqualTo(a);
        assertThat(backB).isEqualTo(b);
        assertThat(backB.names).isSameAs(backA.names);
        assertThat(backB.attributeKeys).isSameAs(backA.attributeKeys);
        assertThat(serializer.copy(a)).isEqualTo(a).isNotSameAs(a);

        // Another shape gets its own names; a duplicate starts with its own cache.
        ResourceSamples other = event("web-03", 3_000, 1, false);
        other.names = new String[] {"cpu.usage_percent", "memory.usage_percent", "x", "y"};
        ResourceSamples backOther = roundTrip(serializer, other);
        assertThat(backOther).isEqualTo(other);
        assertThat(backOther.names).isNotSameAs(backA.names);
        // Shapes alternating, and one names array written again, come back right.
        ResourceSamples again = event("web-04", 4_000, 3, false);
        again.names = a.names;
        assertThat(roundTrip(serializer, again)).isEqualTo(again);
        assertThat(bytes(serializer, again))
                .isEqualTo(bytes(new ResourceSamplesSerializer(), again));
        TypeSerializer<ResourceSamples> duplicate = serializer.duplicate();
        assertThat(duplicate).isNotSameAs(serializer).isEqualTo(serializer);
        assertThat(roundTrip(duplicate, a)).isEqualTo(a);
    }

    @Test
    void repeatingValuesComeBackAsOneStringAndManyDistinctOnesStayRight() throws IOException {
        ResourceSamplesSerializer serializer = new ResourceSamplesSerializer();
        ResourceSamples a = event("web-01", 1_000, 1, false);
        ResourceSamples b = event("web-01", 251_000, 2, false);
        ResourceSamples backA = roundTrip(serializer, a);
        ResourceSamples backB = roundTrip(serializer, b);
        assertThat(backB.resourceKey).isSameAs(backA.resourceKey);
        assertThat(backB.attributeValues[0]).isSameAs(backA.attributeValues[0]);
        assertThat(backB.sourcePosition).isNotEqualTo(backA.sourcePosition);

        // Many hosts through one serializer: the string caches replace entries, never mix them.
        for (int i = 0; i < 5_000; i++) {
            ResourceSamples s = event("h-" + (i * 7919) % 3_000, i, i, i % 2 == 0);
            if (i % 11 == 0) {
                s.attributeValues[1] = null;
            }
            assertThat(roundTrip(serializer, s)).isEqualTo(s);
        }
    }

    @Test
    void flinkUsesItAndASnapshotRestoresIt() throws IOException {
        TypeInformation<ResourceSamples> info = TypeInformation.of(ResourceSamples.class);
        assertThat(info).isInstanceOf(OwnSerializerTypeInfo.class);
        @SuppressWarnings("deprecation")
        TypeSerializer<ResourceSamples> serializer =
                info.createSerializer(new org.apache.flink.api.common.ExecutionConfig());
        assertThat(serializer).isInstanceOf(ResourceSamplesSerializer.class);

        TypeSerializerSnapshot<ResourceSamples> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        ResourceSamplesSerializer.Snapshot restored = new ResourceSamplesSerializer.Snapshot();
        restored.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isInstanceOf(ResourceSamplesSerializer.class);
    }
}
