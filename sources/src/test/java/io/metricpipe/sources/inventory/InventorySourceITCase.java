package io.metricpipe.sources.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.testing.aws.FakeResources;
import io.metricpipe.testing.aws.FakeResources.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The inventory source on a MiniCluster against the loopback AWS (real SDK clients and protocols):
 * every describe, list and tagging answer is split into pages of 3, and every page is followed.
 */
class InventorySourceITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final String US = "us-east-1";
    private static final String EU = "eu-west-1";

    /** A scenario of every kind, half of each tagged, in two regions. */
    private static List<Resource> scenario() {
        Map<String, Integer> counts =
                Map.of("ec2", 8, "ebs", 5, "rds", 4, "s3", 4, "lambda", 7, "alb", 2, "nlb", 2);
        List<Resource> all = new ArrayList<>();
        for (String region : List.of(US, EU)) {
            counts.forEach(
                    (kind, n) -> {
                        for (int i = 0; i < n; i++) {
                            String id = kind + "-" + region.substring(0, 2) + "-" + i;
                            Map<String, String> tags =
                                    i % 2 == 0
                                            ? Map.of("Name", id + "-name", "team", "t" + i % 3)
                                            : Map.of();
                            all.add(new Resource(kind, region, id, tags));
                        }
                    });
            all.add(new Resource("elb", region, "classic-" + region, Map.of("env", "prod")));
        }
        return all;
    }

    private static InventorySourceBuilder source(FakeResources fake, List<String> regions) {
        return InventorySource.builder()
                .setAccounts(List.of(FakeResources.ACCOUNT))
                .setRegions(regions)
                .setRefreshInterval(Duration.ofHours(1))
                .setMaxCallsPerSecond(200)
                .setAccess(
                        AwsAccess.builder()
                                .endpoint(fake.endpoint().toString())
                                .staticCredentials("test", "test")
                                .build());
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().disableGenericTypes();
        return env;
    }

    @Test
    void everyPageOfEveryDescribeListAndTaggingCallIsFollowed() throws Exception {
        try (FakeResources fake = FakeResources.start()) {
            List<Resource> resources = scenario();
            resources.forEach(fake::add);
            fake.pageSize(3);
            // The tagging API still lists a deleted instance; it is no resource.
            fake.taggedOnly(new Resource("ec2", US, "i-deleted", Map.of("Name", "gone")));

            List<ResourceRecord> records =
                    env().fromSource(
                                    source(fake, List.of(US, EU)).build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "inventory")
                            .executeAndCollect(resources.size());

            assertMatches(records, resources);
            // ceil(n / 3) pages per call and region; all but the first carry a token.
            assertThat(fake.calls("DescribeInstances")).isEqualTo(2 * 3);
            assertThat(fake.pagedCalls("DescribeInstances")).isEqualTo(2 * 2);
            assertThat(fake.calls("DescribeVolumes")).isEqualTo(2 * 2);
            assertThat(fake.calls("DescribeDBInstances")).isEqualTo(2 * 2);
            assertThat(fake.calls("ListBuckets")).isEqualTo(2 * 2);
            assertThat(fake.calls("ListFunctions")).isEqualTo(2 * 3);
            assertThat(fake.pagedCalls("ListFunctions")).isEqualTo(2 * 2);
            assertThat(fake.calls("DescribeLoadBalancers")).isEqualTo(2 * 2);
            assertThat(fake.calls("DescribeLoadBalancers (classic)")).isEqualTo(2);
            // Tagged per region: ec2 4 (us-east-1: + the deleted one), 2 pages; lambda 4, 2
            // pages; ebs 3, rds 2, s3 2, load balancers 3, 1 page each.
            assertThat(fake.calls("GetResources")).isEqualTo(2 * (2 + 2 + 1 + 1 + 1 + 1));
            assertThat(fake.pagedCalls("GetResources")).isEqualTo(4);
        }
    }

    @Test
    void throttlingAndSlowAnswersLoseNothingAndDeniedRegionIsDown() throws Exception {
        try (FakeResources fake = FakeResources.start()) {
            List<Resource> resources = scenario();
            resources.forEach(fake::add);
            fake.pageSize(3);
            fake.faults().throttleEvery(3);
            fake.faults().slowBy(20);
            fake.faults().accessDeniedIn(EU);
            List<Resource> us = new ArrayList<>();
            resources.stream().filter(r -> r.region.equals(US)).forEach(us::add);

            StreamExecutionEnvironment env = env();
            CloseableIterator<ResourceRecord> it =
                    env.fromSource(
                                    source(fake, List.of(US, EU)).build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "inventory")
                            .collectAsync();
            JobClient job = env.executeAsync();
            try {
                List<ResourceRecord> records = new ArrayList<>();
                while (records.size() < us.size()) {
                    records.add(it.next());
                }
                assertMatches(records, us);
                long deadline = System.currentTimeMillis() + 30_000;
                while (health(job.getJobID(), EU + "/ec2") != 2
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(health(job.getJobID(), EU + "/ec2")).isEqualTo(2);
                assertThat(health(job.getJobID(), US + "/ec2")).isZero();
                assertThat(gauge(job.getJobID(), "resources", US + "/ec2")).isEqualTo(8);
                assertThat(gauge(job.getJobID(), "errors_credentials", EU + "/ec2")).isPositive();
                assertThat(gauge(job.getJobID(), "errors_credentials", US + "/ec2")).isZero();
            } finally {
                job.cancel().get();
                it.close();
            }
        }
    }

    @Test
    void aResourceGoneSinceTheLastRefreshIsReportedRemoved() throws Exception {
        try (FakeResources fake = FakeResources.start()) {
            fake.add(new Resource("lambda", US, "keep", Map.of()));
            fake.add(new Resource("lambda", US, "drop", Map.of("Name", "dropped")));
            StreamExecutionEnvironment env = env();
            CloseableIterator<ResourceRecord> it =
                    env.fromSource(
                                    source(fake, List.of(US))
                                            .setServices(List.of("lambda"))
                                            .setRefreshInterval(Duration.ofSeconds(1))
                                            .build(),
                                    WatermarkStrategy.noWatermarks(),
                                    "inventory")
                            .collectAsync();
            JobClient job = env.executeAsync();
            try {
                assertThat(List.of(it.next().id, it.next().id))
                        .containsExactlyInAnyOrder("keep", "drop");
                fake.remove("drop");
                ResourceRecord removed = null;
                while (removed == null) {
                    ResourceRecord r = it.next();
                    if (r.removed) {
                        removed = r;
                    } else {
                        assertThat(r.id).isEqualTo("keep");
                    }
                }
                assertThat(removed.arn)
                        .isEqualTo(new Resource("lambda", US, "drop", Map.of()).arn());
            } finally {
                job.cancel().get();
                it.close();
            }
        }
    }

    /** Each record against the scenario resource it stands for, and nothing more. */
    private static void assertMatches(List<ResourceRecord> records, List<Resource> resources) {
        Map<String, ResourceRecord> byArn = new HashMap<>();
        for (ResourceRecord r : records) {
            assertThat(byArn.put(r.arn, r)).as("once: " + r.arn).isNull();
        }
        assertThat(byArn).hasSize(resources.size());
        for (Resource expected : resources) {
            ResourceRecord r = byArn.get(expected.arn());
            assertThat(r).as(expected.arn()).isNotNull();
            assertThat(r.removed).isFalse();
            assertThat(r.account).isEqualTo(FakeResources.ACCOUNT);
            assertThat(r.region).isEqualTo(expected.region);
            assertThat(r.id).isEqualTo(expected.id);
            assertThat(r.tags()).isEqualTo(expected.tags);
            assertThat(r.name).isEqualTo(expected.tags.getOrDefault("Name", expected.id));
            switch (expected.kind) {
                case "ec2":
                    assertThat(r.resourceType).isEqualTo("ec2:instance");
                    assertThat(r.attribute("instanceType")).isEqualTo("t3.micro");
                    assertThat(r.attribute("privateIpAddress")).isEqualTo(expected.privateIp());
                    assertThat(r.attribute("privateDnsName")).endsWith(".ec2.internal");
                    break;
                case "ebs":
                    assertThat(r.resourceType).isEqualTo("ec2:volume");
                    assertThat(r.attribute("volumeType")).isEqualTo("gp3");
                    assertThat(r.attribute("attachedTo")).isEqualTo("i-" + expected.id);
                    break;
                case "rds":
                    assertThat(r.resourceType).isEqualTo("rds:db");
                    assertThat(r.attribute("engine")).isEqualTo("postgres");
                    assertThat(r.attribute("endpoint")).endsWith(".rds.amazonaws.com:5432");
                    break;
                case "s3":
                    assertThat(r.resourceType).isEqualTo("s3:bucket");
                    assertThat(r.attribute("bucketRegion")).isEqualTo(expected.region);
                    break;
                case "lambda":
                    assertThat(r.resourceType).isEqualTo("lambda:function");
                    assertThat(r.attribute("runtime")).isEqualTo("python3.12");
                    assertThat(r.attribute("memorySize")).isEqualTo("256 MB");
                    break;
                default:
                    assertThat(r.resourceType).isEqualTo("elasticloadbalancing:loadbalancer");
                    assertThat(r.attribute("type"))
                            .isEqualTo(
                                    Map.of("alb", "application", "nlb", "network", "elb", "classic")
                                            .get(expected.kind));
            }
        }
    }

    private static long health(JobID job, String scope) {
        return gauge(job, "health", scope);
    }

    /** A gauge or counter of one inventory scope. */
    private static long gauge(JobID job, String name, String scope) {
        return REPORTER.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().contains("inventory") && e.getKey().contains(scope))
                .mapToLong(
                        e ->
                                e.getValue() instanceof Counter
                                        ? ((Counter) e.getValue()).getCount()
                                        : ((Number) ((Gauge<?>) e.getValue()).getValue())
                                                .longValue())
                .sum();
    }
}
