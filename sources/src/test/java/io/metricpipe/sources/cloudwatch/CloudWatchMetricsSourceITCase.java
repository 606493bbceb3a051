package io.metricpipe.sources.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import io.metricpipe.testing.aws.FakeCloudWatch;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CloudWatch source on a MiniCluster against the loopback CloudWatch (real SDK, CBOR): a
 * six-hour backfill arrives with every period of every series exactly once, while a third of all
 * calls are throttled.
 */
class CloudWatchMetricsSourceITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long FIVE_MINUTES = 300_000;
    private static final int INSTANCES = 20;
    private static final String ACCOUNT = "123456789012";

    private static void instances(FakeCloudWatch fake, int n) {
        for (int i = 0; i < n; i++) {
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-" + i)));
        }
    }

    /** The source over EC2 CPUUtilization (Average) of the fake, backfilling from {@code from}. */
    private static CollectorSpec ec2Collector() {
        return new CollectorSpec(
                "ec2",
                "AWS/EC2",
                List.of("InstanceId"),
                List.of(MetricSpec.of("CPUUtilization", "Average")),
                Duration.ofMinutes(5));
    }

    private static CloudWatchMetricsSourceBuilder ec2Source(
            FakeCloudWatch fake,
            List<String> accounts,
            List<String> regions,
            String accessKey,
            String roleArnTemplate,
            long settle,
            long from) {
        return CloudWatchMetricsSource.builder()
                .setAccounts(accounts)
                .setRegions(regions)
                .addCollector(ec2Collector())
                .setAccess(
                        AwsAccess.builder()
                                .endpoint(fake.endpoint().toString())
                                .staticCredentials(accessKey, accessKey)
                                .assumeRole(roleArnTemplate, "ext-42")
                                .build())
                .setSettleDelay(Duration.ofMillis(settle))
                .setBackfillFrom(Instant.ofEpochMilli(from));
    }

    /**
     * An endpoint that answers 404 to everything (a wrong URL, a server of another API) marks the
     * scope DOWN as an endpoint problem, not an outage retried at the outage pace; the job goes on.
     */
    @Test
    void anEndpointThatAnswers404IsReportedAsAnEndpointProblem() throws Exception {
        HttpServer notFound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        notFound.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/html");
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        notFound.start();
        long now = System.currentTimeMillis();
        long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
        long period = PeriodMath.settledEnd(now, settle, FIVE_MINUTES) - FIVE_MINUTES;
        try {
            StreamExecutionEnvironment env = env(1);
            CloudWatchMetricsSource source =
                    CloudWatchMetricsSource.builder()
                            .setAccounts(List.of(ACCOUNT))
                            .setRegions(List.of("us-east-1"))
                            .addCollector(ec2Collector())
                            .setAccess(
                                    AwsAccess.builder()
                                            .endpoint(
                                                    "http://127.0.0.1:"
                                                            + notFound.getAddress().getPort())
                                            .staticCredentials("test", "test")
                                            .build())
                            .setSettleDelay(Duration.ofMillis(settle))
                            .setBackfillFrom(Instant.ofEpochMilli(period))
                            .build();
            CloseableIterator<ResourceSamples> results =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "cloudwatch")
                            .collectAsync();
            JobClient job = env.executeAsync("wrong-endpoint");
            try {
                long deadline = System.currentTimeMillis() + 30_000;
                while (metric(job.getJobID(), "errors_endpoint", "us-east-1") < 1
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                // Retried after 30 to 60 s, not at the outage pace.
                Thread.sleep(3_000);
                assertThat(metric(job.getJobID(), "errors_endpoint", "us-east-1")).isEqualTo(1);
                assertThat(metric(job.getJobID(), "errors_unknown", "")).isZero();
                // 0 UP, 2 DOWN
                assertThat(metric(job.getJobID(), "health", "us-east-1")).isEqualTo(2);
                assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
            } finally {
                results.close();
                job.cancel();
            }
        } finally {
            notFound.stop(0);
        }
    }

    @Test
    void sixHoursOfBackfillArriveWholeDespiteThrottling() throws Exception {
        try (FakeCloudWatch fake = FakeCloudWatch.start()) {
            instances(fake, INSTANCES);
            fake.throttleEvery(3);
            long now = System.currentTimeMillis();
            // A settle delay that puts "now - settle" mid-period, so no period settles while
            // the test runs and the expected set is fixed.
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long settledEnd = PeriodMath.settledEnd(now, settle, FIVE_MINUTES);
            long from = PeriodMath.alignDown(settledEnd - 6 * 3_600_000L, FIVE_MINUTES);
            int periods = (int) ((settledEnd - from) / FIVE_MINUTES);
            assertThat(periods).isEqualTo(72);

            StreamExecutionEnvironment env = env(2);
            CloudWatchMetricsSource source =
                    ec2Source(
                                    fake,
                                    List.of(ACCOUNT),
                                    List.of("us-east-1", "eu-west-1"),
                                    "test",
                                    "",
                                    settle,
                                    from)
                            .setMaxPeriodsPerFetch(12)
                            .build();
            int expected = 2 * INSTANCES * periods;
            List<ResourceSamples> samples =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "cloudwatch")
                            .executeAndCollect(expected);

            Set<String> seen = new HashSet<>();
            for (ResourceSamples s : samples) {
                assertThat(seen.add(s.resourceKey + "@" + s.timestamp)).as("once").isTrue();
                assertThat(s.timestamp).isBetween(from, settledEnd - FIVE_MINUTES);
                assertThat(s.resourceKey).startsWith("arn:aws:ec2:");
                assertThat(s.names).containsExactly("aws.CPUUtilization.average");
                String instance = s.resourceKey.substring(s.resourceKey.indexOf("instance/") + 9);
                double value =
                        new FakeCloudWatch.Series(
                                        "AWS/EC2", "CPUUtilization", Map.of("InstanceId", instance))
                                .value(s.timestamp / 1000, "Average");
                assertThat(s.values[0]).isEqualTo(value);
            }
            assertThat(seen).hasSize(expected);
            // 72 periods in fetches of 12: 6 GetMetricData calls per region, however throttled.
            assertThat(fake.calls("GetMetricData")).isEqualTo(12);
            assertThat(fake.requests())
                    .isGreaterThan(fake.calls("GetMetricData") + fake.calls("ListMetrics"));
        }
    }

    /** A job environment without Kryo. */
    private static StreamExecutionEnvironment env(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.getConfig().disableGenericTypes();
        return env;
    }

    private static long metric(JobID job, String name, String scope) {
        return REPORTER.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().contains(scope))
                .mapToLong(
                        e ->
                                e.getValue() instanceof Counter
                                        ? ((Counter) e.getValue()).getCount()
                                        : ((Number) ((Gauge<?>) e.getValue()).getValue())
                                                .longValue())
                .sum();
    }

    @Test
    void accessDeniedInOneRegionTakesOnlyThatCollectorDown() throws Exception {
        try (FakeCloudWatch fake = FakeCloudWatch.start()) {
            instances(fake, INSTANCES);
            fake.accessDeniedIn("eu-west-1").throttleEvery(2);
            long now = System.currentTimeMillis();
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long period = PeriodMath.settledEnd(now, settle, FIVE_MINUTES) - FIVE_MINUTES;

            StreamExecutionEnvironment env = env(1);
            CloudWatchMetricsSource source =
                    ec2Source(
                                    fake,
                                    List.of(ACCOUNT),
                                    List.of("us-east-1", "eu-west-1"),
                                    "test",
                                    "",
                                    settle,
                                    period)
                            .build();
            CloseableIterator<ResourceSamples> results =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "cloudwatch")
                            .collectAsync();
            JobClient job = env.executeAsync("access-denied");
            try {
                Set<String> seen = new HashSet<>();
                while (seen.size() < INSTANCES) {
                    ResourceSamples s = results.next();
                    assertThat(s.resourceKey).contains(":us-east-1:");
                    seen.add(s.resourceKey);
                }
                long deadline = System.currentTimeMillis() + 30_000;
                while (metric(job.getJobID(), "health", "eu-west-1") != 2
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                // 0 UP, 2 DOWN
                assertThat(metric(job.getJobID(), "health", "eu-west-1")).isEqualTo(2);
                assertThat(metric(job.getJobID(), "health", "us-east-1")).isZero();
                assertThat(metric(job.getJobID(), "lastSuccessTime", "us-east-1")).isPositive();
                assertThat(metric(job.getJobID(), "errors_credentials", "eu-west-1")).isPositive();
                assertThat(metric(job.getJobID(), "errors_credentials", "us-east-1")).isZero();
                // One period of 20 series in us-east-1: one call, 20 metrics requested.
                assertThat(metric(job.getJobID(), "metricsRequested", "us-east-1/ec2"))
                        .isEqualTo(INSTANCES);
                assertThat(metric(job.getJobID(), "calls", "us-east-1/ec2")).isEqualTo(1);
                assertThat(metric(job.getJobID(), "errors_credentials", "")).isPositive();
                assertThat(metric(job.getJobID(), "metricsRequested", "GetMetricData"))
                        .isEqualTo(INSTANCES);
                assertThat(metric(job.getJobID(), "throttles", "")).isPositive();
                assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
            } finally {
                results.close();
                job.cancel();
            }
        }
    }

    @Test
    void eachAccountIsReadThroughItsRoleAssumedWithTheExternalId() throws Exception {
        try (FakeCloudWatch fake = FakeCloudWatch.start()) {
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-1")));
            long now = System.currentTimeMillis();
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long period = PeriodMath.settledEnd(now, settle, FIVE_MINUTES) - FIVE_MINUTES;
            List<String> accounts = List.of("111111111111", "222222222222");

            StreamExecutionEnvironment env = env(1);
            CloudWatchMetricsSource source =
                    ec2Source(
                                    fake,
                                    accounts,
                                    List.of("us-east-1"),
                                    "base",
                                    "arn:aws:iam::{account}:role/metricpipe",
                                    settle,
                                    period)
                            .build();
            List<ResourceSamples> samples =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "cloudwatch")
                            .executeAndCollect(2);

            assertThat(samples)
                    .extracting(s -> s.resourceKey)
                    .containsExactlyInAnyOrder(
                            "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
                            "arn:aws:ec2:us-east-1:222222222222:instance/i-1");
            assertThat(fake.assumedRoles())
                    .contains(
                            "arn:aws:iam::111111111111:role/metricpipe externalId=ext-42",
                            "arn:aws:iam::222222222222:role/metricpipe externalId=ext-42");
            // Every GetMetricData call was signed with an assumed role's key, never the base one.
            assertThat(fake.getMetricDataCalls())
                    .extracting(c -> c.accessKeyId)
                    .containsExactlyInAnyOrder(
                            FakeCloudWatch.assumedKeyId("111111111111"),
                            FakeCloudWatch.assumedKeyId("222222222222"));
        }
    }
}
