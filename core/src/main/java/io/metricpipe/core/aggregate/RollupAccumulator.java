package io.metricpipe.core.aggregate;

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
        WindowAccumulator merged = new WindowAccumulator();
        for (WindowResult part : ordered) {
            merged.add(part);
        }
        return merged.toResult();
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
