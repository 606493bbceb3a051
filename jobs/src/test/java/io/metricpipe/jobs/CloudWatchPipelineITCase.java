package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.cloudwatch.CloudWatchMetricsSource;
import io.metricpipe.sources.cloudwatch.PeriodMath;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import io.metricpipe.sources.inventory.InventorySource;
import io.metricpipe.testing.aws.FakeCloudWatch;
import io.metricpipe.testing.aws.FakeResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Polled CloudWatch metrics through the whole job: 1,200 series (400 instances x 3 statistics) in
 * each of 3 regions cost exactly ceil(1200 / 500) = 3 GetMetricData calls per region for a period,
 * and every datapoint lands in the DynamoDB aggregates under its resource's ARN, enriched with the
 * instance's name, type and tags from the resource inventory.
 */
class CloudWatchPipelineITCase extends EmulatorITCase {
    private static final long FIVE_MINUTES = 300_000;
    private static final int INSTANCES = 400;
    private static final List<String> STATS = List.of("Average", "Maximum", "Minimum");
    private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-south-1");
    private static final String ACCOUNT = "123456789012";

    @Test
    void everyDatapointLandsInDynamoDbAtThreeCallsPerRegionPerPeriod() throws Exception {
        try (FakeCloudWatch fake = FakeCloudWatch.start();
                FakeResources inventory = FakeResources.start()) {
            for (int i = 0; i < INSTANCES; i++) {
                fake.addSeries(
                        new FakeCloudWatch.Series(
                                "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-" + i)));
                for (String region : REGIONS) {
                    inventory.add(new FakeResources.Resource("ec2", region, "i-" + i, tags(i)));
                }
            }
            long now = System.currentTimeMillis();
            // "now - settle" mid-period: exactly one period is settled and none settles meanwhile.
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long period = PeriodMath.settledEnd(now, settle, FIVE_MINUTES) - FIVE_MINUTES;

            kinesis.createStream("cw-events", 1);
            PipelineScenario scenario =
                    new PipelineScenario(kinesis, dynamodb, "cw-events", "cw")
                            .withPollingSource(
                                    CloudWatchMetricsSource.builder()
                                            .setAccounts(List.of(ACCOUNT))
                                            .setRegions(REGIONS)
                                            .addCollector(
                                                    new CollectorSpec(
                                                            "ec2",
                                                            "AWS/EC2",
                                                            List.of("InstanceId"),
                                                            List.of(
                                                                    new MetricSpec(
                                                                            "CPUUtilization",
                                                                            STATS)),
                                                            Duration.ofMinutes(5)))
                                            .setAccess(local(fake.endpoint()))
                                            .setSettleDelay(Duration.ofMillis(settle))
                                            .setBackfillFrom(Instant.ofEpochMilli(period))
                                            .build())
                            .withInventorySource(
                                    InventorySource.builder()
                                            .setAccounts(List.of(ACCOUNT))
                                            .setRegions(REGIONS)
                                            .setServices(List.of("ec2"))
                                            .setAccess(local(inventory.endpoint()))
                                            .build());
            int resources = INSTANCES * REGIONS.size();
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "a 1-minute and a 5-minute item per polled resource",
                        Duration.ofSeconds(150),
                        () -> scenario.aggregates().size() >= 2 * resources,
                        scenario::progress);
                Thread.sleep(2_000);
            } finally {
                job.cancel().get();
            }

            Map<String, Map<String, AttributeValue>> minutes = new HashMap<>();
            for (Map<String, AttributeValue> item : scenario.aggregates()) {
                if (item.get("window").s().equals("1m")) {
                    minutes.put(item.get("resourceKey").s(), item);
                }
            }
            assertThat(minutes).hasSize(resources);
            for (String region : REGIONS) {
                for (int i = 0; i < INSTANCES; i++) {
                    String arn = "arn:aws:ec2:" + region + ":" + ACCOUNT + ":instance/i-" + i;
                    Map<String, AttributeValue> item = minutes.get(arn);
                    assertThat(item).as(arn).isNotNull();
                    assertThat(item.get("windowStart").n()).isEqualTo(Long.toString(period));
                    assertThat(item.get("resourceType").s()).isEqualTo("ec2");
                    Map<String, AttributeValue> attributes = item.get("attributes").m();
                    Map<String, String> tags = tags(i);
                    assertThat(attributes.get("aws.resource.name").s())
                            .isEqualTo(tags.getOrDefault("Name", "i-" + i));
                    assertThat(attributes.get("aws.instanceType").s()).isEqualTo("t3.micro");
                    assertThat(attributes.get("aws.privateIpAddress").s())
                            .isEqualTo(
                                    new FakeResources.Resource("ec2", region, "i-" + i, tags)
                                            .privateIp());
                    assertThat(attributes.containsKey("aws.tag.team"))
                            .isEqualTo(tags.containsKey("team"));
                    FakeCloudWatch.Series series =
                            new FakeCloudWatch.Series(
                                    "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-" + i));
                    for (String stat : STATS) {
                        Map<String, AttributeValue> stats =
                                item.get("metrics")
                                        .m()
                                        .get("aws.CPUUtilization." + stat.toLowerCase())
                                        .m();
                        assertThat(stats.get("count").n()).isEqualTo("1");
                        assertThat(Double.parseDouble(stats.get("last").n()))
                                .as(arn + " " + stat)
                                .isEqualTo(series.value(period / 1000, stat));
                    }
                }
            }
            Map<String, Long> callsByRegion =
                    fake.getMetricDataCalls().stream()
                            .collect(Collectors.groupingBy(c -> c.region, Collectors.counting()));
            assertThat(callsByRegion)
                    .containsOnly(
                            Map.entry("us-east-1", 3L),
                            Map.entry("eu-west-1", 3L),
                            Map.entry("ap-south-1", 3L));
            assertThat(fake.getMetricDataCalls()).allMatch(c -> c.queries <= 500);
            assertThat(scenario.resources()).hasSize(resources);
        }
    }

    /** Every other instance is tagged, a third of those with a name. */
    private static Map<String, String> tags(int i) {
        if (i % 2 == 1) {
            return Map.of();
        }
        return i % 3 == 0 ? Map.of("team", "t" + i % 4, "Name", "web-" + i) : Map.of("team", "t1");
    }

    @Test
    void aRestartFromACheckpointLeavesEverySeriesContiguousWithoutDuplicates() throws Exception {
        int instances = 10;
        try (FakeCloudWatch fake = FakeCloudWatch.start();
                FakeResources inventory = FakeResources.start()) {
            for (int i = 0; i < instances; i++) {
                fake.addSeries(
                        new FakeCloudWatch.Series(
                                "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "r-" + i)));
                inventory.add(
                        new FakeResources.Resource(
                                "ec2", "us-east-1", "r-" + i, Map.of("team", "t" + i)));
            }
            long now = System.currentTimeMillis();
            long settle = now % FIVE_MINUTES + FIVE_MINUTES / 2;
            long settledEnd = PeriodMath.settledEnd(now, settle, FIVE_MINUTES);
            long from = settledEnd - 72 * FIVE_MINUTES;

            kinesis.createStream("cw-restart", 1);
            FailOnceAfterCheckpoint.reset();
            PipelineScenario scenario =
                    new PipelineScenario(kinesis, dynamodb, "cw-restart", "cwr")
                            .withTap(
                                    s ->
                                            s.map(new FailOnceAfterCheckpoint(instances * 72 / 3))
                                                    .returns(
                                                            org.apache.flink.api.common.typeinfo
                                                                    .TypeInformation.of(
                                                                    io.metricpipe.core.model
                                                                            .ResourceSamples.class))
                                                    .name("fail once"),
                                    200)
                            .withPollingSource(
                                    CloudWatchMetricsSource.builder()
                                            .setAccounts(List.of(ACCOUNT))
                                            .setRegions(List.of("us-east-1"))
                                            .addCollector(ec2AverageCpu(Duration.ofMinutes(5)))
                                            .setAccess(local(fake.endpoint()))
                                            .setSettleDelay(Duration.ofMillis(settle))
                                            .setBackfillFrom(Instant.ofEpochMilli(from))
                                            .setMaxPeriodsPerFetch(6)
                                            .build())
                            .withInventorySource(ec2Inventory(local(inventory.endpoint())));
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "every period of every series, at 1 and 5 minutes",
                        Duration.ofSeconds(150),
                        () -> scenario.aggregates().size() >= 2 * instances * 72,
                        scenario::progress);
                Thread.sleep(2_000);
            } finally {
                job.cancel().get();
            }
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();

            Map<String, List<Long>> minutesBySeries = new HashMap<>();
            for (Map<String, AttributeValue> item : scenario.aggregates()) {
                if (!item.get("window").s().equals("1m")) {
                    continue;
                }
                Map<String, AttributeValue> stats =
                        item.get("metrics").m().get("aws.CPUUtilization.average").m();
                // Counted once: a datapoint re-emitted after the restart is not added twice.
                assertThat(stats.get("count").n()).isEqualTo("1");
                // Enriched, whether its window closed before the failure or after the restart.
                String key = item.get("resourceKey").s();
                assertThat(item.get("attributes").m().get("aws.tag.team").s())
                        .as(key)
                        .isEqualTo("t" + key.substring(key.lastIndexOf("r-") + 2));
                minutesBySeries
                        .computeIfAbsent(
                                item.get("resourceKey").s(), k -> new java.util.ArrayList<>())
                        .add(Long.parseLong(item.get("windowStart").n()));
            }
            assertThat(minutesBySeries).hasSize(instances);
            List<Long> expected = new java.util.ArrayList<>();
            for (long t = from; t < settledEnd; t += FIVE_MINUTES) {
                expected.add(t);
            }
            minutesBySeries.forEach(
                    (series, starts) ->
                            assertThat(starts)
                                    .as(series)
                                    .containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    /**
     * CloudWatch and the inventory APIs answer 500 to every call for 12 s, four times the circuit
     * breaker's open time (3 s after 2 failures). Meanwhile nothing is written and the breaker
     * holds the calls back; afterwards every minute of the 30-minute backfill lands, each datapoint
     * counted once with the fake's value, and every item is enriched: the cursors held while the
     * breaker was open, so the outage leaves no gap.
     */
    @Test
    void pollingApisFailingLongerThanTheBreakerWindowLeaveNoGaps() throws Exception {
        int instances = 5;
        long minute = 60_000;
        long outageMs = 12_000;
        CircuitBreaker.Settings breaker = new CircuitBreaker.Settings(2, Duration.ofSeconds(3));
        try (FakeCloudWatch fake = FakeCloudWatch.start();
                FakeResources inventory = FakeResources.start()) {
            for (int i = 0; i < instances; i++) {
                fake.addSeries(
                        new FakeCloudWatch.Series(
                                "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "o-" + i)));
                inventory.add(
                        new FakeResources.Resource(
                                "ec2", "us-east-1", "o-" + i, Map.of("team", "t" + i)));
            }
            long now = System.currentTimeMillis();
            long settle = 30_000;
            long settledEnd = PeriodMath.settledEnd(now, settle, minute);
            long from = settledEnd - 30 * minute;
            fake.serverErrors(true);
            inventory.faults().serverErrors(true);

            kinesis.createStream("cw-outage", 1);
            PipelineScenario scenario =
                    new PipelineScenario(kinesis, dynamodb, "cw-outage", "cwo")
                            .withPollingSource(
                                    CloudWatchMetricsSource.builder()
                                            .setAccounts(List.of(ACCOUNT))
                                            .setRegions(List.of("us-east-1"))
                                            .addCollector(ec2AverageCpu(Duration.ofMinutes(1)))
                                            .setAccess(failingFast(fake.endpoint(), breaker))
                                            .setSettleDelay(Duration.ofMillis(settle))
                                            .setBackfillFrom(Instant.ofEpochMilli(from))
                                            .setMaxPeriodsPerFetch(3)
                                            .build())
                            .withInventorySource(
                                    ec2Inventory(failingFast(inventory.endpoint(), breaker)));
            JobClient job = scenario.start();
            try {
                Thread.sleep(outageMs);
                int refused = fake.requests() + inventory.faults().requests();
                assertThat(scenario.aggregates()).as("nothing written during the outage").isEmpty();
                // Enough failed calls (2 attempts each) to open both scopes' breakers.
                assertThat(refused)
                        .as("requests refused during the outage")
                        .isGreaterThanOrEqualTo(2 * 2 * breaker.failures);
                fake.serverErrors(false);
                inventory.faults().serverErrors(false);
                PipelineScenario.await(
                        "every minute of the backfill, at 1 and 5 minutes",
                        Duration.ofSeconds(150),
                        () ->
                                minutesBySeries(scenario, settledEnd).values().stream()
                                                .mapToInt(List::size)
                                                .sum()
                                        >= instances * 30,
                        scenario::progress);
                Thread.sleep(2_000);
            } finally {
                job.cancel().get();
            }
            Map<String, List<Long>> minutes = minutesBySeries(scenario, settledEnd);
            assertThat(minutes).hasSize(instances);
            minutes.forEach(
                    (arn, starts) ->
                            assertThat(starts)
                                    .as(arn)
                                    .containsExactlyInAnyOrderElementsOf(
                                            starts(from, settledEnd, minute)));
            for (Map<String, AttributeValue> item : scenario.aggregates()) {
                String key = item.get("resourceKey").s();
                String id = key.substring(key.lastIndexOf('/') + 1);
                long start = Long.parseLong(item.get("windowStart").n());
                assertThat(item.get("attributes").m().get("aws.tag.team").s())
                        .as(key + " enriched")
                        .isEqualTo("t" + id.substring(2));
                if (item.get("window").s().equals("1m")) {
                    Map<String, AttributeValue> stats =
                            item.get("metrics").m().get("aws.CPUUtilization.average").m();
                    assertThat(stats.get("count").n()).as(key + " " + start).isEqualTo("1");
                    assertThat(Double.parseDouble(stats.get("last").n()))
                            .as(key + " " + start)
                            .isEqualTo(
                                    new FakeCloudWatch.Series(
                                                    "AWS/EC2",
                                                    "CPUUtilization",
                                                    Map.of("InstanceId", id))
                                            .value(start / 1000, "Average"));
                }
            }
        }
    }

    /** The 1-minute window starts of each resource, before {@code end}. */
    private static Map<String, List<Long>> minutesBySeries(PipelineScenario scenario, long end) {
        Map<String, List<Long>> starts = new HashMap<>();
        for (Map<String, AttributeValue> item : scenario.aggregates()) {
            long start = Long.parseLong(item.get("windowStart").n());
            if (item.get("window").s().equals("1m") && start < end) {
                starts.computeIfAbsent(item.get("resourceKey").s(), k -> new ArrayList<>())
                        .add(start);
            }
        }
        return starts;
    }

    /** Access to a loopback fake: 2 attempts per call and the given breaker. */
    private static AwsAccess failingFast(URI endpoint, CircuitBreaker.Settings breaker) {
        return AwsAccess.builder()
                .endpoint(endpoint.toString())
                .staticCredentials("test", "test")
                .maxAttempts(2)
                .circuitBreaker(breaker)
                .build();
    }

    /**
     * The default collectors, {@code s3} and its daily period included, from the configuration as
     * {@code Main} wires them, at parallelism 1 and 2 (1 puts every split on one reader). The
     * backfill starts at the last settled day: S3 gets that day's datapoint, and its next period
     * settles tomorrow. Meanwhile EC2 (5 min) and Lambda (1 min) windows are written up to the last
     * settled period; with a restart from a checkpoint taken after S3's poll, none is missing and
     * none is counted twice.
     */
    @ParameterizedTest(name = "parallelism {0}, restart {1}")
    @CsvSource({"1, false", "2, true"})
    void aDailyPeriodHoldsBackNoOtherCollectorsWindows(int parallelism, boolean restart)
            throws Exception {
        long day = Duration.ofDays(1).toMillis();
        long minute = 60_000;
        long settle = minute;
        try (FakeCloudWatch fake = FakeCloudWatch.start()) {
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", "i-daily")));
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/Lambda", "Invocations", Map.of("FunctionName", "fn-daily")));
            fake.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/S3",
                            "BucketSizeBytes",
                            Map.of("BucketName", "b-daily", "StorageType", "StandardStorage")));
            long now = System.currentTimeMillis();
            long s3Day = PeriodMath.settledEnd(now, settle, day) - day;
            long ec2End = PeriodMath.settledEnd(now, settle, FIVE_MINUTES);
            long lambdaEnd = PeriodMath.settledEnd(now, settle, minute);

            String stream = "cw-daily-" + parallelism + "-" + restart;
            kinesis.createStream(stream, 1);
            Map<String, String> polling = new HashMap<>();
            polling.put("cloudwatch.enabled", "true");
            polling.put("aws.accounts", ACCOUNT);
            polling.put("aws.regions", "us-east-1");
            polling.put("cloudwatch.settleDelay", "1m");
            polling.put("cloudwatch.backfillFrom", Instant.ofEpochMilli(s3Day).toString());
            polling.put("cloudwatch.maxPeriodsPerFetch", "500");
            PipelineScenario scenario =
                    new PipelineScenario(kinesis, dynamodb, stream, stream, polling)
                            .withParallelism(parallelism)
                            .withAwsSources(local(fake.endpoint()));
            FailOnceAfterCheckpoint.reset();
            if (restart) {
                scenario.withTap(
                        s ->
                                s.map(new FailOnceAfterCheckpoint(1_000))
                                        .returns(TypeInformation.of(ResourceSamples.class))
                                        .name("fail once"),
                        200);
            }
            String ec2 = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-daily";
            String lambda = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:fn-daily";
            String s3 = "arn:aws:s3:::b-daily";
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "EC2 and Lambda windows up to the last settled period, and S3's day",
                        Duration.ofSeconds(150),
                        () -> {
                            Map<String, Long> latest = latestMinuteWindow(scenario);
                            return latest.getOrDefault(ec2, 0L) >= ec2End - FIVE_MINUTES
                                    && latest.getOrDefault(lambda, 0L) >= lambdaEnd - minute
                                    && latest.containsKey(s3);
                        },
                        () ->
                                scenario.progress()
                                        + ", latest 1m windows "
                                        + latestMinuteWindow(scenario));
                Thread.sleep(2_000);
            } finally {
                job.cancel().get();
            }
            assertThat(FailOnceAfterCheckpoint.FAILED.get()).isEqualTo(restart);

            Map<String, List<Long>> windows = new HashMap<>();
            for (Map<String, AttributeValue> item : scenario.aggregates()) {
                if (!item.get("window").s().equals("1m")) {
                    continue;
                }
                String resource = item.get("resourceKey").s();
                for (Map.Entry<String, AttributeValue> m : item.get("metrics").m().entrySet()) {
                    if (m.getValue().m().get("kind").s().equals("derived")) {
                        continue; // one value computed from the window, not a datapoint
                    }
                    // Counted once: a datapoint fetched again after the restart is not added twice.
                    assertThat(m.getValue().m().get("count").n())
                            .as(resource + " " + m.getKey())
                            .isEqualTo("1");
                }
                windows.computeIfAbsent(resource, k -> new ArrayList<>())
                        .add(Long.parseLong(item.get("windowStart").n()));
            }
            assertThat(windows.get(s3)).containsExactly(s3Day);
            // EC2: every 5 minutes from the backfill start to the end awaited (one more period
            // may settle while the job is cancelled).
            List<Long> ec2Windows = new ArrayList<>(windows.get(ec2));
            ec2Windows.removeIf(t -> t >= ec2End);
            assertThat(ec2Windows)
                    .containsExactlyInAnyOrderElementsOf(starts(s3Day, ec2End, FIVE_MINUTES));
            // Lambda: every minute from the backfill start, at least to the end awaited (more
            // minutes may have settled meanwhile).
            List<Long> lambdaWindows = new ArrayList<>(windows.get(lambda));
            lambdaWindows.removeIf(t -> t >= lambdaEnd);
            assertThat(lambdaWindows)
                    .containsExactlyInAnyOrderElementsOf(starts(s3Day, lambdaEnd, minute));
        }
    }

    private static List<Long> starts(long from, long to, long step) {
        List<Long> starts = new ArrayList<>();
        for (long t = from; t < to; t += step) {
            starts.add(t);
        }
        return starts;
    }

    private static Map<String, Long> latestMinuteWindow(PipelineScenario scenario) {
        Map<String, Long> latest = new HashMap<>();
        for (Map<String, AttributeValue> item : scenario.aggregates()) {
            if (item.get("window").s().equals("1m")) {
                latest.merge(
                        item.get("resourceKey").s(),
                        Long.parseLong(item.get("windowStart").n()),
                        Math::max);
            }
        }
        return latest;
    }

    /** A collector of EC2 instances' average CPU. */
    static CollectorSpec ec2AverageCpu(Duration period) {
        return new CollectorSpec(
                "ec2",
                "AWS/EC2",
                List.of("InstanceId"),
                List.of(MetricSpec.of("CPUUtilization", "Average")),
                period);
    }

    /** The EC2 inventory of the account in us-east-1. */
    static InventorySource ec2Inventory(AwsAccess access) {
        return InventorySource.builder()
                .setAccounts(List.of(ACCOUNT))
                .setRegions(List.of("us-east-1"))
                .setServices(List.of("ec2"))
                .setAccess(access)
                .build();
    }

    /** Access to a loopback fake with its test credentials. */
    static AwsAccess local(URI endpoint) {
        return AwsAccess.builder()
                .endpoint(endpoint.toString())
                .staticCredentials("test", "test")
                .build();
    }
}
