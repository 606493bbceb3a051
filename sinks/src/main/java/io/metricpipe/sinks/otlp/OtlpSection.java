package io.metricpipe.sinks.otlp;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** {@code otlp}: export of every window result as OpenTelemetry metrics. */
public class OtlpSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Protocol {
        /** OTLP/gRPC, default port 4317. */
        GRPC,
        /** OTLP/HTTP with protobuf bodies, default path {@code /v1/metrics} on port 4318. */
        HTTP
    }

    public enum Compression {
        GZIP,
        NONE
    }

    public boolean enabled = false;

    public Protocol protocol = Protocol.GRPC;

    /**
     * Collector URL: {@code http://host:4317} for gRPC, {@code http://host:4318/v1/metrics} for
     * HTTP; {@code https} for TLS. Empty means the protocol's default on localhost.
     */
    public String endpoint = "";

    /**
     * PEM file of the CA certificates that sign the endpoint's certificate; empty for the JVM's
     * trust store.
     */
    public String trustedCertificates = "";

    /**
     * Environment variable holding request headers as {@code key=value,key2=value2} (the format of
     * {@code OTEL_EXPORTER_OTLP_HEADERS}). Header values never appear in config files or logs.
     */
    public String headersEnv = "OTEL_EXPORTER_OTLP_HEADERS";

    public Compression compression = Compression.GZIP;

    /** Time limit of one export call, retries included. */
    public Duration timeout = Duration.ofSeconds(10);

    /** Attempts per export call for retryable answers (backoff doubles from 1 s up to 5 s). */
    public int maxAttempts = 5;

    /** Window results per request. */
    public int maxBatchSize = 200;

    /** Requests in flight per sink subtask. */
    public int maxInFlightRequests = 4;

    /** Window results buffered per subtask before the sink applies backpressure. */
    public int maxBufferedRequests = 5_000;

    /** A partial batch is sent after this long. */
    public Duration maxTimeInBuffer = Duration.ofSeconds(5);

    /** {@code cloud.account.id} of resources whose events do not name one; empty for none. */
    public String cloudAccountId = "";

    /** {@code cloud.region} of resources whose events do not name one; empty for none. */
    public String cloudRegion = "";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public void validate(Problems p) {
        p.endpoint("otlp.endpoint", endpoint);
        if (protocol == Protocol.HTTP && !endpoint.isEmpty() && !endpoint.endsWith("/v1/metrics")) {
            p.add(
                    "otlp.endpoint",
                    "'" + endpoint + "' must end with /v1/metrics for the HTTP protocol");
        }
        if (!trustedCertificates.isEmpty() && !Files.isReadable(Path.of(trustedCertificates))) {
            p.add("otlp.trustedCertificates", "cannot read '" + trustedCertificates + "'");
        }
        p.matches("otlp.headersEnv", headersEnv, ENV_NAME, "an environment variable name");
        p.positive("otlp.timeout", timeout);
        // The OpenTelemetry exporters accept at most 5 attempts per call.
        p.between("otlp.maxAttempts", maxAttempts, 1, 5, "");
        p.positive("otlp.maxBatchSize", maxBatchSize);
        p.positive("otlp.maxInFlightRequests", maxInFlightRequests);
        if (maxBufferedRequests < maxBatchSize) {
            p.add(
                    "otlp.maxBufferedRequests",
                    "must be at least otlp.maxBatchSize ("
                            + maxBatchSize
                            + "), got "
                            + maxBufferedRequests);
        }
        p.positive("otlp.maxTimeInBuffer", maxTimeInBuffer);
        p.accountId("otlp.cloudAccountId", cloudAccountId);
        if (!cloudRegion.isEmpty()) {
            p.region("otlp.cloudRegion", cloudRegion);
        }
    }
}
