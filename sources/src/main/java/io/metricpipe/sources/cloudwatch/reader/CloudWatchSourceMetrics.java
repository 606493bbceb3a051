package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.sources.polling.PollingMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.MetricGroup;

/**
 * The CloudWatch source's metrics, under {@code cloudwatch}: those of every polling source ({@link
 * PollingMetrics}), the metrics requested (what AWS bills) and failed queries of GetMetricData, and
 * per collector ({@code collector=<account/region/name>}) its cursor lag.
 */
public final class CloudWatchSourceMetrics extends PollingMetrics {
    private final Map<String, Long> cursors;

    public CloudWatchSourceMetrics(MetricGroup parent, Clock clock) {
        this(parent, clock, new ConcurrentHashMap<>());
    }

    private CloudWatchSourceMetrics(MetricGroup parent, Clock clock, Map<String, Long> cursors) {
        super(
                parent,
                "cloudwatch",
                "collector",
                (group, id) ->
                        group.gauge(
                                "cursorLagMs",
                                () -> clock.millis() - cursors.getOrDefault(id, clock.millis())));
        this.cursors = cursors;
    }

    void cursor(String splitId, long cursor) {
        cursors.put(splitId, cursor);
    }

    void metricsRequested(long n) {
        counter("GetMetricData", "metricsRequested").inc(n);
    }

    /** Queries GetMetricData answered with a status other than Complete or PartialData. */
    void failedQueries(int n) {
        counter("GetMetricData", "failedQueries").inc(n);
    }
}
