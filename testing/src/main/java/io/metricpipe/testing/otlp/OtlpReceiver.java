package io.metricpipe.testing.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback OTLP metrics receiver that decodes the real {@code ExportMetricsServiceRequest}
 * protobufs, records what it accepts, and answers as a test scripts it: success, {@code
 * partial_success}, or an error for a while. {@link #http(int)} speaks OTLP/HTTP on {@code
 * /v1/metrics}; {@link #grpc(int)} speaks OTLP/gRPC.
 */
public abstract class OtlpReceiver implements AutoCloseable {
    /** How the receiver answers an export. */
    public static final class Answer {
        final int httpStatus;
        final io.grpc.Status.Code grpcCode;
        final long rejectedPoints;
        final String message;

        private Answer(
                int httpStatus, io.grpc.Status.Code grpcCode, long rejected, String message) {
            this.httpStatus = httpStatus;
            this.grpcCode = grpcCode;
            this.rejectedPoints = rejected;
            this.message = message;
        }

        public static Answer ok() {
            return new Answer(200, io.grpc.Status.Code.OK, 0, "");
        }

        /** Accepted, but reports some points rejected. */
        public static Answer partialSuccess(long rejectedPoints, String message) {
            return new Answer(200, io.grpc.Status.Code.OK, rejectedPoints, message);
        }

        /** HTTP 503 / gRPC UNAVAILABLE: retryable. */
        public static Answer unavailable() {
            return new Answer(503, io.grpc.Status.Code.UNAVAILABLE, 0, "try later");
        }

        /** HTTP 400 / gRPC INVALID_ARGUMENT: permanent. */
        public static Answer badRequest() {
            return new Answer(400, io.grpc.Status.Code.INVALID_ARGUMENT, 0, "bad request");
        }

        boolean accepts() {
            return httpStatus == 200;
        }
    }

    protected final int port;
    private final List<ExportMetricsServiceRequest> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Map<String, String> lastHeaders = Map.of();
    private volatile Answer scripted = Answer.ok();
    private volatile long scriptedUntilNanos = Long.MAX_VALUE;

    protected OtlpReceiver(int port) {
        this.port = port;
    }

    public static OtlpReceiver http(int port) {
        return new HttpOtlpReceiver(port, null);
    }

    /** OTLP/HTTP over TLS with the certificate of {@code certificate}. */
    public static OtlpReceiver https(int port, SelfSignedCertificate certificate) {
        return new HttpOtlpReceiver(port, certificate.sslContext());
    }

    public static OtlpReceiver grpc(int port) {
        return new GrpcOtlpReceiver(port, null);
    }

    /** OTLP/gRPC over TLS with the certificate of {@code certificate}. */
    public static OtlpReceiver grpcs(int port, SelfSignedCertificate certificate) {
        return new GrpcOtlpReceiver(port, certificate);
    }

    public abstract OtlpReceiver start();

    /** The URL an exporter of this receiver's protocol uses. */
    public abstract String endpoint();

    public int port() {
        return port;
    }

    /** Answers every export this way from now on. */
    public OtlpReceiver answer(Answer answer) {
        scriptedUntilNanos = Long.MAX_VALUE;
        scripted = answer;
        return this;
    }

    /** Answers this way for the given time, then accepts again. */
    public OtlpReceiver answerFor(Duration duration, Answer answer) {
        scriptedUntilNanos = System.nanoTime() + duration.toNanos();
        scripted = answer;
        return this;
    }

    /** The request headers (gRPC: metadata) of the latest export, names in lower case. */
    public Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    protected void headers(Map<String, String> headers) {
        lastHeaders = Map.copyOf(headers);
    }

    /** Exports received, accepted or not. */
    public int requests() {
        return requests.get();
    }

    public List<ExportMetricsServiceRequest> accepted() {
        return List.copyOf(accepted);
    }

    /** Every point of every accepted export, in arrival order. */
    public List<ReceivedPoint> points() {
        List<ReceivedPoint> out = new ArrayList<>();
        for (ExportMetricsServiceRequest request : accepted) {
            for (ResourceMetrics rm : request.getResourceMetricsList()) {
                Map<String, String> resource = attributes(rm.getResource().getAttributesList());
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        flatten(resource, m, out);
                    }
                }
            }
        }
        return out;
    }

    private static void flatten(Map<String, String> resource, Metric m, List<ReceivedPoint> out) {
        switch (m.getDataCase()) {
            case GAUGE:
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    out.add(number(resource, m, ReceivedPoint.Type.GAUGE, false, false, p));
                }
                break;
            case SUM:
                boolean delta =
                        m.getSum().getAggregationTemporality()
                                == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    out.add(
                            number(
                                    resource,
                                    m,
                                    ReceivedPoint.Type.SUM,
                                    delta,
                                    m.getSum().getIsMonotonic(),
                                    p));
                }
                break;
            case SUMMARY:
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    Map<Double, Double> q = new LinkedHashMap<>();
                    p.getQuantileValuesList().forEach(v -> q.put(v.getQuantile(), v.getValue()));
                    out.add(
                            new ReceivedPoint(
                                    resource,
                                    m.getName(),
                                    m.getUnit(),
                                    ReceivedPoint.Type.SUMMARY,
                                    false,
                                    false,
                                    attributes(p.getAttributesList()),
                                    p.getStartTimeUnixNano(),
                                    p.getTimeUnixNano(),
                                    p.getSum(),
                                    p.getCount(),
                                    q));
                }
                break;
            default:
                throw new IllegalStateException("unexpected metric type " + m.getDataCase());
        }
    }

    private static ReceivedPoint number(
            Map<String, String> resource,
            Metric m,
            ReceivedPoint.Type type,
            boolean delta,
            boolean monotonic,
            NumberDataPoint p) {
        double value =
                p.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                        ? p.getAsInt()
                        : p.getAsDouble();
        return new ReceivedPoint(
                resource,
                m.getName(),
                m.getUnit(),
                type,
                delta,
                monotonic,
                attributes(p.getAttributesList()),
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                value,
                0,
                Map.of());
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            AnyValue v = kv.getValue();
            out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.toString().trim());
        }
        return out;
    }

    /** Records the request if the current answer accepts it, and returns the answer. */
    protected Answer receive(ExportMetricsServiceRequest request) {
        requests.incrementAndGet();
        Answer answer = System.nanoTime() < scriptedUntilNanos ? scripted : Answer.ok();
        if (answer.accepts()) {
            accepted.add(request);
        }
        return answer;
    }

    protected static ExportMetricsServiceResponse response(Answer answer) {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (answer.rejectedPoints > 0 || !answer.message.isEmpty()) {
            b.setPartialSuccess(
                    ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(answer.rejectedPoints)
                            .setErrorMessage(answer.message));
        }
        return b.build();
    }
}
