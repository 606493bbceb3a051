package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.S3Mock;
import io.metricpipe.testing.SimulatedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The watched rules file on S3 (the S3 emulator, read through Flink's S3 file system as on MSF),
 * changed while the job runs (kinesis-mock to DynamoDB Local). Three versions, each followed by
 * three minutes of events from two hosts:
 *
 * <ol>
 *   <li>{@code cpu-over-90}: both hosts at 95 alarm;
 *   <li>{@code cpu-over-90} changed to 99, {@code cpu-over-50} added, a rule without a threshold:
 *       the changed rule starts over (OK at 95), the added one alarms, the broken one is a dead
 *       letter;
 *   <li>{@code cpu-over-50} deleted, {@code cpu-over-90} broken (a threshold that is no number):
 *       web-02 drops to 20 and no deleted rule sees it; web-01 rises to 100 and the rule's previous
 *       definition (99) still alarms.
 * </ol>
 *
 * Each version applies from the minute after it is read: the test waits for the version's dead
 * letter (each has a broken rule) before it sends the next minutes.
 */
class AlertRuleFileITCase extends EmulatorITCase {
    private static final String RULES_START =
            "rules:\n"
                    + "  - {name: cpu-over-90, metric: cpu.usage_percent, threshold: 90,"
                    + " resourceKeyPattern: 'host/web-.*'}\n";

    private static final String BUCKET = "metricpipe-config";
    private static final String RULES = "s3://" + BUCKET + "/alerts/rules.yaml";

    @Test
    void addedChangedDeletedAndInvalidRulesApplyFromTheNextMinute() throws Exception {
        long start = (System.currentTimeMillis() - 30 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        try (S3Mock s3 = S3Mock.start(BUCKET)) {
            FileSystem.initialize(Configuration.fromMap(s3.flinkOptions()), null);
            threeVersions(s3, start);
        }
    }

    private void threeVersions(S3Mock s3, long start) throws Exception {
        write(s3, RULES_START + "  - {name: broken-0, metric: m}\n");
        String stream = "rule-file";
        kinesis.createStream(stream, 1);
        PipelineScenario scenario =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        stream,
                        stream,
                        Map.of(
                                "alerts.defaultRules", "false",
                                "alerts.rulesFile", RULES,
                                "alerts.rulesFilePollInterval", "200ms"));
        JobClient job = scenario.start();
        try {
            awaitRejected(scenario, 1);
            minutes(stream, start, 0, 95, 95);
            awaitTransition(scenario, "cpu-over-90", "host/web-02", start + MINUTE);

            write(
                    s3,
                    RULES_START.replace("threshold: 90", "threshold: 99")
                            + "  - {name: cpu-over-50, metric: cpu.usage_percent, threshold: 50,"
                            + " resourceKeyPattern: 'host/web-.*'}\n"
                            + "  - {name: broken-1, metric: m}\n");
            awaitRejected(scenario, 2);
            minutes(stream, start, 3, 95, 95);
            awaitTransition(scenario, "cpu-over-50", "host/web-02", start + 4 * MINUTE);

            write(s3, RULES_START.replace("threshold: 90", "threshold: high"));
            awaitRejected(scenario, 3);
            minutes(stream, start, 6, 100, 20);
            awaitTransition(scenario, "cpu-over-90", "host/web-01", start + 7 * MINUTE);
            Thread.sleep(2_000); // a transition of the deleted rule would land now
        } finally {
            job.cancel().get();
        }

        Map<String, String> t = transitions(scenario, start);
        assertThat(t)
                .containsExactly(
                        Map.entry("cpu-over-50 host/web-01 @4", "INSUFFICIENT_DATA->ALARM"),
                        Map.entry("cpu-over-50 host/web-02 @4", "INSUFFICIENT_DATA->ALARM"),
                        Map.entry("cpu-over-90 host/web-01 @1", "INSUFFICIENT_DATA->ALARM"),
                        // changed at version 2: it starts over, with 99
                        Map.entry("cpu-over-90 host/web-01 @4", "INSUFFICIENT_DATA->OK"),
                        // broken at version 3: 99 stays, and 100 breaches it
                        Map.entry("cpu-over-90 host/web-01 @7", "OK->ALARM"),
                        Map.entry("cpu-over-90 host/web-02 @1", "INSUFFICIENT_DATA->ALARM"),
                        Map.entry("cpu-over-90 host/web-02 @4", "INSUFFICIENT_DATA->OK"));

        List<String> rejected = new ArrayList<>();
        for (Map<String, AttributeValue> d : scenario.deadLetters()) {
            if (d.get("reason").s().equals("rule_rejected")) {
                assertThat(d.get("source").s()).isEqualTo("rules:" + RULES);
                rejected.add(d.get("position").s() + " " + d.get("detail").s());
            }
        }
        assertThat(rejected)
                .hasSize(3)
                .anyMatch(r -> r.startsWith("rules[1] rules[1].threshold: required"))
                .anyMatch(r -> r.startsWith("rules[2] rules[2].threshold: required"))
                .anyMatch(
                        r ->
                                r.startsWith("rules[0] rules[0]: is not a rule")
                                        && r.contains("high"));
    }

    private static void write(S3Mock s3, String rules) {
        s3.put(
                BUCKET,
                RULES.substring(("s3://" + BUCKET + "/").length()),
                rules.getBytes(StandardCharsets.UTF_8));
    }

    /** Three minutes of both hosts from {@code first}, then a record that closes them. */
    private static void minutes(String stream, long start, int first, double web01, double web02)
            throws Exception {
        List<SimulatedRecord> records = new ArrayList<>();
        for (int minute = first; minute < first + 3; minute++) {
            for (long t = 0; t < MINUTE; t += 20_000) {
                long ts = start + minute * MINUTE + t;
                records.add(vmMetrics("web-01", ts, web01));
                records.add(vmMetrics("web-02", ts, web02));
            }
        }
        // The watermark trails the latest event by kinesis.maxOutOfOrderness (20 s).
        long end = start + (first + 3) * MINUTE;
        records.add(vmMetrics("clock", end + 21_000, 0));
        kinesis.put(stream, records);
    }

    private static void awaitRejected(PipelineScenario scenario, int versions) throws Exception {
        PipelineScenario.await(
                versions + " versions of the rules file read (one rejected rule each)",
                Duration.ofSeconds(60),
                () ->
                        scenario.deadLetters().stream()
                                        .filter(d -> d.get("reason").s().equals("rule_rejected"))
                                        .count()
                                >= versions,
                scenario::progress);
    }

    private static void awaitTransition(
            PipelineScenario scenario, String rule, String resource, long at) throws Exception {
        PipelineScenario.await(
                rule + " on " + resource + " at " + at,
                Duration.ofSeconds(60),
                () ->
                        scenario.alerts().stream()
                                .anyMatch(
                                        a ->
                                                a.get("rule").s().equals(rule)
                                                        && a.get("resourceKey").s().equals(resource)
                                                        && Long.parseLong(a.get("time").n()) == at),
                scenario::progress);
    }

    /** "rule resource @minute-of-transition-time" → from->to. */
    private static Map<String, String> transitions(PipelineScenario scenario, long start) {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, AttributeValue> a : scenario.alerts()) {
            out.put(
                    a.get("rule").s()
                            + " "
                            + a.get("resourceKey").s()
                            + " @"
                            + (Long.parseLong(a.get("time").n()) - start) / MINUTE,
                    a.get("from").s() + "->" + a.get("to").s());
        }
        return out;
    }

    private static SimulatedRecord vmMetrics(String host, long ts, double cpu) {
        return AlertsEndToEndITCase.vmMetrics(host, host, "192.0.2.1", ts, cpu);
    }
}
