package io.metricpipe.sources.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metricpipe.sources.aws.ApiError;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxy;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxyFactory;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import io.metricpipe.testing.aws.FakeCloudWatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Series discovery and GetMetricData through the real AWS SDK HTTP stack (Smithy RPC v2 CBOR)
 * against the loopback CloudWatch fake.
 */
class MetricDataFetcherTest {
    private static final long T0 = 1_763_856_000_000L;
    private static final long FIVE_MINUTES = 300_000;
    private static final String ACCOUNT = "123456789012";
    private static final CollectorSpec EC2_CPU =
            new CollectorSpec(
                    "ec2",
                    "AWS/EC2",
                    List.of("InstanceId"),
                    List.of(MetricSpec.of("CPUUtilization", "Average")),
                    Duration.ofMinutes(5));

    private FakeCloudWatch fake;

    @BeforeEach
    void start() {
        fake = FakeCloudWatch.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void instances(int n) {
        for (int i = 0; i < n; i++) {
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-" + i)));
        }
        // Aggregates over other dimensions exist in real accounts; they are not resources.
        fake.addSeries(
                new FakeCloudWatch.Series(
                        "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", "asg")));
        fake.addSeries(new FakeCloudWatch.Series("AWS/EC2", "CPUUtilization", Map.of()));
    }

    private CloudWatchProxy proxy(String region) {
        return CloudWatchProxyFactory.sdk(
                        AwsAccess.builder()
                                .endpoint(fake.endpoint().toString())
                                .staticCredentials("test", "test")
                                .build())
                .create("123456789012", region, null);
    }

    /** Checks every datapoint against the fake's value function, and that none repeats. */
    private static void assertComplete(
            MetricDataFetcher.Result result, int series, long start, long end) {
        long periods = (end - start) / FIVE_MINUTES;
        assertThat(result.datapoints).hasSize((int) (series * periods));
        Set<String> seen = new HashSet<>();
        for (MetricDatapoint d : result.datapoints) {
            assertThat(seen.add(d.identity())).as("once: " + d).isTrue();
            assertThat(d.timestamp).isBetween(start, end - 1);
            assertThat(d.timestamp % FIVE_MINUTES).isZero();
            double expected =
                    new FakeCloudWatch.Series(d.namespace, d.metric, d.dimensions)
                            .value(d.timestamp / 1000, d.statistic);
            assertThat(d.value).as(d.identity()).isEqualTo(expected);
        }
    }

    @Test
    void twelveHundredSeriesInThreeRegionsCostThreeCallsPerRegionPerPeriod() {
        instances(1200);
        Map<String, Integer> callsByRegion = new HashMap<>();
        for (String region : List.of("us-east-1", "eu-west-1", "ap-south-1")) {
            try (CloudWatchProxy proxy = proxy(region)) {
                SeriesDiscovery.Result series = SeriesDiscovery.discover(proxy, EC2_CPU);
                assertThat(series.queries).hasSize(1200);
                MetricDataFetcher.Result result =
                        new MetricDataFetcher(proxy, 500)
                                .fetch(ACCOUNT, region, series.queries, T0, T0 + FIVE_MINUTES);
                assertComplete(result, 1200, T0, T0 + FIVE_MINUTES);
                assertThat(result.calls).isEqualTo(3);
                assertThat(result.metricsRequested).isEqualTo(1200);
                assertThat(result.datapoints).allMatch(d -> d.region.equals(region));
            }
        }
        fake.getMetricDataCalls().forEach(c -> callsByRegion.merge(c.region, 1, Integer::sum));
        assertThat(callsByRegion)
                .containsOnly(
                        Map.entry("us-east-1", 3),
                        Map.entry("eu-west-1", 3),
                        Map.entry("ap-south-1", 3));
        assertThat(fake.getMetricDataCalls()).allMatch(c -> c.queries <= 500);
    }

    @Test
    void paginatedListingsAndDatapointsAreFollowedToTheEnd() {
        instances(1200);
        fake.listMetricsPageSize(100).datapointsPerPage(7_000);
        try (CloudWatchProxy proxy = proxy("us-east-1")) {
            SeriesDiscovery.Result series = SeriesDiscovery.discover(proxy, EC2_CPU);
            assertThat(series.calls).isEqualTo(13); // 1,202 metrics in pages of 100
            assertThat(series.queries).hasSize(1200);

            // Six hours of backfill: 72 periods x 500 queries per request > 7,000 per page.
            long end = T0 + 6 * 3_600_000L;
            MetricDataFetcher.Result result =
                    new MetricDataFetcher(proxy, 500)
                            .fetch(ACCOUNT, "us-east-1", series.queries, T0, end);
            assertComplete(result, 1200, T0, end);
            assertThat(fake.getMetricDataCalls()).anyMatch(c -> c.paged);
            // 1,200 x 72 datapoints in pages of 7,000, within 3 requests of 500, 500, 200 queries.
            assertThat(result.calls).isEqualTo(6 + 6 + 3);
        }
    }

    @Test
    void throttlingIsRetriedByTheSdkAndLeavesNoGap() {
        instances(1200);
        fake.throttleEvery(3); // a third of all requests
        try (CloudWatchProxy proxy = proxy("us-east-1")) {
            SeriesDiscovery.Result series = SeriesDiscovery.discover(proxy, EC2_CPU);
            MetricDataFetcher.Result result =
                    new MetricDataFetcher(proxy, 500)
                            .fetch(ACCOUNT, "us-east-1", series.queries, T0, T0 + 3 * FIVE_MINUTES);
            assertComplete(result, 1200, T0, T0 + 3 * FIVE_MINUTES);
            assertThat(fake.requests())
                    .isGreaterThan(fake.calls("GetMetricData") + fake.calls("ListMetrics"));
        }
    }

    @Test
    void accessDeniedAndServerErrorsSurfaceClassified() {
        instances(10);
        try (CloudWatchProxy proxy = proxy("us-east-1")) {
            fake.accessDenied(true);
            assertThat(ApiError.of(catchThrowable(() -> SeriesDiscovery.discover(proxy, EC2_CPU))))
                    .isEqualTo(ApiError.CREDENTIALS);
            fake.accessDenied(false).serverErrors(true);
            assertThat(ApiError.of(catchThrowable(() -> SeriesDiscovery.discover(proxy, EC2_CPU))))
                    .isEqualTo(ApiError.SERVICE_5XX);
        }
    }
}
