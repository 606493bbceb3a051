package io.metricpipe.sources.cloudwatch.collector;

import java.io.Serializable;
import java.util.List;

/** One CloudWatch metric a collector reads, with the statistics it asks for. */
public final class MetricSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String name;
    public final List<String> statistics;

    public MetricSpec(String name, List<String> statistics) {
        this.name = name;
        this.statistics = List.copyOf(statistics);
    }

    public static MetricSpec of(String name, String... statistics) {
        return new MetricSpec(name, List.of(statistics));
    }
}
