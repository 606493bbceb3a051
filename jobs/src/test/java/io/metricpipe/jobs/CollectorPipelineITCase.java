package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole job on a MiniCluster against kinesis-mock (2 shards) and DynamoDB Local: every
 * aggregate equals what the test computes from the same events, and every bad record is a dead
 * letter with its reason, and nothing else is.
 */
class CollectorPipelineITCase extends EmulatorITCase {
    static final long MINUTE = 60_000;

    /** A fleet's history ending a few minutes ago, so no event is in the future. */
    static List<SimulatedRecord> history(long start, int ticks) {
        return new CollectorSimulator(start).ticks(ticks).rebootTick(ticks / 2).records();
    }

    /** A record on every shard stamped after the 5-minute window that holds the data ends. */
    static SimulatedRecord flush(long dataEnd) {
        long ts = (dataEnd / (5 * MINUTE) + 1) * 5 * MINUTE + MINUTE + 30_000;
        String json =
                "{\"type\":\"vm_stats\",\"id\":\"flush\",\"timestamp\":" + ts + ",\"cpu_usage\":0}";
        return new SimulatedRecord("flush", json.getBytes(StandardCharsets.UTF_8), "vm_stats", ts);
    }

    static double n(Map<String, AttributeValue> stats, String stat) {
        return Double.parseDouble(stats.get(stat).n());
    }

    static Map<String, Map<String, AttributeValue>> byResourceAndWindow(
            List<Map<String, AttributeValue>> items, String window) {
        Map<String, Map<String, AttributeValue>> result = new TreeMap<>();
        for (Map<String, AttributeValue> item : items) {
            String resource = item.get("resourceKey").s();
            if (item.get("window").s().equals(window) && !resource.equals("host/flush")) {
                result.put(ExpectedAggregates.key(resource, item.get("windowStart").n()), item);
            }
        }
        return result;
    }

    @Test
    void aggregatesEqualIndependentComputationAndBadRecordsAreDeadLetters() throws Exception {
        long start = (System.currentTimeMillis() - 25 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 60; // 10 minutes: two 5-minute roll-ups
        List<SimulatedRecord> records = history(start, ticks);
        PipelineScenario scenario = new PipelineScenario(kinesis, dynamodb, "it-events", "it");
        kinesis.createStream("it-events", 2);
        kinesis.put("it-events", records);
        SimulatedRecord flush = flush(start + ticks * CollectorSimulator.TICK_MS);
        kinesis.putOnEveryShard("it-events", flush);

        ExpectedAggregates expected = new ExpectedAggregates(records, MINUTE);
        List<SimulatedRecord> malformed =
                records.stream().filter(SimulatedRecord::isMalformed).collect(Collectors.toList());
        assertThat(malformed).hasSize(9);

        JobClient job = scenario.start();
        try {
            PipelineScenario.await(
                    "all 1-minute windows and 5-minute roll-ups",
                    Duration.ofSeconds(120),
                    () -> {
                        List<Map<String, AttributeValue>> items = scenario.aggregates();
                        return byResourceAndWindow(items, "1m").size() == expected.samples.size()
                                && byResourceAndWindow(items, "5m").size() == 2 * 11 /* resources */
                                && scenario.deadLetters().size() == malformed.size();
                    },
                    () -> scenario.progress() + ", expected " + expected.samples.size() + " 1m");

            // An event for a window long purged is a late dead letter.
            String late =
                    "{\"type\":\"vm_stats\",\"id\":\"vm-7f3a\",\"timestamp\":"
                            + (start + 5_000)
                            + ",\"cpu_usage\":1}";
            kinesis.put(
                    "it-events",
                    List.of(
                            new SimulatedRecord(
                                    "vm-7f3a",
                                    late.getBytes(StandardCharsets.UTF_8),
                                    "vm_stats",
                                    start + 5_000)));
            PipelineScenario.await(
                    "the late dead letter",
                    Duration.ofSeconds(60),
                    () -> scenario.deadLetters().size() == malformed.size() + 1,
                    scenario::progress);
            Thread.sleep(2_000); // anything unexpected would show up now
        } finally {
            job.cancel().get();
        }

        List<Map<String, AttributeValue>> items = scenario.aggregates();
        assertMinuteAggregates(expected, byResourceAndWindow(items, "1m"));
        assertRollups(expected, byResourceAndWindow(items, "5m"));
        assertDeadLetters(malformed, scenario.deadLetters(), start + 5_000);
        assertCompatibilityItems(records, scenario.compatibilityItems());
    }

    /** The 1-minute items equal the events' windows, count, sum, min, max, last and increase. */
    static void assertMinuteAggregates(
            ExpectedAggregates expected, Map<String, Map<String, AttributeValue>> actual) {
        assertThat(actual.keySet()).isEqualTo(expected.samples.keySet());
        for (Map.Entry<String, Map<String, List<double[]>>> window : expected.samples.entrySet()) {
            Map<String, AttributeValue> item = actual.get(window.getKey());
            Map<String, AttributeValue> metrics = item.get("metrics").m();
            assertThat(Integer.parseInt(item.get("revision").n())).isPositive();
            for (Map.Entry<String, List<double[]>> metric : window.getValue().entrySet()) {
                String name = metric.getKey();
                List<double[]> values = metric.getValue();
                assertThat(metrics).as(window.getKey() + " " + name).containsKey(name);
                Map<String, AttributeValue> stats = metrics.get(name).m();
                String what = window.getKey() + " " + name;
                assertThat(n(stats, "count")).as(what + " count").isEqualTo(values.size());
                switch (stats.get("kind").s()) {
                    case "gauge":
                        double sum = ExpectedAggregates.exactSum(values);
                        assertThat(n(stats, "sum"))
                                .as(what + " sum")
                                .isCloseTo(sum, within(Math.ulp(sum)));
                        assertThat(n(stats, "min"))
                                .isEqualTo(
                                        values.stream().mapToDouble(v -> v[1]).min().getAsDouble());
                        assertThat(n(stats, "max"))
                                .isEqualTo(
                                        values.stream().mapToDouble(v -> v[1]).max().getAsDouble());
                        assertThat(n(stats, "last"))
                                .as(what + " last")
                                .isEqualTo(ExpectedAggregates.last(values));
                        assertThat(n(stats, "p99")).isBetween(n(stats, "min"), n(stats, "max"));
                        break;
                    case "counter":
                        assertThat(n(stats, "increase"))
                                .as(what + " increase")
                                .isEqualTo(ExpectedAggregates.increase(values));
                        if (values.size() > 1) {
                            assertThat(stats).containsKey("rate");
                        }
                        break;
                    default:
                        break;
                }
            }
            assertDerived(window.getKey(), window.getValue(), metrics);
            Set<String> users = expected.distinct.get(window.getKey());
            if (users != null) {
                assertThat(n(metrics.get("app.users").m(), "distinct"))
                        .isCloseTo(users.size(), within(Math.max(1, users.size() * 0.05)));
            }
        }
    }

    /** A minute's RED and USE metrics, from its events rather than from the job's statistics. */
    private static void assertDerived(
            String window,
            Map<String, List<double[]>> samples,
            Map<String, AttributeValue> metrics) {
        List<double[]> cpu = samples.getOrDefault("cpu.usage_percent", samples.get("cpu_usage"));
        if (cpu != null) {
            assertThat(derived(metrics, "use.cpu.utilization"))
                    .as(window + " use.cpu.utilization")
                    .isCloseTo(ExpectedAggregates.exactSum(cpu) / cpu.size() / 100, within(1e-9));
        }
        List<double[]> requests = samples.get("http.server.requests");
        if (requests != null) {
            List<double[]> errors = samples.getOrDefault("http.server.errors", List.of());
            assertThat(derived(metrics, "red.request_rate"))
                    .as(window + " red.request_rate")
                    .isCloseTo(requests.size() / 60.0, within(1e-9));
            assertThat(derived(metrics, "red.error_ratio"))
                    .as(window + " red.error_ratio")
                    .isCloseTo((double) errors.size() / requests.size(), within(1e-12));
        }
    }

    private static double derived(Map<String, AttributeValue> metrics, String name) {
        assertThat(metrics).containsKey(name);
        return n(metrics.get(name).m(), "value");
    }

    private static void assertRollups(
            ExpectedAggregates expected, Map<String, Map<String, AttributeValue>> rollups) {
        Map<String, Integer> cpuCounts = new HashMap<>();
        Map<String, List<double[]>> readBytes = new HashMap<>();
        for (Map.Entry<String, Map<String, List<double[]>>> w : expected.samples.entrySet()) {
            String resource = w.getKey().substring(0, w.getKey().lastIndexOf('@'));
            long start = Long.parseLong(w.getKey().substring(w.getKey().lastIndexOf('@') + 1));
            String key =
                    ExpectedAggregates.key(
                            resource, Long.toString(start / (5 * MINUTE) * 5 * MINUTE));
            List<double[]> cpu = w.getValue().get("cpu.usage_percent");
            if (cpu != null) {
                cpuCounts.merge(key, cpu.size(), Integer::sum);
                readBytes
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .addAll(w.getValue().get("disk.read_bytes"));
            }
        }
        assertThat(cpuCounts).isNotEmpty();
        for (Map.Entry<String, Integer> e : cpuCounts.entrySet()) {
            Map<String, AttributeValue> metrics = rollups.get(e.getKey()).get("metrics").m();
            assertThat(n(metrics.get("cpu.usage_percent").m(), "count"))
                    .isEqualTo(e.getValue().doubleValue());
            assertThat(n(metrics.get("disk.read_bytes").m(), "increase"))
                    .as("5m increase across 1m boundaries and the reboot " + e.getKey())
                    .isEqualTo(ExpectedAggregates.increase(readBytes.get(e.getKey())));
        }
    }

    private static void assertDeadLetters(
            List<SimulatedRecord> malformed,
            List<Map<String, AttributeValue>> deadLetters,
            long lateTs) {
        Map<String, String> expectedPayloadByReason = new TreeMap<>();
        for (SimulatedRecord r : malformed) {
            expectedPayloadByReason.put(r.expectedReason(), r.text());
        }
        Set<String> reasons = new TreeSet<>();
        for (Map<String, AttributeValue> d : deadLetters) {
            String reason = d.get("reason").s();
            reasons.add(reason);
            assertThat(d.get("source").s())
                    .startsWith(reason.equals("late") ? "window:1m" : "kinesis:it-events:shardId-");
            assertThat(d.get("position").s()).isNotBlank();
            assertThat(d.get("detail").s()).isNotBlank();
            if (reason.equals("late")) {
                assertThat(n(d, "time")).isEqualTo(lateTs);
            } else if (!reason.equals("not_utf8")) {
                assertThat(d.get("payload").s()).isEqualTo(expectedPayloadByReason.get(reason));
            }
        }
        assertThat(deadLetters).hasSize(malformed.size() + 1);
        Set<String> expected = new TreeSet<>(expectedPayloadByReason.keySet());
        expected.add("late");
        assertThat(reasons).isEqualTo(expected);
    }

    private static void assertCompatibilityItems(
            List<SimulatedRecord> records, List<Map<String, AttributeValue>> items) {
        long good = records.stream().filter(r -> !r.isMalformed()).count();
        // Every good event, the late event, and the flush record: its two copies (one per
        // shard) share a key and upsert one item, as a redelivered event would.
        assertThat(items).hasSize((int) good + 1 + 1);
        Map<String, AttributeValue> vm =
                items.stream()
                        .filter(
                                i ->
                                        i.containsKey("type")
                                                && i.get("type").s().equals("vm-metrics"))
                        .findFirst()
                        .orElseThrow();
        assertThat(vm.get("cpu").m()).containsKey("usage_percent");
        assertThat(vm.get("system_info").m().get("hostname").s()).startsWith("web-");
        assertThat(vm.get("cpu").m().get("frequency_mhz").nul()).isTrue();
    }
}
