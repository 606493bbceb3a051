package io.metricpipe.sources.cloudwatch.collector;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What one collector polls: a namespace, the dimension names that identify a resource in it, the
 * metrics with their statistics, and the period.
 */
public final class CollectorSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final String namespace;
    public final List<String> dimensions;
    public final List<MetricSpec> metrics;
    public final Duration period;

    public CollectorSpec(
            String name,
            String namespace,
            List<String> dimensions,
            List<MetricSpec> metrics,
            Duration period) {
        this.name = name;
        this.namespace = namespace;
        this.dimensions = List.copyOf(dimensions);
        this.metrics = List.copyOf(metrics);
        this.period = period;
    }
}
