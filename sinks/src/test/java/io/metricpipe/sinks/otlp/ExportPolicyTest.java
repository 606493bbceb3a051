package io.metricpipe.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.sinks.buffer.RetryBackoff;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.net.ConnectException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportPolicyTest {
    private static FailedExportException http(int status) {
        return FailedExportException.httpFailedWithResponse(
                new HttpResponse() {
                    @Override
                    public int getStatusCode() {
                        return status;
                    }

                    @Override
                    public String getStatusMessage() {
                        return "";
                    }

                    @Override
                    public byte[] getResponseBody() {
                        return new byte[0];
                    }
                });
    }

    private static FailedExportException grpc(GrpcStatusCode code) {
        return FailedExportException.grpcFailedWithResponse(
                new GrpcResponse() {
                    @Override
                    public GrpcStatusCode getStatusCode() {
                        return code;
                    }

                    @Override
                    public String getStatusDescription() {
                        return "";
                    }

                    @Override
                    public byte[] getResponseMessage() {
                        return new byte[0];
                    }
                });
    }

    @Test
    void retriesThrottlingGatewayErrorsAndUnreachableEndpoints() {
        for (int status : new int[] {429, 502, 503, 504}) {
            assertThat(ExportOutcome.of(http(status)).retryable).as("http %d", status).isTrue();
        }
        for (int status : new int[] {400, 401, 403, 404, 413, 500}) {
            assertThat(ExportOutcome.of(http(status)).retryable).as("http %d", status).isFalse();
        }
        assertThat(ExportOutcome.of(http(400)).kind).isEqualTo("http 400");
        assertThat(ExportOutcome.of(grpc(GrpcStatusCode.UNAVAILABLE)).retryable).isTrue();
        assertThat(ExportOutcome.of(grpc(GrpcStatusCode.RESOURCE_EXHAUSTED)).retryable).isTrue();
        assertThat(ExportOutcome.of(grpc(GrpcStatusCode.INVALID_ARGUMENT)).retryable).isFalse();
        assertThat(ExportOutcome.of(grpc(GrpcStatusCode.UNAUTHENTICATED)).retryable).isFalse();
        assertThat(
                        ExportOutcome.of(
                                        FailedExportException.httpFailedExceptionally(
                                                new ConnectException("refused")))
                                .retryable)
                .isTrue();
    }

    @Test
    void backoffDoublesUpToThirtySeconds() {
        assertThat(RetryBackoff.delayMs(1)).isEqualTo(500);
        assertThat(RetryBackoff.delayMs(2)).isEqualTo(1_000);
        assertThat(RetryBackoff.delayMs(5)).isEqualTo(8_000);
        assertThat(RetryBackoff.delayMs(7)).isEqualTo(30_000);
        assertThat(RetryBackoff.delayMs(100)).isEqualTo(30_000);
    }

    @Test
    void headersComeFromTheEnvironmentInTheOtelFormat() {
        Map<String, String> env = Map.of("OTLP_HEADERS", "api-key=s3cr%3Dt, x-tenant = team-a");
        assertThat(OtlpExporters.headers(env, "OTLP_HEADERS"))
                .containsExactly(Map.entry("api-key", "s3cr=t"), Map.entry("x-tenant", "team-a"));
        assertThat(OtlpExporters.headers(env, "UNSET")).isEmpty();
        assertThatThrownBy(() -> OtlpExporters.headers(Map.of("H", "token-only"), "H"))
                .hasMessageContaining("H must hold key=value pairs")
                .hasMessageNotContaining("token-only");
    }
}
