package io.metricpipe.sinks.otlp;

import io.metricpipe.core.config.OtlpSection;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.WindowResult;
import io.metricpipe.sinks.buffer.BufferedRecordSerializer;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Records (window results, alert states) as OpenTelemetry metrics over OTLP (gRPC or
 * HTTP/protobuf), through the OpenTelemetry Java exporters. Built on {@link AsyncSinkBase}:
 * batching, in-flight limits, backpressure, and a flush on every checkpoint, so delivery is
 * at-least-once; a re-delivered window carries the same timestamps, so receivers see identical
 * points. What is exported is the {@link OtlpMetricsMapper}'s: {@link OtlpMapping}, {@link
 * AlertStateMapping}.
 */
public final class OtlpSink<T extends Serializable> extends AsyncSinkBase<T, T> {
    private static final long serialVersionUID = 1L;

    private final OtlpSection settings;
    private final OtlpMetricsMapper<T> mapper;
    private final Class<T> type;

    OtlpSink(
            OtlpSection settings,
            OtlpMetricsMapper<T> mapper,
            Class<T> type,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes) {
        super(
                (ElementConverter<T, T>) (r, context) -> r,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs(settings),
                false);
        this.settings = settings;
        this.mapper = mapper;
        this.type = type;
    }

    /** A sink of window results ({@link OtlpMapping}). */
    public static OtlpSinkBuilder<WindowResult> builder() {
        return new OtlpSinkBuilder<>(WindowResult.class, mapping -> mapping);
    }

    /** A sink of alert states ({@link AlertStateMapping}). */
    public static OtlpSinkBuilder<AlertEvaluation> alertStateBuilder() {
        return new OtlpSinkBuilder<>(AlertEvaluation.class, AlertStateMapping::new);
    }

    /**
     * An export may take every attempt's timeout plus the backoff between them; past that the batch
     * is sent again rather than the job failed.
     */
    private static long requestTimeoutMs(OtlpSection s) {
        return s.timeout.toMillis() * s.maxAttempts + 20_000;
    }

    @Override
    public OtlpSinkWriter<T> createWriter(InitContext context) {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public OtlpSinkWriter<T> restoreWriter(
            InitContext context, Collection<BufferedRequestState<T>> state) {
        return new OtlpSinkWriter<>(
                getElementConverter(),
                context,
                AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(getMaxBatchSize())
                        .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                        .setMaxInFlightRequests(getMaxInFlightRequests())
                        .setMaxBufferedRequests(getMaxBufferedRequests())
                        .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                        .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                        .setRequestTimeoutMS(getRequestTimeoutMS())
                        .setFailOnTimeout(getFailOnTimeout())
                        .build(),
                state,
                settings,
                mapper);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<T>> getWriterStateSerializer() {
        return new BufferedRecordSerializer<>(type);
    }
}
