package io.metricpipe.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The aggregates of one resource in one window. Its identity is (resourceKey, windowSizeMs,
 * windowStart); a corrected re-emission carries the same identity and a higher {@link #revision}.
 * Serialized by {@link WindowResultSerializer}.
 */
@TypeInfo(OwnSerializers.class)
public class WindowResult implements Serializable {
    private static final long serialVersionUID = 1L;

    public String resourceKey;
    public String resourceType;
    public long windowStart;
    public long windowSizeMs;

    /** 1 for the on-time firing, +1 for every correction by a late event. */
    public int revision;

    /** Sorted by name. */
    public MetricStats[] metrics;

    /** The latest value of each agent-sent attribute in the window, sorted by key. */
    public String[] attributeKeys;

    public String[] attributeValues;

    public WindowResult() {}

    /** A result of the same window and revision with other contents; arrays are shared. */
    public WindowResult withContents(
            MetricStats[] metrics, String[] attributeKeys, String[] attributeValues) {
        WindowResult out = new WindowResult();
        out.resourceKey = resourceKey;
        out.resourceType = resourceType;
        out.windowStart = windowStart;
        out.windowSizeMs = windowSizeMs;
        out.revision = revision;
        out.metrics = metrics;
        out.attributeKeys = attributeKeys;
        out.attributeValues = attributeValues;
        return out;
    }

    public long windowEnd() {
        return windowStart + windowSizeMs;
    }

    /** An attribute's value, or null when the window has none of that name. */
    public String attribute(String name) {
        int i = attributeKeys == null ? -1 : Arrays.binarySearch(attributeKeys, name);
        return i < 0 ? null : attributeValues[i];
    }

    public MetricStats metric(String name) {
        for (MetricStats m : metrics) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WindowResult)) {
            return false;
        }
        WindowResult that = (WindowResult) o;
        return windowStart == that.windowStart
                && windowSizeMs == that.windowSizeMs
                && revision == that.revision
                && Objects.equals(resourceKey, that.resourceKey)
                && Objects.equals(resourceType, that.resourceType)
                && Arrays.equals(metrics, that.metrics)
                && Arrays.equals(attributeKeys, that.attributeKeys)
                && Arrays.equals(attributeValues, that.attributeValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resourceKey, windowStart, windowSizeMs, revision);
    }

    @Override
    public String toString() {
        return "WindowResult{"
                + resourceKey
                + " ["
                + windowStart
                + "+"
                + windowSizeMs
                + "] rev="
                + revision
                + " "
                + Arrays.toString(metrics)
                + "}";
    }
}
