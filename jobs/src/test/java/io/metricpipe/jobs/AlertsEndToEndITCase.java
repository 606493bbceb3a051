package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.sources.cloudwatch.CloudWatchMetricsSource;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.WebhookReceiver;
import io.metricpipe.testing.aws.FakeCloudWatch;
import io.metricpipe.testing.aws.FakeResources;
import io.metricpipe.testing.otlp.OtlpReceiver;
import io.metricpipe.testing.otlp.ReceivedPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The default rule pack end to end, on the emulators and the fake AWS API: a host's CPU crosses
 * {@code host-cpu-high} (AVG > 80 for 3 of 3 one-minute periods) and comes back, through
 * kinesis-mock into DynamoDB Local, a loopback OTLP receiver and a loopback webhook. Exactly one
 * ALARM transition lands in each, and the OK transition follows once the CPU recovers. The host
 * meets its EC2 instance by private IP, so the alert names the instance, its type and its tags; a
 * second host meets its instance by hostname, a third (a laptop) meets none, and one Query of the
 * index by ARN returns the instance's agent windows with its CloudWatch ones.
 */
class AlertsEndToEndITCase extends EmulatorITCase {
    private static final String RULE = "host-cpu-high";
    private static final String HOST = "host/web-01";
    private static final int FIRST_HOT_MINUTE = 3;
    private static final int LAST_HOT_MINUTE = 6;
    private static final int MINUTES = 11;

    private static final FakeResources.Resource WEB_01 =
            new FakeResources.Resource(
                    "ec2", "us-east-1", "i-0web01", Map.of("Name", "web-01", "env", "prod"));
    private static final FakeResources.Resource WEB_02 =
            new FakeResources.Resource("ec2", "us-east-1", "i-0web02", Map.of("Name", "web-02"));

    @Test
    void aHostsCpuCrossingTheThresholdAlarmsOnceEverywhereThenRecovers() throws Exception {
        long start = (System.currentTimeMillis() - 20 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        String dns02 = "ip-" + WEB_02.privateIp().replace('.', '-');
        List<SimulatedRecord> records = new ArrayList<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            double cpu = minute >= FIRST_HOT_MINUTE && minute <= LAST_HOT_MINUTE ? 95 : 20;
            for (long t = 0; t < MINUTE; t += 10_000) {
                long ts = start + minute * MINUTE + t;
                records.add(vmMetrics("web-01", "web-01", WEB_01.privateIp(), ts, cpu));
                records.add(vmMetrics("web-02", dns02, "172.16.0.2", ts, 20));
                records.add(vmMetrics("laptop", "laptop", "192.168.1.5", ts, 20));
            }
        }
        // The third hot minute completes 3 of 3; the first cool one ends it. A transition is
        // stamped with the end of the period that caused it.
        long alarmAt = start + (FIRST_HOT_MINUTE + 3) * MINUTE;
        long okAt = start + (LAST_HOT_MINUTE + 2) * MINUTE;
        String stream = "alerts-e2e";
        kinesis.createStream(stream, 2);
        kinesis.put(stream, records);
        kinesis.putOnEveryShard(stream, CollectorPipelineITCase.flush(start + MINUTES * MINUTE));

        try (OtlpReceiver receiver = OtlpReceiver.http(Ports.free()).start();
                WebhookReceiver webhook = WebhookReceiver.start();
                FakeResources aws = FakeResources.start();
                FakeCloudWatch cloudWatch = FakeCloudWatch.start()) {
            aws.add(WEB_01).add(WEB_02);
            FakeCloudWatch.Series cpu =
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", WEB_01.id));
            cloudWatch.addSeries(cpu);
            PipelineScenario scenario =
                    OtlpPipelineITCase.toReceivers(stream, "HTTP", receiver, webhook, Map.of())
                            .withInventorySource(
                                    CloudWatchPipelineITCase.ec2Inventory(
                                            CloudWatchPipelineITCase.local(aws.endpoint())))
                            .withPollingSource(
                                    CloudWatchMetricsSource.builder()
                                            .setAccounts(List.of(FakeResources.ACCOUNT))
                                            .setRegions(List.of("us-east-1"))
                                            .addCollector(
                                                    CloudWatchPipelineITCase.ec2AverageCpu(
                                                            Duration.ofMinutes(1)))
                                            .setAccess(
                                                    CloudWatchPipelineITCase.local(
                                                            cloudWatch.endpoint()))
                                            .setSettleDelay(Duration.ofMinutes(1))
                                            .setBackfillFrom(Instant.ofEpochMilli(start))
                                            .build());
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "the rule's OK after its ALARM in DynamoDB, at the webhook and the receiver,"
                                + " and the instance's CloudWatch minutes",
                        Duration.ofSeconds(120),
                        () ->
                                transitions(scenario.alerts()).containsKey(okAt)
                                        && posts(webhook.posts()).containsKey(okAt)
                                        && states(receiver.points()).containsKey(okAt - MINUTE)
                                        && byArn(scenario, start).size() >= 2 * MINUTES,
                        scenario::progress);
                Thread.sleep(2_000); // a duplicate would land now
            } finally {
                job.cancel().get();
            }

            Map<Long, String> table = transitions(scenario.alerts());
            assertThat(table.values().stream().filter(t -> t.endsWith("->ALARM")))
                    .as("ALARM transitions in the alerts table: " + table)
                    .containsExactly("OK->ALARM");
            assertThat(table).containsEntry(alarmAt, "OK->ALARM").containsEntry(okAt, "ALARM->OK");
            assertThat(table.keySet()).noneMatch(t -> t > alarmAt && t < okAt);

            Map<Long, List<String>> posted = posts(webhook.posts());
            assertThat(posted.values().stream().flatMap(List::stream).filter("ALARM"::equals))
                    .as("ALARM posts: " + posted)
                    .hasSize(1);
            assertThat(posted).containsEntry(alarmAt, List.of("ALARM"));
            assertThat(posted).containsEntry(okAt, List.of("OK"));

            // The state gauge: 1 (ALARM) for exactly the periods from the alarm to the recovery.
            Map<Long, Integer> states = states(receiver.points());
            List<Long> alarmed =
                    states.entrySet().stream()
                            .filter(e -> e.getValue() == 1)
                            .map(Map.Entry::getKey)
                            .collect(Collectors.toList());
            assertThat(alarmed)
                    .as("periods in ALARM at the receiver: " + states)
                    .containsExactly(alarmAt - MINUTE, okAt - 2 * MINUTE);
            assertThat(states).containsEntry(okAt - MINUTE, 0);

            assertTheAlertNamesTheInstance(scenario, webhook, receiver);
            assertAgentWindowsMetTheirInstances(scenario);
            assertOneQueryFindsTheInstancesAgentAndCloudWatchWindows(scenario, start, cpu);
        }
    }

    /**
     * In the alerts table, the webhook's message and at the OTLP receiver (the state gauge and the
     * window metrics) alike.
     */
    private static void assertTheAlertNamesTheInstance(
            PipelineScenario scenario, WebhookReceiver webhook, OtlpReceiver receiver) {
        Map<String, AttributeValue> alarm =
                scenario.alerts().stream()
                        .filter(a -> a.get("resourceKey").s().equals(HOST))
                        .filter(a -> a.get("to").s().equals("ALARM"))
                        .findFirst()
                        .orElseThrow();
        Map<String, AttributeValue> described = alarm.get("attributes").m();
        assertThat(described.get("aws.resource.name").s()).isEqualTo("web-01");
        assertThat(described.get("aws.instanceType").s()).isEqualTo("t3.micro");
        assertThat(described.get("aws.tag.env").s()).isEqualTo("prod");
        assertThat(described.get("cloud.resource_id").s()).isEqualTo(WEB_01.arn());

        JsonNode post =
                webhook.posts().stream()
                        .map(p -> p.get("attachments").get(0))
                        .filter(a -> a.get("title").asText().equals(RULE + " is ALARM"))
                        .findFirst()
                        .orElseThrow();
        Map<String, String> fields = new TreeMap<>();
        post.get("fields")
                .forEach(f -> fields.put(f.get("title").asText(), f.get("value").asText()));
        assertThat(fields)
                .containsEntry("aws.resource.name", "web-01")
                .containsEntry("aws.instanceType", "t3.micro")
                .containsEntry("aws.tag.env", "prod");

        // Every point of the host at the receiver, its window metrics as its alert states.
        assertThat(receiver.points())
                .filteredOn(p -> HOST.equals(p.resource.get("metricpipe.resource.key")))
                .extracting(p -> p.metric)
                .contains("metricpipe.alert.state", "metricpipe.use.cpu.utilization");
        assertThat(receiver.points())
                .filteredOn(p -> HOST.equals(p.resource.get("metricpipe.resource.key")))
                .allSatisfy(
                        p ->
                                assertThat(p.resource)
                                        .containsEntry("aws.resource.name", "web-01")
                                        .containsEntry("cloud.resource_id", WEB_01.arn()));
    }

    /** web-01 by private IP, web-02 by hostname, the laptop by nothing: in every window. */
    private static void assertAgentWindowsMetTheirInstances(PipelineScenario scenario) {
        Map<String, List<Map<String, AttributeValue>>> hosts = new TreeMap<>();
        for (Map<String, AttributeValue> item : scenario.aggregates()) {
            if (item.get("resourceKey").s().startsWith("host/")) {
                hosts.computeIfAbsent(item.get("resourceKey").s(), k -> new ArrayList<>())
                        .add(item.get("attributes").m());
            }
        }
        assertEveryWindowCarries(
                hosts.get("host/web-01"),
                Map.of(
                        "cloud.resource_id", WEB_01.arn(),
                        "aws.resource.name", "web-01",
                        "aws.instanceType", "t3.micro",
                        "aws.tag.env", "prod"));
        assertEveryWindowCarries(
                hosts.get("host/web-02"),
                Map.of("cloud.resource_id", WEB_02.arn(), "aws.resource.name", "web-02"));
        assertThat(hosts.get("host/laptop"))
                .hasSizeGreaterThanOrEqualTo(MINUTES)
                .allSatisfy(
                        a ->
                                assertThat(a)
                                        .doesNotContainKey("cloud.resource_id")
                                        .doesNotContainKey("aws.resource.name"));
    }

    private static void assertEveryWindowCarries(
            List<Map<String, AttributeValue>> windows, Map<String, String> attributes) {
        assertThat(windows)
                .hasSizeGreaterThanOrEqualTo(MINUTES)
                .allSatisfy(
                        a ->
                                attributes.forEach(
                                        (k, v) ->
                                                assertThat(a)
                                                        .containsEntry(
                                                                k, AttributeValue.fromS(v))));
    }

    private static void assertOneQueryFindsTheInstancesAgentAndCloudWatchWindows(
            PipelineScenario scenario, long start, FakeCloudWatch.Series cpu) {
        Map<Long, List<String>> sources = new TreeMap<>();
        for (Map<String, AttributeValue> key : byArn(scenario, start)) {
            sources.computeIfAbsent(
                            Long.parseLong(key.get("windowStart").n()), k -> new ArrayList<>())
                    .add(key.get("resource").s());
        }
        for (int minute = 0; minute < MINUTES; minute++) {
            assertThat(sources.get(start + minute * MINUTE))
                    .as("minute " + minute)
                    .containsExactlyInAnyOrder("host/web-01#1m", WEB_01.arn() + "#1m");
        }
        // The keys lead to the items: the CloudWatch one holds the fake's datapoint.
        Map<String, AttributeValue> polled =
                scenario.aggregate(WEB_01.arn() + "#1m", start + MINUTE);
        assertThat(
                        Double.parseDouble(
                                polled.get("metrics")
                                        .m()
                                        .get("aws.CPUUtilization.average")
                                        .m()
                                        .get("last")
                                        .n()))
                .isEqualTo(cpu.value((start + MINUTE) / 1000, "Average"));
    }

    /** The index by ARN, queried for web-01's minutes of the scenario: the items' keys. */
    private static List<Map<String, AttributeValue>> byArn(PipelineScenario scenario, long start) {
        return scenario.queryByArn(WEB_01.arn() + "#1m", start, start + MINUTES * MINUTE - 1);
    }

    /** A {@code vm-metrics} event with the host's name and address and its CPU. */
    static SimulatedRecord vmMetrics(String host, String hostname, String ip, long ts, double cpu) {
        String json =
                "{\"type\":\"vm-metrics\",\"id\":\""
                        + UUID.nameUUIDFromBytes((host + ts).getBytes(StandardCharsets.UTF_8))
                        + "\",\"source\":\""
                        + host
                        + "\",\"timestamp\":"
                        + ts
                        + ",\"system_info\":{\"hostname\":\""
                        + hostname
                        + "\",\"ip_address\":\""
                        + ip
                        + "\"},\"cpu\":{\"usage_percent\":"
                        + cpu
                        + "}}";
        return new SimulatedRecord(host, json.getBytes(StandardCharsets.UTF_8), "vm-metrics", ts);
    }

    /** The rule's transitions of the host in the alerts table: time → from->to. */
    private static Map<Long, String> transitions(List<Map<String, AttributeValue>> alerts) {
        Map<Long, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> a : alerts) {
            if (a.get("rule").s().equals(RULE) && a.get("resourceKey").s().equals(HOST)) {
                String previous =
                        out.put(
                                Long.parseLong(a.get("time").n()),
                                a.get("from").s() + "->" + a.get("to").s());
                assertThat(previous).as("two transitions at one time").isNull();
            }
        }
        return out;
    }

    /** The rule's webhook posts for the host: time → the new states posted at that time. */
    private static Map<Long, List<String>> posts(List<JsonNode> posts) {
        Map<Long, List<String>> out = new TreeMap<>();
        for (JsonNode p : posts) {
            JsonNode a = p.get("attachments").get(0);
            String title = a.get("title").asText();
            if (title.startsWith(RULE + " is ") && a.at("/fields/0/value").asText().equals(HOST)) {
                out.computeIfAbsent(a.get("ts").asLong() * 1000, k -> new ArrayList<>())
                        .add(title.substring((RULE + " is ").length()));
            }
        }
        return out;
    }

    /** The rule's state gauge for the host: period start → 0 OK, 1 ALARM, 2 no data. */
    private static Map<Long, Integer> states(List<ReceivedPoint> points) {
        Map<Long, Integer> out = new TreeMap<>();
        for (ReceivedPoint p : points) {
            if (p.metric.equals("metricpipe.alert.state")
                    && RULE.equals(p.attributes.get("alert.rule"))
                    && HOST.equals(p.resource.get("metricpipe.resource.key"))) {
                out.put(p.startNanos / 1_000_000, (int) p.value);
            }
        }
        return out;
    }
}
