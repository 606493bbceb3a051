package io.metricpipe.sinks.otlp;

import io.metricpipe.core.config.OtlpSection;
import io.metricpipe.core.model.WindowResult;
import java.util.Collection;
import java.util.Collections;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Window results as OpenTelemetry metrics over OTLP (gRPC or HTTP/protobuf), through the
 * OpenTelemetry Java exporters. Built on {@link AsyncSinkBase}: batching, in-flight limits,
 * backpressure, and a flush on every checkpoint, so delivery is at-least-once; a re-delivered
 * window carries the same timestamps, so receivers see identical points. See {@link OtlpMapping}
 * for what is exported.
 */
public final class OtlpSink extends AsyncSinkBase<WindowResult, WindowResult> {
    private static final long serialVersionUID = 1L;

    private final OtlpSection settings;
    private final OtlpMapping mapping;

    OtlpSink(
            OtlpSection settings,
            OtlpMapping mapping,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes) {
        super(
                (ElementConverter<WindowResult, WindowResult>) (r, context) -> r,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs(settings),
                false);
        this.settings = settings;
        this.mapping = mapping;
    }

    public static OtlpSinkBuilder builder() {
        return new OtlpSinkBuilder();
    }

    /** A builder preset from the {@code otlp} config section. */
    public static OtlpSinkBuilder fromConfig(OtlpSection otlp) {
        return new OtlpSinkBuilder().configure(otlp);
    }

    /**
     * An export may take every attempt's timeout plus the backoff between them; past that the batch
     * is sent again rather than the job failed.
     */
    private static long requestTimeoutMs(OtlpSection s) {
        return s.timeout.toMillis() * s.maxAttempts + 20_000;
    }

    /** Roughly the protobuf size of a result's points, for the sink's byte limits. */
    static long estimatedSize(WindowResult r) {
        return 256 + r.metrics.length * 160L;
    }

    @Override
    public OtlpSinkWriter createWriter(InitContext context) {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public OtlpSinkWriter restoreWriter(
            InitContext context, Collection<BufferedRequestState<WindowResult>> state) {
        return new OtlpSinkWriter(
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
                mapping);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<WindowResult>>
            getWriterStateSerializer() {
        return new WindowResultStateSerializer();
    }
}
