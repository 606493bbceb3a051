package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The finer windows inside one roll-up window, by start, latest revision only. Keeping the parts
 * rather than a running merge means a corrected finer window replaces its earlier revision instead
 * of being counted twice. A POJO: Flink serializes it without Kryo.
 */
public class RollupAccumulator {
    public WindowResult[] parts = new WindowResult[0];

    public RollupAccumulator() {}

    /** The merge of the parts, in time order; identity fields are left to the caller. */
    WindowResult toResult() {
        WindowResult[] ordered = parts.clone();
        Arrays.sort(ordered, Comparator.comparingLong(p -> p.windowStart));
        if (aligned(ordered)) {
            return mergeAligned(ordered);
        }
        WindowAccumulator merged = new WindowAccumulator();
        for (WindowResult part : ordered) {
            merged.add(part);
        }
        return merged.toResult();
    }

    /**
     * Whether every part has the same metrics (names and kinds, in the same order) and the same
     * attribute keys, as the windows of one agent mostly do. Then they merge metric by metric,
     * without looking a metric up by name, to the same result as {@link WindowAccumulator#add}.
     */
    private static boolean aligned(WindowResult[] ordered) {
        WindowResult first = ordered[0];
        for (int p = 1; p < ordered.length; p++) {
            WindowResult part = ordered[p];
            if (part.metrics.length != first.metrics.length
                    || !Arrays.equals(part.attributeKeys, first.attributeKeys)) {
                return false;
            }
            for (int i = 0; i < first.metrics.length; i++) {
                MetricStats a = first.metrics[i];
                MetricStats b = part.metrics[i];
                if (a.kind != b.kind || !a.name.equals(b.name)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static WindowResult mergeAligned(WindowResult[] ordered) {
        WindowResult r = new WindowResult();
        for (WindowResult part : ordered) {
            if (r.resourceType == null) {
                r.resourceType = part.resourceType;
            }
        }
        MetricStats[] column = new MetricStats[ordered.length];
        r.metrics = new MetricStats[ordered[0].metrics.length];
        for (int i = 0; i < r.metrics.length; i++) {
            for (int p = 0; p < ordered.length; p++) {
                column[p] = ordered[p].metrics[i];
            }
            r.metrics[i] = merge(column);
        }
        // The latest part's attributes: each key's latest value, as the parts have the same keys.
        WindowResult latest = ordered[ordered.length - 1];
        r.attributeKeys = latest.attributeKeys.clone();
        r.attributeValues = latest.attributeValues.clone();
        return r;
    }

    /** One metric's statistics over the parts, in time order. */
    private static MetricStats merge(MetricStats[] column) {
        MetricStats direct = GaugeAccumulator.mergeRaw(column);
        if (direct == null) {
            direct = CounterAccumulator.mergeInOrder(column);
        }
        if (direct != null) {
            return direct;
        }
        MetricAccumulator m = MetricAccumulator.of(column[0]);
        for (int p = 1; p < column.length; p++) {
            m.mergeStats(column[p]);
        }
        return m.toStats(column[0].name);
    }

    void offer(WindowResult part) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].windowStart == part.windowStart
                    && parts[i].windowSizeMs == part.windowSizeMs) {
                if (part.revision >= parts[i].revision) {
                    parts[i] = part;
                }
                return;
            }
        }
        parts = Arrays.copyOf(parts, parts.length + 1);
        parts[parts.length - 1] = part;
    }
}
