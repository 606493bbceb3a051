package io.metricpipe.sinks.otlp;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Function;
import org.apache.flink.connector.base.sink.AsyncSinkBaseBuilder;
import org.apache.flink.util.InstantiationUtil;

/**
 * Builds an {@link OtlpSink}; {@link #configure} takes the {@code otlp} config section. Defaults:
 * OTLP/gRPC to {@code http://localhost:4317}, gzip, 10 s timeout, 5 attempts per export (backoff 1
 * s doubling to 5 s, honouring {@code Retry-After}), 200 records per request, 4 requests in flight,
 * 5,000 buffered, 5 s linger; headers from {@code OTEL_EXPORTER_OTLP_HEADERS}.
 */
public final class OtlpSinkBuilder<T extends Serializable>
        extends AsyncSinkBaseBuilder<T, T, OtlpSinkBuilder<T>> {
    private static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    private static final long MAX_RECORD_BYTES = 1024L * 1024;

    private final Class<T> type;
    private final Function<OtlpMapping, OtlpMetricsMapper<T>> mapper;
    private OtlpSection settings = new OtlpSection();

    OtlpSinkBuilder(Class<T> type, Function<OtlpMapping, OtlpMetricsMapper<T>> mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    /** Takes every setting of the {@code otlp} config section. */
    public OtlpSinkBuilder<T> configure(OtlpSection otlp) {
        settings = copy(otlp);
        return setMaxBatchSize(otlp.maxBatchSize)
                .setMaxInFlightRequests(otlp.maxInFlightRequests)
                .setMaxBufferedRequests(otlp.maxBufferedRequests)
                .setMaxTimeInBufferMS(otlp.maxTimeInBuffer.toMillis());
    }

    public OtlpSinkBuilder<T> setProtocol(OtlpSection.Protocol protocol) {
        settings.protocol = protocol;
        return this;
    }

    public OtlpSinkBuilder<T> setEndpoint(String endpoint) {
        settings.endpoint = endpoint;
        return this;
    }

    /** PEM file of the CA certificates to trust for an {@code https} endpoint. */
    public OtlpSinkBuilder<T> setTrustedCertificates(String pemFile) {
        settings.trustedCertificates = pemFile;
        return this;
    }

    /** Environment variable with the request headers ({@code key=value,...}). */
    public OtlpSinkBuilder<T> setHeadersEnv(String variable) {
        settings.headersEnv = variable;
        return this;
    }

    public OtlpSinkBuilder<T> setCompression(OtlpSection.Compression compression) {
        settings.compression = compression;
        return this;
    }

    public OtlpSinkBuilder<T> setTimeout(Duration timeout) {
        settings.timeout = timeout;
        return this;
    }

    /** Attempts per export call, 1 to 5. */
    public OtlpSinkBuilder<T> setMaxAttempts(int attempts) {
        settings.maxAttempts = attempts;
        return this;
    }

    /** {@code cloud.account.id} and {@code cloud.region} for resources that do not name them. */
    public OtlpSinkBuilder<T> setCloud(String accountId, String region) {
        settings.cloudAccountId = accountId;
        settings.cloudRegion = region;
        return this;
    }

    @Override
    public OtlpSink<T> build() {
        return new OtlpSink<>(
                copy(settings),
                mapper.apply(new OtlpMapping(settings.cloudAccountId, settings.cloudRegion)),
                type,
                orDefault(getMaxBatchSize(), settings.maxBatchSize),
                orDefault(getMaxInFlightRequests(), settings.maxInFlightRequests),
                orDefault(getMaxBufferedRequests(), settings.maxBufferedRequests),
                orDefault(getMaxBatchSizeInBytes(), MAX_BATCH_BYTES),
                orDefault(getMaxTimeInBufferMS(), settings.maxTimeInBuffer.toMillis()),
                orDefault(getMaxRecordSizeInBytes(), MAX_RECORD_BYTES));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** A private copy, so the sink never shares the caller's mutable config. */
    private static OtlpSection copy(OtlpSection s) {
        try {
            return InstantiationUtil.clone(s);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy the otlp settings", e);
        }
    }
}
