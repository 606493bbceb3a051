package io.metricpipe.sources.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import io.metricpipe.testing.aws.FakeCloudWatch;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CloudWatch source on a MiniCluster against the loopback CloudWatch (real SDK, CBOR): a
 * six-hour backfill arrives with every period of every series exactly once, while a third of all
 * calls are throttled.
 */
class CloudWatchMetricsSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long FIVE_MINUTES = 300_000;
    private static final int INSTANCES = 20;
    private static final String ACCOUNT = "123456789012";

    @Test
    void sixHoursOfBackfillArriveWholeDespiteThrottling() throws Exception {
        try (FakeCloudWatch fake = FakeCloudWatch.start()) {
            for (int i = 0; i < INSTANCES; i++) {
                fake.addSeries(
                        new FakeCloudWatch.Series(
                                "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-" + i)));
            }
            fake.throttleEvery(3);
            long now = System.currentTimeMillis();
            // A settle delay that puts "now - settle" mid-period, so no period settles while
            // the test runs and the expected set is fixed.
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long settledEnd = PeriodMath.settledEnd(now, settle, FIVE_MINUTES);
            long from = PeriodMath.alignDown(settledEnd - 6 * 3_600_000L, FIVE_MINUTES);
            int periods = (int) ((settledEnd - from) / FIVE_MINUTES);
            assertThat(periods).isEqualTo(72);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.getConfig().disableGenericTypes();
            CloudWatchMetricsSource source =
                    CloudWatchMetricsSource.builder()
                            .setAccounts(List.of(ACCOUNT))
                            .setRegions(List.of("us-east-1", "eu-west-1"))
                            .addCollector(
                                    new CollectorSpec(
                                            "ec2",
                                            "AWS/EC2",
                                            List.of("InstanceId"),
                                            List.of(MetricSpec.of("CPUUtilization", "Average")),
                                            Duration.ofMinutes(5)))
                            .setEndpoint(fake.endpoint().toString())
                            .setStaticCredentials("test", "test")
                            .setSettleDelay(Duration.ofMillis(settle))
                            .setBackfillFrom(Instant.ofEpochMilli(from))
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
}
