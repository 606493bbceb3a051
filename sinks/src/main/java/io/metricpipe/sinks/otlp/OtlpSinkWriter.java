package io.metricpipe.sinks.otlp;

import io.metricpipe.sinks.buffer.RetryBackoff;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch of records as one OTLP export. A retryable failure (the exporter has already
 * retried it with backoff) puts the batch back in the buffer, so nothing is lost while the endpoint
 * is down or absent; a permanent rejection is counted and logged once per kind, and never fails the
 * job.
 */
final class OtlpSinkWriter<T extends Serializable> extends AsyncSinkWriter<T, T> {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpSinkWriter.class);

    private final OtlpMetricsMapper<T> mapper;
    private final MetricExporter exporter;
    private final OtlpSinkMetrics metrics;
    private final Set<String> loggedKinds = ConcurrentHashMap.newKeySet();

    private final RetryBackoff backoff = new RetryBackoff("otlp-sink-backoff");

    OtlpSinkWriter(
            ElementConverter<T, T> converter,
            Sink.InitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<T>> state,
            OtlpSection settings,
            OtlpMetricsMapper<T> mapper) {
        super(converter, context, configuration, state);
        this.mapper = mapper;
        this.metrics = new OtlpSinkMetrics(context.metricGroup());
        this.exporter = OtlpExporters.create(settings, this::partiallyRejected);
        LOG.info(
                "OTLP sink exporting over {} to {}",
                settings.protocol,
                OtlpExporters.endpoint(settings));
    }

    @Override
    protected void submitRequestEntries(List<T> records, ResultHandler<T> handler) {
        List<MetricData> data = mapper.toMetrics(records);
        long points = OtlpMapping.pointCount(data);
        long started = System.nanoTime();
        CompletableResultCode export = exporter.export(data);
        export.whenComplete(
                () -> {
                    metrics.exportLatency(
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    if (export.isSuccess()) {
                        backoff.succeeded();
                        metrics.batchesSent.inc();
                        metrics.pointsSent.inc(points);
                        handler.complete();
                        return;
                    }
                    ExportOutcome outcome = ExportOutcome.of(export.getFailureThrowable());
                    if (outcome.retryable) {
                        metrics.retries.inc();
                        logOnce(
                                outcome.kind,
                                "OTLP export failed ({}); the batch will be sent again",
                                outcome.kind);
                        backoff.retry(() -> handler.retryForEntries(records));
                    } else {
                        metrics.rejectedPoints.inc(points);
                        logOnce(
                                outcome.kind,
                                "OTLP receiver rejected a batch ({}): its points are dropped and"
                                        + " counted in otlp.rejectedPoints",
                                outcome.kind);
                        handler.complete();
                    }
                });
    }

    private void partiallyRejected(long points, String message) {
        metrics.rejectedPoints.inc(points);
        logOnce(
                "partial_success",
                "OTLP receiver rejected {} points of a batch (partial_success): {}",
                points,
                message);
    }

    private void logOnce(String kind, String format, Object... args) {
        if (loggedKinds.add(kind)) {
            LOG.warn(format + " (logged once per kind)", args);
        }
    }

    @Override
    protected long getSizeInBytes(T record) {
        return mapper.estimatedSize(record);
    }

    @Override
    public void close() {
        super.close();
        backoff.close();
        exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
}
