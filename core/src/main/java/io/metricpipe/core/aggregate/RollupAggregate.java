package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.WindowResult;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Builds a coarser window (5 min, 1 h, ...) by merging the finished finer windows inside it:
 * sketches and HLLs are merged and counters joined segment by segment, nothing is recomputed from
 * raw events.
 */
public final class RollupAggregate
        implements AggregateFunction<WindowResult, RollupAccumulator, WindowResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public RollupAccumulator createAccumulator() {
        return new RollupAccumulator();
    }

    @Override
    public RollupAccumulator add(WindowResult value, RollupAccumulator acc) {
        acc.offer(value);
        return acc;
    }

    @Override
    public WindowResult getResult(RollupAccumulator acc) {
        WindowResult[] parts = acc.parts.clone();
        Arrays.sort(parts, Comparator.comparingLong(p -> p.windowStart));
        WindowAccumulator merged = new WindowAccumulator();
        for (WindowResult part : parts) {
            merged.add(part);
        }
        return merged.toResult();
    }

    @Override
    public RollupAccumulator merge(RollupAccumulator a, RollupAccumulator b) {
        for (WindowResult part : b.parts) {
            a.offer(part);
        }
        return a;
    }
}
