package io.metricpipe.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.otlp.OtlpReceiver;
import io.metricpipe.testing.otlp.ReceivedPoint;
import io.metricpipe.testing.otlp.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OTLP sink in a Flink job on a MiniCluster, against loopback receivers that decode the real
 * protobuf: delivery over gRPC and HTTP, and the faults a collector produces. The jobs run without
 * restarts, so a job that finishes has never failed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a sink that cannot deliver retries forever
class OtlpSinkITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long T0 = 1_763_856_000_000L;
    private static final int HOSTS = 4;
    private static final int WINDOWS = 5;

    /** Per result: 2 gauge points (gauge + summary), 2 network sums, 1 occurrence sum. */
    private static final int POINTS_PER_RESULT = 5;

    static List<WindowResult> results() {
        List<WindowResult> out = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            for (int w = 0; w < WINDOWS; w++) {
                MetricStats cpu = new MetricStats();
                cpu.name = "cpu.usage_percent";
                cpu.kind = MetricKind.GAUGE.code();
                cpu.count = 6;
                cpu.min = 10 + h;
                cpu.max = 20 + h;
                cpu.last = 15 + h + w;
                cpu.sum = 6 * 15;
                cpu.p50 = cpu.p90 = cpu.p95 = cpu.p99 = 15;
                MetricStats sent = counter("network.bytes_sent", 100 * (h + 1));
                MetricStats recv = counter("network.bytes_recv", 10 * (w + 1));
                MetricStats errors = new MetricStats();
                errors.name = "http.server.errors";
                errors.kind = MetricKind.OCCURRENCE.code();
                errors.count = w;
                WindowResult r = new WindowResult();
                r.resourceKey = "host/h" + h;
                r.resourceType = "host";
                r.windowStart = T0 + w * 60_000L;
                r.windowSizeMs = 60_000;
                r.revision = 1;
                r.metrics = new MetricStats[] {cpu, sent, recv, errors};
                r.attributeKeys = new String[0];
                r.attributeValues = new String[0];
                out.add(r);
            }
        }
        return out;
    }

    private static MetricStats counter(String name, double rate) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = MetricKind.COUNTER.code();
        s.count = 6;
        s.rate = rate;
        return s;
    }

    private static JobClient start(OtlpReceiver receiver, OtlpSection.Protocol protocol)
            throws Exception {
        return start(receiver, protocol, new OtlpSection().maxAttempts);
    }

    private static JobClient start(
            OtlpReceiver receiver, OtlpSection.Protocol protocol, int maxAttempts)
            throws Exception {
        return start(receiver, protocol, maxAttempts, "", "");
    }

    private static JobClient start(
            OtlpReceiver receiver,
            OtlpSection.Protocol protocol,
            int maxAttempts,
            String trustedCertificates)
            throws Exception {
        return start(receiver, protocol, maxAttempts, trustedCertificates, "");
    }

    private static JobClient start(
            OtlpReceiver receiver,
            OtlpSection.Protocol protocol,
            int maxAttempts,
            String trustedCertificates,
            String headersEnv)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.getConfig().disableGenericTypes();
        env.fromData(TypeInformation.of(WindowResult.class), results().toArray(new WindowResult[0]))
                .sinkTo(
                        OtlpSink.builder()
                                .setProtocol(protocol)
                                .setEndpoint(receiver.endpoint())
                                .setMaxAttempts(maxAttempts)
                                .setTrustedCertificates(trustedCertificates)
                                .setHeadersEnv(headersEnv)
                                .setMaxBatchSize(7)
                                .setMaxTimeInBufferMS(200)
                                .build())
                .name("otlp");
        return env.executeAsync("otlp-sink");
    }

    private static JobExecutionResult finish(JobClient job) throws Exception {
        return job.getJobExecutionResult().get();
    }

    private static long counter(JobID job, String name) {
        return REPORTER.findMetrics(job, "otlp." + name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    private static OtlpReceiver receiver(OtlpSection.Protocol protocol, int port) {
        return protocol == OtlpSection.Protocol.HTTP
                ? OtlpReceiver.http(port)
                : OtlpReceiver.grpc(port);
    }

    /** Every (host, window) pair the points cover. */
    private static Set<String> windowsCovered(List<ReceivedPoint> points) {
        return points.stream()
                .map(p -> p.resource.get("host.name") + "@" + p.startNanos)
                .collect(Collectors.toSet());
    }

    private static void assertEverythingArrived(OtlpReceiver receiver) {
        List<ReceivedPoint> points = receiver.points();
        assertThat(points).hasSize(HOSTS * WINDOWS * POINTS_PER_RESULT);
        assertThat(windowsCovered(points)).hasSize(HOSTS * WINDOWS);
        assertThat(points.stream().map(ReceivedPoint::identity).distinct()).hasSize(points.size());
        ReceivedPoint cpu =
                points.stream()
                        .filter(
                                p ->
                                        p.metric.equals("system.cpu.utilization")
                                                && "h2".equals(p.resource.get("host.name"))
                                                && p.startNanos == (T0 + 3 * 60_000L) * 1_000_000)
                        .findFirst()
                        .orElseThrow();
        assertThat(cpu.value).isEqualTo((15 + 2 + 3) / 100.0);
        assertThat(cpu.timeNanos).isEqualTo((T0 + 4 * 60_000L) * 1_000_000);
    }

    @ParameterizedTest
    @EnumSource(OtlpSection.Protocol.class)
    void deliversEveryPoint(OtlpSection.Protocol protocol) throws Exception {
        try (OtlpReceiver receiver = receiver(protocol, Ports.free()).start()) {
            JobClient job = start(receiver, protocol);
            finish(job);
            assertEverythingArrived(receiver);
            assertThat(counter(job.getJobID(), "pointsSent"))
                    .isEqualTo(HOSTS * WINDOWS * POINTS_PER_RESULT);
            assertThat(counter(job.getJobID(), "batchesSent")).isEqualTo(receiver.requests());
            assertThat(counter(job.getJobID(), "rejectedPoints")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(OtlpSection.Protocol.class)
    void unavailableForTenSecondsLosesNothing(OtlpSection.Protocol protocol) throws Exception {
        try (OtlpReceiver receiver = receiver(protocol, Ports.free()).start()) {
            receiver.answerFor(Duration.ofSeconds(10), OtlpReceiver.Answer.unavailable());
            JobClient job = start(receiver, protocol);
            finish(job);
            assertEverythingArrived(receiver);
            assertThat(receiver.requests()).isGreaterThan(receiver.accepted().size());
            assertThat(counter(job.getJobID(), "rejectedPoints")).isZero();
        }
    }

    @Test
    void permanentRejectionIsCountedAndTheJobGoesOn() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.http(Ports.free()).start()) {
            receiver.answer(OtlpReceiver.Answer.badRequest());
            JobClient job = start(receiver, OtlpSection.Protocol.HTTP);
            finish(job);
            assertThat(receiver.accepted()).isEmpty();
            // 400 is not retried: one request per batch of 7 results.
            assertThat(receiver.requests()).isEqualTo((HOSTS * WINDOWS + 6) / 7);
            assertThat(counter(job.getJobID(), "rejectedPoints"))
                    .isEqualTo(HOSTS * WINDOWS * POINTS_PER_RESULT);
            assertThat(counter(job.getJobID(), "pointsSent")).isZero();
        }
    }

    @Test
    void partialSuccessIsCounted() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.grpc(Ports.free()).start()) {
            receiver.answer(OtlpReceiver.Answer.partialSuccess(2, "2 points had no name"));
            JobClient job = start(receiver, OtlpSection.Protocol.GRPC);
            finish(job);
            assertThat(counter(job.getJobID(), "rejectedPoints"))
                    .isEqualTo(2L * receiver.requests());
            assertThat(receiver.requests()).isGreaterThan(0);
        }
    }

    /**
     * The receiver is down (connections refused) for 4 s, or for {@code -Dfault.otlpDownSeconds}
     * (the long version: 120), then up: every point arrives.
     */
    @Test
    void aReceiverDownForAWhileStillGetsEverything() throws Exception {
        int port = Ports.free();
        OtlpReceiver receiver = OtlpReceiver.http(port);
        try {
            // One attempt per export: the sink's own backoff and re-queueing carry the batches.
            JobClient job = start(receiver, OtlpSection.Protocol.HTTP, 1);
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.getLong("fault.otlpDownSeconds", 4)));
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
            receiver.start();
            finish(job);
            assertEverythingArrived(receiver);
            assertThat(counter(job.getJobID(), "retries")).isGreaterThan(0);
        } finally {
            receiver.close();
        }
    }

    @ParameterizedTest
    @EnumSource(OtlpSection.Protocol.class)
    void tlsWithACustomCa(OtlpSection.Protocol protocol, @TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (OtlpReceiver receiver = tlsReceiver(protocol, certificate).start()) {
            assertThat(receiver.endpoint()).startsWith("https://");
            JobClient job =
                    start(
                            receiver,
                            protocol,
                            new OtlpSection().maxAttempts,
                            certificate.pem().toString());
            finish(job);
            assertEverythingArrived(receiver);
        }
    }

    /**
     * A receiver whose certificate no trusted CA signed: the TLS handshake fails, no export reaches
     * it, and the sink holds its points back and tries again (nothing sent in clear).
     */
    @ParameterizedTest
    @EnumSource(OtlpSection.Protocol.class)
    void anUntrustedCertificateIsRefused(OtlpSection.Protocol protocol, @TempDir Path dir)
            throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        try (OtlpReceiver receiver = tlsReceiver(protocol, certificate).start()) {
            JobClient job = start(receiver, protocol, 1, "");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (counter(job.getJobID(), "retries") < 2) {
                    assertThat(System.nanoTime()).as("the sink retrying").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(receiver.requests()).isZero();
                assertThat(counter(job.getJobID(), "pointsSent")).isZero();
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static OtlpReceiver tlsReceiver(
            OtlpSection.Protocol protocol, SelfSignedCertificate certificate) {
        return protocol == OtlpSection.Protocol.HTTP
                ? OtlpReceiver.https(Ports.free(), certificate)
                : OtlpReceiver.grpcs(Ports.free(), certificate);
    }

    @Test
    void headersComeFromTheEnvironment() throws Exception {
        CommonTestUtils.setEnv(
                Map.of(
                        "METRICPIPE_IT_OTLP_HEADERS",
                        "authorization=Bearer%20s3cret,x-tenant=team-a"),
                false);
        try (OtlpReceiver receiver = OtlpReceiver.http(Ports.free()).start()) {
            JobClient job =
                    start(
                            receiver,
                            OtlpSection.Protocol.HTTP,
                            new OtlpSection().maxAttempts,
                            "",
                            "METRICPIPE_IT_OTLP_HEADERS");
            finish(job);
            assertEverythingArrived(receiver);
            assertThat(receiver.lastHeaders())
                    .containsEntry("authorization", "Bearer s3cret")
                    .containsEntry("x-tenant", "team-a");
        }
    }
}
