package io.metricpipe.sinks.otlp;

import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.WindowResult;
import io.metricpipe.sinks.buffer.RecordSink;
import java.io.Serializable;
import java.util.Collection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;

/**
 * Records (window results, alert states) as OpenTelemetry metrics over OTLP (gRPC or
 * HTTP/protobuf), through the OpenTelemetry Java exporters. Built on {@link AsyncSinkBase}:
 * batching, in-flight limits, backpressure, and a flush on every checkpoint, so delivery is
 * at-least-once; a re-delivered window carries the same timestamps, so receivers see identical
 * points. What is exported is the {@link OtlpMetricsMapper}'s: {@link OtlpMapping}, {@link
 * AlertStateMapping}.
 */
public final class OtlpSink<T extends Serializable> extends RecordSink<T> {
    private static final long serialVersionUID = 1L;

    private final OtlpSection settings;
    private final OtlpMetricsMapper<T> mapper;

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
                TypeInformation.of(type),
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs(settings));
        this.settings = settings;
        this.mapper = mapper;
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
    public OtlpSinkWriter<T> restoreWriter(
            InitContext context, Collection<BufferedRequestState<T>> state) {
        return new OtlpSinkWriter<>(
                getElementConverter(), context, writerConfiguration(), state, settings, mapper);
    }
}
