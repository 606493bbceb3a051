package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.WindowResult;
import java.util.Arrays;

/**
 * The finer windows inside one roll-up window, by start, latest revision only. Keeping the parts
 * rather than a running merge means a corrected finer window replaces its earlier revision instead
 * of being counted twice. A POJO: Flink serializes it without Kryo.
 */
public class RollupAccumulator {
    public WindowResult[] parts = new WindowResult[0];

    public RollupAccumulator() {}

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
