package io.metricpipe.core.model;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * All samples of one collector event for one resource. This is the record that crosses the network
 * on the hot path: one per event, keyed by {@link #resourceKey}. Parallel arrays, serialized by
 * {@link ResourceSamplesSerializer}, never Kryo.
 *
 * <p>For sample {@code i}: {@code names[i]} is the metric, {@code values[i]} its value, {@code
 * kinds[i]} its {@link MetricKind} code, and {@code labels[i]} an optional string value (the
 * element counted by a {@link MetricKind#DISTINCT} metric), and {@code units[i]} an optional UCUM
 * unit sent by the event. {@code labels} and {@code units} are null when the event has none.
 *
 * <p>Once emitted, a record's arrays are not modified: consecutive records may share their {@code
 * names}, {@code kinds} and {@code attributeKeys}, and the serializer caches their encoding.
 */
@TypeInfo(OwnSerializers.class)
public class ResourceSamples {
    public String resourceKey;
    public String resourceType;

    /** Event time, epoch milliseconds. */
    public long timestamp;

    public String[] names;
    public double[] values;
    public byte[] kinds;
    public String[] labels;
    public String[] units;

    /** Descriptive attributes sent by the agent (platform, ip address, ...). Never null. */
    public String[] attributeKeys;

    public String[] attributeValues;

    /** Where the event came from, e.g. {@code kinesis:stream:shardId/sequenceNumber}. */
    public String sourcePosition;

    public ResourceSamples() {}

    public int size() {
        return names.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ResourceSamples)) {
            return false;
        }
        ResourceSamples that = (ResourceSamples) o;
        return timestamp == that.timestamp
                && Objects.equals(resourceKey, that.resourceKey)
                && Objects.equals(resourceType, that.resourceType)
                && Arrays.equals(names, that.names)
                && Arrays.equals(values, that.values)
                && Arrays.equals(kinds, that.kinds)
                && Arrays.equals(labels, that.labels)
                && Arrays.equals(units, that.units)
                && Arrays.equals(attributeKeys, that.attributeKeys)
                && Arrays.equals(attributeValues, that.attributeValues)
                && Objects.equals(sourcePosition, that.sourcePosition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resourceKey, timestamp, Arrays.hashCode(names));
    }

    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("ResourceSamples{")
                        .append(resourceKey)
                        .append(" @")
                        .append(timestamp);
        for (int i = 0; i < names.length; i++) {
            sb.append(", ").append(names[i]).append('=');
            sb.append(labels != null && labels[i] != null ? labels[i] : String.valueOf(values[i]));
        }
        return sb.append('}').toString();
    }
}
