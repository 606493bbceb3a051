package io.metricpipe.sinks.otlp;

import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/** Turns a batch of records of one kind into OpenTelemetry metrics, for an {@link OtlpSink}. */
public interface OtlpMetricsMapper<T> extends Serializable {
    List<MetricData> toMetrics(Collection<T> records);

    /** Roughly the protobuf size of a record's points, for the sink's byte limits. */
    long estimatedSize(T record);
}
