package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static io.metricpipe.jobs.CollectorPipelineITCase.n;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.WebhookReceiver;
import io.metricpipe.testing.otlp.OtlpReceiver;
import io.metricpipe.testing.otlp.ReceivedPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole job with the OTLP sink on, over gRPC and over HTTP, against a loopback receiver that
 * decodes the real protobuf: the points received are the DynamoDB aggregates of the same run, with
 * the same values, window timestamps and resource.
 */
class OtlpPipelineITCase extends EmulatorITCase {

    /** Two conventions, written out here rather than taken from the mapping under test. */
    private static final Map<String, String[]> CONVENTIONS =
            Map.of(
                    "cpu.usage_percent",
                    new String[] {"system.cpu.utilization", "0.01", null},
                    "network.bytes_sent",
                    new String[] {"system.network.io", "1", "network.io.direction=transmit"});

    @ParameterizedTest
    @ValueSource(strings = {"GRPC", "HTTP"})
    void pointsReceivedAreTheDynamoDbAggregates(String protocol) throws Exception {
        long start = (System.currentTimeMillis() - 25 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 30;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(11).ticks(ticks).rebootTick(15).records();
        String stream = "otlp-" + protocol.toLowerCase(Locale.ROOT);
        kinesis.createStream(stream, 2);
        kinesis.put(stream, records);
        kinesis.putOnEveryShard(
                stream, CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
        int minuteWindows = new ExpectedAggregates(records, MINUTE).samples.size();

        try (OtlpReceiver receiver =
                        ("HTTP".equals(protocol)
                                        ? OtlpReceiver.http(Ports.free())
                                        : OtlpReceiver.grpc(Ports.free()))
                                .start();
                WebhookReceiver webhook = WebhookReceiver.start()) {
            PipelineScenario scenario =
                    toReceivers(
                            stream,
                            protocol,
                            receiver,
                            webhook,
                            Map.of(
                                    "alerts.rules",
                                    BUSY_HOSTS,
                                    "alerts.defaultRules",
                                    "false")); // only "busy", computed below
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "every 1-minute window in DynamoDB and at the receiver",
                        Duration.ofSeconds(120),
                        () ->
                                CollectorPipelineITCase.byResourceAndWindow(
                                                                scenario.aggregates(), "1m")
                                                        .size()
                                                == minuteWindows
                                        && windows(receiver.points()).size() >= minuteWindows
                                        && scenario.alerts().size() >= 2 * 5 /* hosts */,
                        () ->
                                scenario.progress()
                                        + ", receiver windows "
                                        + windows(receiver.points()).size());
                Thread.sleep(2_000); // late corrections and duplicates would land now
            } finally {
                job.cancel().get();
            }
            Map<String, Map<String, AttributeValue>> minutes =
                    CollectorPipelineITCase.byResourceAndWindow(scenario.aggregates(), "1m");
            assertPointsMatch(minutes, receiver.points());
            assertAlerts(minutes, scenario.alerts(), receiver.points());
            // Every transition in the alerts table was posted to the webhook, once.
            assertThat(webhook.posts().stream().map(OtlpPipelineITCase::transition))
                    .containsExactlyInAnyOrderElementsOf(
                            scenario.alerts().stream()
                                    .map(OtlpPipelineITCase::transition)
                                    .collect(Collectors.toList()));
        }
    }

    /** An alerts-table item as a transition: resource@end from->to. */
    private static String transition(Map<String, AttributeValue> alert) {
        return alert.get("resourceKey").s()
                + "@"
                + alert.get("time").n()
                + " "
                + alert.get("from").s()
                + "->"
                + alert.get("to").s();
    }

    /** A webhook message as a transition, from its fields: resource@end from->to. */
    private static String transition(JsonNode message) {
        JsonNode a = message.get("attachments").get(0);
        return a.at("/fields/0/value").asText()
                + "@"
                + a.get("ts").asLong() * 1000
                + " "
                + a.at("/fields/2/value").asText()
                + "->"
                + a.get("title").asText().replaceAll(".* is ", "");
    }

    private static String windowKey(ReceivedPoint p) {
        return ExpectedAggregates.key(
                p.resource.get("metricpipe.resource.key"), Long.toString(p.startNanos / 1_000_000));
    }

    /** Every host reporting {@code cpu.usage_percent} in a minute is "busy" for that minute. */
    static final String BUSY_HOSTS =
            "[{\"name\":\"busy\",\"metric\":\"cpu.usage_percent\",\"resourceType\":\"host\","
                    + "\"statistic\":\"AVG\",\"comparison\":\"GreaterThanOrEqualToThreshold\","
                    + "\"threshold\":0}]";

    /**
     * With a rule that breaches whenever there is data, the alert history follows the minutes a
     * host reported: ALARM at the end of its first minute, INSUFFICIENT_DATA at the end of the
     * first minute without data, ALARM again when data returns. Computed here from the DynamoDB
     * aggregates and compared with the alerts table and the exported state gauge.
     */
    private static void assertAlerts(
            Map<String, Map<String, AttributeValue>> minutes,
            List<Map<String, AttributeValue>> alerts,
            List<ReceivedPoint> points) {
        Map<String, TreeSet<Long>> reporting = new TreeMap<>();
        for (Map<String, AttributeValue> item : minutes.values()) {
            if (item.get("metrics").m().containsKey("cpu.usage_percent")) {
                reporting
                        .computeIfAbsent(item.get("resourceKey").s(), k -> new TreeSet<>())
                        .add(Long.parseLong(item.get("windowStart").n()));
            }
        }
        assertThat(reporting).hasSize(5);
        Set<String> expectedTransitions = new TreeSet<>();
        Set<String> expectedStates = new TreeSet<>();
        reporting.forEach(
                (host, starts) -> {
                    String state = "INSUFFICIENT_DATA";
                    for (long m = starts.first(); m <= starts.last() + MINUTE; m += MINUTE) {
                        String next = starts.contains(m) ? "ALARM" : "INSUFFICIENT_DATA";
                        if (!next.equals(state)) {
                            expectedTransitions.add(
                                    host + "@" + (m + MINUTE) + " " + state + "->" + next);
                            expectedStates.add(
                                    host + "@" + m + "=" + (next.equals("ALARM") ? 1 : 2));
                        } else if (next.equals("ALARM")) {
                            expectedStates.add(host + "@" + m + "=1");
                        }
                        state = next;
                    }
                });
        Set<String> transitions =
                alerts.stream()
                        .map(OtlpPipelineITCase::transition)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(transitions).isEqualTo(expectedTransitions);
        Set<String> states =
                points.stream()
                        .filter(p -> p.metric.equals("metricpipe.alert.state"))
                        .peek(p -> assertThat(p.attributes).containsEntry("alert.rule", "busy"))
                        .map(
                                p ->
                                        p.resource.get("metricpipe.resource.key")
                                                + "@"
                                                + p.startNanos / 1_000_000
                                                + "="
                                                + (int) p.value)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(states).isEqualTo(expectedStates);
    }

    /**
     * The job on the stream, its results sent to the OTLP receiver and its alerts to the webhook.
     */
    static PipelineScenario toReceivers(
            String stream,
            String protocol,
            OtlpReceiver receiver,
            WebhookReceiver webhook,
            Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(otlpOn(protocol, receiver));
        overrides.put("webhook.enabled", "true");
        overrides.putAll(extra);
        return new PipelineScenario(kinesis, dynamodb, stream, stream, overrides)
                .withWebhook(webhook.url());
    }

    /** Config overrides that send the job's results to the receiver. */
    static Map<String, String> otlpOn(String protocol, OtlpReceiver receiver) {
        return Map.of(
                "otlp.enabled", "true",
                "otlp.protocol", protocol,
                "otlp.endpoint", receiver.endpoint(),
                "otlp.maxTimeInBuffer", "500ms",
                "otlp.cloudAccountId", "123456789012",
                "otlp.cloudRegion", "eu-west-1");
    }

    /** Points by resource key and window start (ms), without the flush resource. */
    static Map<String, List<ReceivedPoint>> windows(List<ReceivedPoint> points) {
        Map<String, List<ReceivedPoint>> out = new HashMap<>();
        for (ReceivedPoint p : points) {
            if (!"host/flush".equals(p.resource.get("metricpipe.resource.key"))) {
                out.computeIfAbsent(windowKey(p), k -> new ArrayList<>()).add(p);
            }
        }
        return out;
    }

    /**
     * Every 1-minute item has exactly its points at the receiver, with its values, timestamps and
     * resource. A point received more than once must repeat the same value, unless its window was
     * corrected (revision above 1); then the last one received counts.
     */
    static void assertPointsMatch(
            Map<String, Map<String, AttributeValue>> items, List<ReceivedPoint> all) {
        Map<String, ReceivedPoint> latest = new LinkedHashMap<>();
        Map<String, String> changedValue = new HashMap<>();
        for (ReceivedPoint p : all) {
            if (p.metric.equals("metricpipe.alert.state")) {
                continue; // alert states are compared in assertAlerts
            }
            String identity = p.identity() + " " + p.type;
            ReceivedPoint earlier = latest.put(identity, p);
            if (earlier != null && earlier.value != p.value) {
                changedValue.put(windowKey(p), identity);
            }
        }
        Map<String, List<ReceivedPoint>> byWindow = windows(new ArrayList<>(latest.values()));
        assertThat(byWindow.keySet()).isEqualTo(items.keySet());
        for (Map.Entry<String, String> changed : changedValue.entrySet()) {
            assertThat(n(items.get(changed.getKey()), "revision"))
                    .as("a point of an uncorrected window changed: " + changed.getValue())
                    .isGreaterThan(1);
        }
        int compared = 0;
        for (Map.Entry<String, Map<String, AttributeValue>> e : items.entrySet()) {
            Map<String, AttributeValue> item = e.getValue();
            List<ReceivedPoint> points = byWindow.get(e.getKey());
            long startNanos = Long.parseLong(item.get("windowStart").n()) * 1_000_000;
            long endNanos = Long.parseLong(item.get("windowEnd").n()) * 1_000_000;
            String id = item.get("resourceKey").s().replaceFirst("^[a-z]+/", "");
            for (ReceivedPoint p : points) {
                assertThat(p.startNanos).isEqualTo(startNanos);
                assertThat(p.timeNanos).isEqualTo(endNanos);
                assertThat(p.resource)
                        .containsEntry("cloud.provider", "aws")
                        .containsEntry("cloud.account.id", "123456789012")
                        .containsEntry("cloud.region", "eu-west-1");
                assertThat(p.resource)
                        .containsEntry(
                                item.get("resourceType").s().equals("host")
                                        ? "host.name"
                                        : "service.name",
                                id);
                if (p.type != ReceivedPoint.Type.GAUGE) {
                    assertThat(p.delta || p.type == ReceivedPoint.Type.SUMMARY).isTrue();
                }
            }
            int expectedPoints = 0;
            for (Map.Entry<String, AttributeValue> m : item.get("metrics").m().entrySet()) {
                Map<String, AttributeValue> stats = m.getValue().m();
                String kind = stats.get("kind").s();
                expectedPoints +=
                        kind.equals("gauge")
                                ? 2
                                : kind.equals("counter") && !stats.containsKey("rate") ? 0 : 1;
                compared += compare(e.getKey(), m.getKey(), stats, points);
            }
            assertThat(points).as(e.getKey() + " points").hasSize(expectedPoints);
        }
        assertThat(compared).as("values compared").isGreaterThan(items.size() * 5);
    }

    /** Compares one metric's values where the test knows its OTel name; returns 1 if it did. */
    /** The derived RED and USE metrics export a gauge each, under {@code metricpipe.*}. */
    private static boolean derived(String metric) {
        return metric.startsWith("red.") || metric.startsWith("use.");
    }

    private static int compare(
            String window,
            String metric,
            Map<String, AttributeValue> stats,
            List<ReceivedPoint> points) {
        int brace = metric.indexOf('{');
        String base = brace < 0 ? metric : metric.substring(0, brace);
        Map<String, String> attributes = new HashMap<>();
        if (brace >= 0) {
            for (String kv : metric.substring(brace + 1, metric.length() - 1).split(",")) {
                attributes.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        String name =
                derived(base)
                        ? "metricpipe." + base
                        : base.startsWith("app.") ? base : "app." + base;
        double scale = 1;
        String[] convention = CONVENTIONS.get(base);
        if (convention != null) {
            name = convention[0];
            scale = Double.parseDouble(convention[1]);
            if (convention[2] != null) {
                String[] kv = convention[2].split("=");
                attributes.put(kv[0], kv[1]);
            }
        }
        String what = window + " " + metric;
        String otelName = name;
        List<ReceivedPoint> found =
                points.stream()
                        .filter(
                                p ->
                                        p.metric.equals(otelName)
                                                || p.metric.equals(otelName + ".summary"))
                        .filter(p -> p.attributes.equals(attributes))
                        .collect(Collectors.toList());
        if (found.isEmpty()) {
            return 0; // a convention this test does not spell out; counted above
        }
        switch (stats.get("kind").s()) {
            case "gauge":
                ReceivedPoint gauge = only(found, ReceivedPoint.Type.GAUGE, what);
                ReceivedPoint summary = only(found, ReceivedPoint.Type.SUMMARY, what);
                assertThat(gauge.value)
                        .as(what + " last")
                        .isCloseTo(n(stats, "last") * scale, within(1e-9));
                assertThat(summary.count).as(what + " count").isEqualTo((long) n(stats, "count"));
                assertThat(summary.value)
                        .as(what + " sum")
                        .isCloseTo(n(stats, "sum") * scale, within(1e-6));
                assertThat(summary.quantiles.get(0.0))
                        .isCloseTo(n(stats, "min") * scale, within(1e-9));
                assertThat(summary.quantiles.get(0.5))
                        .isCloseTo(n(stats, "p50") * scale, within(1e-9));
                assertThat(summary.quantiles.get(0.99))
                        .isCloseTo(n(stats, "p99") * scale, within(1e-9));
                assertThat(summary.quantiles.get(1.0))
                        .isCloseTo(n(stats, "max") * scale, within(1e-9));
                break;
            case "counter":
                ReceivedPoint sum = only(found, ReceivedPoint.Type.SUM, what);
                assertThat(sum.monotonic).isTrue();
                assertThat(sum.value)
                        .as(what + " increase over the window")
                        .isCloseTo(n(stats, "rate") * 60 * scale, within(1e-6));
                break;
            case "derived":
                assertThat(found).as(what + ": a gauge without a summary").hasSize(1);
                assertThat(only(found, ReceivedPoint.Type.GAUGE, what).value)
                        .as(what)
                        .isCloseTo(n(stats, "value"), within(1e-9));
                break;
            case "distinct":
                assertThat(only(found, ReceivedPoint.Type.GAUGE, what).value)
                        .isEqualTo(n(stats, "distinct"));
                break;
            default:
                assertThat(only(found, ReceivedPoint.Type.SUM, what).value)
                        .as(what + " count")
                        .isEqualTo(n(stats, "count"));
                break;
        }
        return 1;
    }

    private static ReceivedPoint only(
            List<ReceivedPoint> found, ReceivedPoint.Type type, String what) {
        List<ReceivedPoint> ofType =
                found.stream().filter(p -> p.type == type).collect(Collectors.toList());
        assertThat(ofType).as(what + " " + type).hasSize(1);
        return ofType.get(0);
    }
}
