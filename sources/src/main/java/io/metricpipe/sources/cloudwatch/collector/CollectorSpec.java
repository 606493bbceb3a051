package io.metricpipe.sources.cloudwatch.collector;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What one collector polls: a namespace, the dimension names that identify a resource in it, the
 * metrics with their statistics, the period, and how often to poll.
 */
public final class CollectorSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final String namespace;
    public final List<String> dimensions;
    public final List<MetricSpec> metrics;
    public final Duration period;

    /**
     * How often it polls once caught up: a multiple of the period, each call fetching the periods
     * settled since the last (CloudWatch bills per metric per call, not per period).
     */
    public final Duration pollInterval;

    /** Polls each period as soon as it settles. */
    public CollectorSpec(
            String name,
            String namespace,
            List<String> dimensions,
            List<MetricSpec> metrics,
            Duration period) {
        this(name, namespace, dimensions, metrics, period, period);
    }

    public CollectorSpec(
            String name,
            String namespace,
            List<String> dimensions,
            List<MetricSpec> metrics,
            Duration period,
            Duration pollInterval) {
        this.name = name;
        this.namespace = namespace;
        this.dimensions = List.copyOf(dimensions);
        this.metrics = List.copyOf(metrics);
        this.period = period;
        this.pollInterval = pollInterval;
    }
}
