package io.metricpipe.sinks.otlp;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's self-metrics, in the writer's metric group under {@code otlp}. They are updated from
 * the exporters' callback threads, several requests at a time, so the counters are thread-safe and
 * the histogram is updated under its own lock.
 */
final class OtlpSinkMetrics {
    final Counter pointsSent;
    final Counter batchesSent;
    final Counter retries;
    final Counter rejectedPoints;
    final Histogram exportLatencyMs;

    OtlpSinkMetrics(MetricGroup parent) {
        MetricGroup g = parent.addGroup("otlp");
        pointsSent = g.counter("pointsSent", new ThreadSafeSimpleCounter());
        batchesSent = g.counter("batchesSent", new ThreadSafeSimpleCounter());
        retries = g.counter("retries", new ThreadSafeSimpleCounter());
        rejectedPoints = g.counter("rejectedPoints", new ThreadSafeSimpleCounter());
        exportLatencyMs = g.histogram("exportLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    void exportLatency(long ms) {
        synchronized (exportLatencyMs) {
            exportLatencyMs.update(ms);
        }
    }
}
