package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static io.metricpipe.jobs.CollectorPipelineITCase.byResourceAndWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Poison records mixed with good events of every type, compatibility mode on, on kinesis-mock and
 * DynamoDB Local. The job runs without a restart strategy, so a single failure would fail it: it
 * must still be running at the end. Every good event's aggregates and {@code analytics-data} items
 * are written, and each poison record is a dead letter with its reason or lands repaired as the
 * README says.
 */
class PoisonRecordsITCase extends EmulatorITCase {

    private static SimulatedRecord record(String key, long ts, String json) {
        return new SimulatedRecord(key, json.getBytes(StandardCharsets.UTF_8), "poison", ts);
    }

    @Test
    void poisonRecordsNeverStopTheJobAndAreDeadLetteredOrRepaired() throws Exception {
        long start = (System.currentTimeMillis() - 15 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 12; // 2 minutes of every event type, with the simulator's malformed records
        List<SimulatedRecord> fleet = CollectorPipelineITCase.history(start, ticks);
        long t = start + 30_000;
        List<SimulatedRecord> poison = new ArrayList<>();
        // Repaired: empty attribute names, at the top, in resource attributes, in point labels, and
        // nested in a field compatibility mode copies as it is.
        poison.add(
                record(
                        "billing",
                        t,
                        "{\"type\":\"metrics\",\"timestamp\":"
                                + t
                                + ",\"resource\":{\"service.name\":\"billing\",\"\":\"y\"},"
                                + "\"points\":[{\"name\":\"queue.depth\",\"value\":3,"
                                + "\"attributes\":{\"\":\"z\"}}]}"));
        poison.add(
                record(
                        "vm-nested",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"vm-nested\",\"timestamp\":"
                                + t
                                + ",\"cpu_usage\":5,\"meta\":{\"\":{\"\":1},\"ok\":2}}"));
        poison.add(
                record(
                        "top",
                        t,
                        "{\"type\":\"http-request\",\"timestamp\":"
                                + t
                                + ",\"service\":\"top-empty\",\"\":\"x\",\"status\":200,"
                                + "\"duration_ms\":5}"));
        // Dead letters: the parser's limits.
        poison.add(
                record(
                        "deep",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"deep\",\"timestamp\":"
                                + t
                                + ",\"x\":"
                                + "[".repeat(40)
                                + "]".repeat(40)
                                + "}"));
        poison.add(
                record(
                        "long-string",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"long-string\",\"timestamp\":"
                                + t
                                + ",\"x\":\""
                                + "s".repeat(70_000)
                                + "\"}"));
        poison.add(
                record(
                        "long-name",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"long-name\",\"timestamp\":"
                                + t
                                + ",\""
                                + "n".repeat(2_000)
                                + "\":1}"));
        poison.add(
                record(
                        "long-number",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"long-number\",\"timestamp\":"
                                + t
                                + ",\"cpu_usage\":"
                                + "9".repeat(100)
                                + "}"));
        // A number DynamoDB cannot store, and a lone surrogate in an attribute: both are copied by
        // compatibility mode, whose items are rejected. The aggregates are written: vm_stats does
        // not carry the number, and the surrogate becomes '?' in the samples' UTF-8 encoding.
        poison.add(
                record(
                        "vm-huge",
                        t,
                        "{\"type\":\"vm_stats\",\"id\":\"vm-huge\",\"timestamp\":"
                                + t
                                + ",\"cpu_usage\":7,\"extra\":1e200}"));
        poison.add(
                record(
                        "surrogate",
                        t,
                        "{\"type\":\"metrics\",\"timestamp\":"
                                + t
                                + ",\"resource\":{\"service.name\":\"surrogate\","
                                + "\"note\":\"\\ud800\"},"
                                + "\"points\":[{\"name\":\"queue.depth\",\"value\":1}]}"));

        PipelineScenario scenario =
                new PipelineScenario(kinesis, dynamodb, "poison-events", "poison")
                        .withoutRestarts();
        kinesis.createStream("poison-events", 2);
        List<SimulatedRecord> all = new ArrayList<>(fleet);
        all.addAll(poison);
        kinesis.put("poison-events", all);
        kinesis.putOnEveryShard(
                "poison-events",
                CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));

        ExpectedAggregates expected = new ExpectedAggregates(fleet, MINUTE);
        long malformed = fleet.stream().filter(SimulatedRecord::isMalformed).count();
        long goodFleet = fleet.size() - malformed;
        Set<String> poisonResources =
                Set.of(
                        "custom/billing",
                        "host/vm-nested",
                        "service/top-empty",
                        "host/vm-huge",
                        "custom/surrogate");

        JobClient job = scenario.start();
        try {
            PipelineScenario.await(
                    "every good event's windows, compatibility items and dead letters",
                    Duration.ofSeconds(120),
                    () -> {
                        Set<String> resources = minuteResources(scenario);
                        return resources.containsAll(poisonResources)
                                && byResourceAndWindow(scenario.aggregates(), "1m").size()
                                        >= expected.samples.size()
                                && scenario.deadLetters().size() >= malformed + 4 + 2
                                && scenario.compatibilityItems().size()
                                        >= goodFleet + 3 + 1 /* flush */;
                    },
                    () ->
                            scenario.progress()
                                    + ", 1m resources "
                                    + minuteResources(scenario)
                                    + ", expected 1m "
                                    + expected.samples.size()
                                    + ", compatibility items "
                                    + scenario.compatibilityItems().size()
                                    + " of "
                                    + (goodFleet + 3 + 1));
            Thread.sleep(2_000); // anything unexpected would show up now
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }

        // Every good event's aggregates.
        Map<String, Map<String, AttributeValue>> minutes =
                byResourceAndWindow(scenario.aggregates(), "1m");
        Set<String> fleetWindows = new TreeSet<>(minutes.keySet());
        fleetWindows.removeIf(k -> poisonResources.stream().anyMatch(k::startsWith));
        assertThat(fleetWindows).isEqualTo(expected.samples.keySet());

        // Repaired as documented: empty names dropped.
        Map<String, AttributeValue> billing = itemOf(minutes, "custom/billing");
        assertThat(billing.get("metrics").m()).containsKey("queue.depth");
        assertThat(billing.get("attributes").m()).containsKey("service.name").doesNotContainKey("");
        assertThat(itemOf(minutes, "host/vm-huge").get("metrics").m()).containsKey("cpu_usage");
        assertThat(itemOf(minutes, "custom/surrogate").get("attributes").m().get("note").s())
                .isEqualTo("?");

        Map<String, Map<String, AttributeValue>> compat = new TreeMap<>();
        scenario.compatibilityItems().forEach(i -> compat.put(i.get("id").s(), i));
        assertThat(compat).containsKeys("vm-nested", "service/top-empty", "custom/billing");
        assertThat(compat.get("vm-nested").get("meta").m()).containsOnlyKeys("ok");
        assertThat(compat.get("service/top-empty")).doesNotContainKey("");
        assertThat(compat.get("custom/billing").get("resource").m()).doesNotContainKey("");
        assertThat(compat).doesNotContainKeys("vm-huge", "custom/surrogate");
        // Every good fleet event has its compatibility item.
        assertThat(scenario.compatibilityItems()).hasSize((int) goodFleet + 3 + 1);

        // Dead letters with their reasons.
        Map<String, List<String>> byReason =
                scenario.deadLetters().stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.get("reason").s(),
                                        TreeMap::new,
                                        Collectors.mapping(
                                                d ->
                                                        d.get("source").s()
                                                                + " "
                                                                + d.get("position").s(),
                                                Collectors.toList())));
        assertThat(byReason.get("too_deep")).hasSize(1);
        assertThat(byReason.get("string_too_long")).hasSize(1);
        assertThat(byReason.get("name_too_long")).hasSize(1);
        assertThat(byReason.get("number_too_long")).hasSize(1);
        assertThat(byReason.get("item_rejected"))
                .anyMatch(p -> p.startsWith("dynamodb:poison-analytics-data host/vm-huge"))
                .hasSize(2)
                .anyMatch(p -> p.startsWith("dynamodb:poison-analytics-data custom/surrogate"));
        assertThat(byReason).doesNotContainKey("decoder_error");
    }

    private static Set<String> minuteResources(PipelineScenario scenario) {
        return scenario.aggregates().stream()
                .filter(i -> i.get("window").s().equals("1m"))
                .map(i -> i.get("resourceKey").s())
                .collect(Collectors.toSet());
    }

    private static Map<String, AttributeValue> itemOf(
            Map<String, Map<String, AttributeValue>> items, String resource) {
        return items.entrySet().stream()
                .filter(e -> e.getKey().startsWith(resource))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}
