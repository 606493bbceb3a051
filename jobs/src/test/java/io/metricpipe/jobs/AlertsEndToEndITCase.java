package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.WebhookReceiver;
import io.metricpipe.testing.otlp.OtlpReceiver;
import io.metricpipe.testing.otlp.ReceivedPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The default rule pack end to end: a host's CPU crosses {@code host-cpu-high} (AVG > 80 for 3 of 3
 * one-minute periods) and comes back, through kinesis-mock into DynamoDB Local, a loopback OTLP
 * receiver and a loopback webhook. Exactly one ALARM transition lands in each, and the OK
 * transition follows once the CPU recovers.
 */
class AlertsEndToEndITCase extends EmulatorITCase {
    private static final String RULE = "host-cpu-high";
    private static final String HOST = "host/web-01";
    private static final int FIRST_HOT_MINUTE = 3;
    private static final int LAST_HOT_MINUTE = 6;
    private static final int MINUTES = 11;

    @Test
    void aHostsCpuCrossingTheThresholdAlarmsOnceEverywhereThenRecovers() throws Exception {
        long start = (System.currentTimeMillis() - 20 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        List<SimulatedRecord> records = new ArrayList<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            double cpu = minute >= FIRST_HOT_MINUTE && minute <= LAST_HOT_MINUTE ? 95 : 20;
            for (long t = 0; t < MINUTE; t += 10_000) {
                records.add(vmMetrics("web-01", start + minute * MINUTE + t, cpu));
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
                WebhookReceiver webhook = WebhookReceiver.start()) {
            PipelineScenario scenario =
                    OtlpPipelineITCase.toReceivers(stream, "HTTP", receiver, webhook, Map.of());
            JobClient job = scenario.start();
            try {
                PipelineScenario.await(
                        "the rule's OK after its ALARM in DynamoDB, at the webhook and the receiver",
                        Duration.ofSeconds(120),
                        () ->
                                transitions(scenario.alerts()).containsKey(okAt)
                                        && posts(webhook.posts()).containsKey(okAt)
                                        && states(receiver.points()).containsKey(okAt - MINUTE),
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
        }
    }

    private static SimulatedRecord vmMetrics(String host, long ts, double cpu) {
        String json =
                "{\"type\":\"vm-metrics\",\"id\":\""
                        + UUID.nameUUIDFromBytes((host + ts).getBytes(StandardCharsets.UTF_8))
                        + "\",\"source\":\""
                        + host
                        + "\",\"timestamp\":"
                        + ts
                        + ",\"cpu\":{\"usage_percent\":"
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
