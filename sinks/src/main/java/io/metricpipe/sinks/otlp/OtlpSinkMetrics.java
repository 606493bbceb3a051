package io.metricpipe.sinks.otlp;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The sink's self-metrics, in the writer's metric group under {@code otlp}. */
final class OtlpSinkMetrics {
    final Counter pointsSent;
    final Counter batchesSent;
    final Counter retries;
    final Counter rejectedPoints;
    final Histogram exportLatencyMs;

    OtlpSinkMetrics(MetricGroup parent) {
        MetricGroup g = parent.addGroup("otlp");
        pointsSent = g.counter("pointsSent");
        batchesSent = g.counter("batchesSent");
        retries = g.counter("retries");
        rejectedPoints = g.counter("rejectedPoints");
        exportLatencyMs = g.histogram("exportLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }
}
