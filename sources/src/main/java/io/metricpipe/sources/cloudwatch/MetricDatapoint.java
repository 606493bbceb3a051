package io.metricpipe.sources.cloudwatch;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One datapoint of one series and statistic, as GetMetricData returned it. */
public final class MetricDatapoint {
    public final String account;
    public final String region;
    public final String namespace;
    public final String metric;
    public final Map<String, String> dimensions;
    public final String statistic;

    /** Start of the period, epoch ms. */
    public final long timestamp;

    public final double value;

    public MetricDatapoint(
            String account,
            String region,
            String namespace,
            String metric,
            Map<String, String> dimensions,
            String statistic,
            long timestamp,
            double value) {
        this.account = account;
        this.region = region;
        this.namespace = namespace;
        this.metric = metric;
        this.dimensions = new TreeMap<>(dimensions);
        this.statistic = statistic;
        this.timestamp = timestamp;
        this.value = value;
    }

    /** Series, statistic and time: what makes a datapoint unique. */
    public String identity() {
        return account
                + "/"
                + region
                + "/"
                + namespace
                + "/"
                + metric
                + dimensions
                + "/"
                + statistic
                + "@"
                + timestamp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricDatapoint
                && identity().equals(((MetricDatapoint) o).identity())
                && Double.compare(value, ((MetricDatapoint) o).value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity(), value);
    }

    @Override
    public String toString() {
        return identity() + "=" + value;
    }
}
