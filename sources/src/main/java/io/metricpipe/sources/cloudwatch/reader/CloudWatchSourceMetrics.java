package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.sources.aws.ApiCallListener;
import io.metricpipe.sources.aws.ApiError;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The source's self-observability as Flink metrics, under {@code cloudwatch}: per API ({@code
 * api=<operation>}) the calls, attempts, throttles and errors by class, plus the metrics requested
 * (what AWS bills); per collector ({@code collector=<account/region/name>}) its health (0 UP, 1
 * DEGRADED, 2 DOWN), last success time and cursor lag.
 */
public final class CloudWatchSourceMetrics implements ApiCallListener {
    enum Health {
        UP,
        DEGRADED,
        DOWN
    }

    private final MetricGroup group;
    private final Map<String, MetricGroup> apis = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, CollectorGauges> collectors = new ConcurrentHashMap<>();

    static final class CollectorGauges {
        volatile Health health = Health.UP;
        volatile long lastSuccess;
        volatile long cursor;
    }

    public CloudWatchSourceMetrics(MetricGroup parent) {
        this.group = parent.addGroup("cloudwatch");
    }

    private Counter counter(String api, String name) {
        return counters.computeIfAbsent(
                api + "/" + name,
                k -> apis.computeIfAbsent(api, a -> group.addGroup("api", a)).counter(name));
    }

    @Override
    public void called(String operation, int attempts, int throttled, boolean successful) {
        counter(operation, "calls").inc();
        counter(operation, "attempts").inc(attempts);
        counter(operation, "throttles").inc(throttled);
    }

    void metricsRequested(long n) {
        counter("GetMetricData", "metricsRequested").inc(n);
    }

    /** Queries GetMetricData answered with a status other than Complete or PartialData. */
    void failedQueries(int n) {
        counter("GetMetricData", "failedQueries").inc(n);
    }

    void error(ApiError error) {
        counter("all", "errors_" + error.name().toLowerCase(Locale.ROOT)).inc();
    }

    CollectorGauges collector(String splitId, Clock clock) {
        return collectors.computeIfAbsent(
                splitId,
                id -> {
                    CollectorGauges g = new CollectorGauges();
                    MetricGroup c = group.addGroup("collector", id);
                    c.gauge("health", () -> g.health.ordinal());
                    c.gauge("lastSuccessTime", () -> g.lastSuccess);
                    c.gauge("cursorLagMs", () -> clock.millis() - g.cursor);
                    return g;
                });
    }
}
