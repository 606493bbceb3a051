package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds all samples of one resource in one window into a {@link WindowAccumulator}. */
public final class ResourceWindowAggregate
        implements AggregateFunction<ResourceSamples, WindowAccumulator, WindowResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(ResourceSamples value, WindowAccumulator acc) {
        acc.add(value);
        return acc;
    }

    @Override
    public WindowResult getResult(WindowAccumulator acc) {
        return acc.toResult();
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        a.merge(b);
        return a;
    }
}
