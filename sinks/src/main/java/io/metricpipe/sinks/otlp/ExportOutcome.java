package io.metricpipe.sinks.otlp;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a failed export means for its batch. The exporter has already retried retryable answers with
 * backoff (honouring {@code Retry-After}); this decides between sending the batch again later and
 * giving it up as rejected.
 */
final class ExportOutcome {
    /** gRPC codes worth another try (OTLP spec, plus transport-level codes). */
    private static final Set<GrpcStatusCode> RETRYABLE_GRPC =
            EnumSet.of(
                    GrpcStatusCode.UNAVAILABLE,
                    GrpcStatusCode.RESOURCE_EXHAUSTED,
                    GrpcStatusCode.DEADLINE_EXCEEDED,
                    GrpcStatusCode.ABORTED,
                    GrpcStatusCode.CANCELLED,
                    GrpcStatusCode.OUT_OF_RANGE,
                    GrpcStatusCode.DATA_LOSS,
                    GrpcStatusCode.UNKNOWN);

    final boolean retryable;

    /** A short label for logs and counters: {@code http 400}, {@code grpc UNAVAILABLE}, ... */
    final String kind;

    private ExportOutcome(boolean retryable, String kind) {
        this.retryable = retryable;
        this.kind = kind;
    }

    static ExportOutcome of(Throwable failure) {
        if (failure instanceof FailedExportException.HttpExportException) {
            FailedExportException.HttpExportException e =
                    (FailedExportException.HttpExportException) failure;
            if (e.failedWithResponse()) {
                int status = e.getResponse().getStatusCode();
                return new ExportOutcome(retryableHttp(status), "http " + status);
            }
            return unreachable(e.getCause());
        }
        if (failure instanceof FailedExportException.GrpcExportException) {
            FailedExportException.GrpcExportException e =
                    (FailedExportException.GrpcExportException) failure;
            if (e.failedWithResponse()) {
                GrpcStatusCode code = e.getResponse().getStatusCode();
                return new ExportOutcome(RETRYABLE_GRPC.contains(code), "grpc " + code);
            }
            return unreachable(e.getCause());
        }
        // No answer at all (connection refused, timeout, shutdown): the endpoint may come back.
        return unreachable(failure);
    }

    static boolean retryableHttp(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private static ExportOutcome unreachable(Throwable cause) {
        return new ExportOutcome(
                true, "unreachable " + (cause == null ? "" : cause.getClass().getSimpleName()));
    }
}
