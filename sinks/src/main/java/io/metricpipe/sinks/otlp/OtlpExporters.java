package io.metricpipe.sinks.otlp;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the OpenTelemetry OTLP exporter an {@link OtlpSinkWriter} sends through. */
final class OtlpExporters {
    static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";
    static final String DEFAULT_HTTP_ENDPOINT = "http://localhost:4318/v1/metrics";

    private OtlpExporters() {}

    static MetricExporter create(OtlpSection s, PartialSuccessReader.Listener partialSuccess) {
        ComponentLoader loader =
                new PartialSuccessReader(
                        ComponentLoader.forClassLoader(OtlpExporters.class.getClassLoader()),
                        partialSuccess);
        Map<String, String> headers = headers(System.getenv(), s.headersEnv);
        byte[] ca = trustedCertificates(s.trustedCertificates);
        RetryPolicy retry = retryPolicy(s.maxAttempts);
        if (s.protocol == OtlpSection.Protocol.HTTP) {
            OtlpHttpMetricExporterBuilder b =
                    OtlpHttpMetricExporter.builder()
                            .setComponentLoader(loader)
                            .setEndpoint(endpoint(s))
                            .setTimeout(s.timeout)
                            .setCompression(compression(s))
                            .setRetryPolicy(retry);
            headers.forEach(b::addHeader);
            if (ca != null) {
                b.setTrustedCertificates(ca);
            }
            return b.build();
        }
        OtlpGrpcMetricExporterBuilder b =
                OtlpGrpcMetricExporter.builder()
                        .setComponentLoader(loader)
                        .setEndpoint(endpoint(s))
                        .setTimeout(s.timeout)
                        .setCompression(compression(s))
                        .setRetryPolicy(retry);
        headers.forEach(b::addHeader);
        if (ca != null) {
            b.setTrustedCertificates(ca);
        }
        return b.build();
    }

    static String endpoint(OtlpSection s) {
        if (!s.endpoint.isEmpty()) {
            return s.endpoint;
        }
        return s.protocol == OtlpSection.Protocol.HTTP
                ? DEFAULT_HTTP_ENDPOINT
                : DEFAULT_GRPC_ENDPOINT;
    }

    private static String compression(OtlpSection s) {
        return s.compression == OtlpSection.Compression.GZIP ? "gzip" : "none";
    }

    /** Backoff 1 s, doubling up to 5 s; null (no retry inside a call) for a single attempt. */
    private static RetryPolicy retryPolicy(int maxAttempts) {
        if (maxAttempts <= 1) {
            return null;
        }
        return RetryPolicy.builder()
                .setMaxAttempts(maxAttempts)
                .setInitialBackoff(Duration.ofSeconds(1))
                .setMaxBackoff(Duration.ofSeconds(5))
                .setBackoffMultiplier(2)
                .build();
    }

    private static byte[] trustedCertificates(String path) {
        if (path.isEmpty()) {
            return null;
        }
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("otlp.trustedCertificates: cannot read " + path, e);
        }
    }

    /**
     * Headers from an environment variable in the {@code OTEL_EXPORTER_OTLP_HEADERS} format: {@code
     * key=value} pairs, comma-separated, values URL-encoded.
     */
    static Map<String, String> headers(Map<String, String> env, String variable) {
        Map<String, String> headers = new LinkedHashMap<>();
        String text = variable.isEmpty() ? null : env.get(variable);
        if (text == null || text.isBlank()) {
            return headers;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                // Never echo the value: it may hold a token.
                throw new IllegalArgumentException(
                        "environment variable "
                                + variable
                                + " must hold key=value pairs separated by commas");
            }
            headers.put(
                    pair.substring(0, eq).trim(),
                    URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
