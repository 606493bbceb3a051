package io.metricpipe.sources.cloudwatch;

import java.util.Map;
import java.util.TreeMap;

/** One series and statistic to ask GetMetricData for. */
public final class SeriesQuery {
    public final String namespace;
    public final String metric;
    public final Map<String, String> dimensions;
    public final String statistic;
    public final int periodSeconds;

    public SeriesQuery(
            String namespace,
            String metric,
            Map<String, String> dimensions,
            String statistic,
            int periodSeconds) {
        this.namespace = namespace;
        this.metric = metric;
        this.dimensions = new TreeMap<>(dimensions);
        this.statistic = statistic;
        this.periodSeconds = periodSeconds;
    }

    @Override
    public String toString() {
        return namespace + "/" + metric + dimensions + "/" + statistic;
    }
}
