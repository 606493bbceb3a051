package io.metricpipe.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {
    private static final long T0 = AlertHarness.T0;
    private static final long MINUTE = AlertHarness.MINUTE;
    private static final Duration RETENTION = Duration.ofMinutes(30);

    static AlertRule rule(int n, int m, AlertRule.TreatMissingData missing) {
        AlertRule r = new AlertRule();
        r.name = "high-cpu";
        r.metric = "cpu.usage_percent";
        r.resourceType = "host";
        r.statistic = AlertRule.Statistic.AVG;
        r.comparison = AlertRule.Comparison.GreaterThanThreshold;
        r.threshold = 80;
        r.period = Duration.ofMinutes(1);
        r.evaluationPeriods = n;
        r.datapointsToAlarm = m;
        r.treatMissingData = missing;
        return r;
    }

    static WindowResult window(String type, int minute, double cpu) {
        MetricStats s = new MetricStats();
        s.name = "cpu.usage_percent";
        s.kind = MetricKind.GAUGE.code();
        s.count = 2;
        s.sum = 2 * cpu;
        return AlertHarness.window(type + "/a", type, minute, s);
    }

    private static AlertHarness.Harness harness(AlertRule rule) throws Exception {
        return AlertHarness.of(List.of(rule), RETENTION);
    }

    private static List<String> transitions(List<AlertEvaluation> out) {
        return out.stream()
                .filter(AlertEvaluation::isTransition)
                .map(e -> (e.periodEnd - T0) / MINUTE + ":" + e.previousState + "->" + e.state)
                .collect(Collectors.toList());
    }

    @Test
    void alarmsWhenMOfTheLastNDatapointsBreach() throws Exception {
        try (var h = harness(rule(3, 2, AlertRule.TreatMissingData.missing))) {
            h.open();
            double[] cpu = {90, 50, 85, 40, 30};
            for (int i = 0; i < cpu.length; i++) {
                AlertHarness.feed(h, window("host", i, cpu[i]));
            }
            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out).hasSize(5);
            assertThat(out).extracting(e -> e.breaching).containsExactly(1, 1, 2, 1, 1);
            assertThat(transitions(out))
                    .containsExactly("1:INSUFFICIENT_DATA->OK", "3:OK->ALARM", "4:ALARM->OK");
            assertThat(out.get(2).reason)
                    .isEqualTo("2 of the last 3 datapoints were > 80.0 (3 present)");
            assertThat(out.get(2).value).isEqualTo(85);
        }
    }

    @Test
    void evaluationsCarryWhatTheInventorySaysOfTheResource() throws Exception {
        try (var h = harness(rule(1, 1, AlertRule.TreatMissingData.breaching))) {
            h.open();
            WindowResult matched = window("host", 0, 95);
            matched.attributeKeys =
                    new String[] {
                        "aws.instanceType", "aws.resource.name", "aws.tag.env", "platform"
                    };
            matched.attributeValues = new String[] {"t3.small", "web-01", "prod", "Linux"};
            AlertHarness.feed(h, matched);
            h.processWatermark(T0 + 2 * MINUTE - 1); // minute 1 is missing: the timer evaluates it

            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            for (AlertEvaluation e : out) {
                assertThat(e.attributeKeys)
                        .containsExactly("aws.instanceType", "aws.resource.name", "aws.tag.env");
                assertThat(e.attribute("aws.resource.name")).isEqualTo("web-01");
                assertThat(e.attribute("aws.tag.env")).isEqualTo("prod");
                assertThat(e.attribute("platform"))
                        .as("the agent's own, not the resource's")
                        .isNull();
            }
        }
    }

    @Test
    void missingDataFollowsTreatMissingData() throws Exception {
        for (AlertRule.TreatMissingData missing : AlertRule.TreatMissingData.values()) {
            try (var h = harness(rule(1, 1, missing))) {
                h.open();
                AlertHarness.feed(h, window("host", 0, 95));
                // No result for minute 1: its end passes.
                h.processWatermark(T0 + 2 * MINUTE - 1);
                List<AlertEvaluation> out = h.extractOutputValues();
                assertThat(out).as(missing.name()).hasSize(2);
                assertThat(out.get(1).periodStart).isEqualTo(T0 + MINUTE);
                assertThat(out.get(1).value).isNaN();
                String expected;
                switch (missing) {
                    case missing:
                        expected = AlertEvaluation.INSUFFICIENT_DATA;
                        break;
                    case notBreaching:
                        expected = AlertEvaluation.OK;
                        break;
                    default:
                        expected = AlertEvaluation.ALARM; // breaching, and ignore keeps ALARM
                        break;
                }
                assertThat(out.get(1).state).as(missing.name()).isEqualTo(expected);
                // One missing period is all a 1-period rule looks at: no more evaluations.
                h.processWatermark(T0 + 10 * MINUTE);
                assertThat(h.extractOutputValues()).as(missing.name()).hasSize(2);
            }
        }
    }

    /**
     * A resource silent for the retention has its state dropped, after the evaluations of its
     * missing periods; one that keeps reporting keeps its state; a resource that comes back starts
     * again from INSUFFICIENT_DATA.
     */
    @Test
    void aSilentResourceLosesItsStateAfterItsLastTransition() throws Exception {
        try (var h = harness(rule(3, 3, AlertRule.TreatMissingData.missing))) {
            h.open();
            for (int i = 0; i < 3; i++) {
                AlertHarness.feed(h, window("host", i, 95));
            }
            int entriesForOne = h.numKeyedStateEntries();
            for (int i = 3; i < 40; i++) {
                WindowResult other = window("host", i, 10);
                other.resourceKey = "host/b";
                AlertHarness.feed(h, other);
            }
            List<AlertEvaluation> out = h.extractOutputValues();
            List<AlertEvaluation> silent =
                    out.stream()
                            .filter(e -> e.resourceKey.equals("host/a"))
                            .collect(Collectors.toList());
            // Three datapoints, then three missing periods; the last leaves no data to judge.
            assertThat(silent).hasSize(6);
            assertThat(silent.get(5).state).isEqualTo(AlertEvaluation.INSUFFICIENT_DATA);
            assertThat(transitions(silent)).contains("3:OK->ALARM");
            // host/a went silent at minute 3: retention (30 min) has passed at minute 40.
            assertThat(h.numKeyedStateEntries()).isEqualTo(entriesForOne);

            AlertHarness.feed(h, window("host", 41, 95));
            AlertEvaluation first =
                    h.extractOutputValues().stream()
                            .filter(e -> e.resourceKey.equals("host/a"))
                            .reduce((a, b) -> b)
                            .orElseThrow();
            assertThat(first.periodStart).isEqualTo(T0 + 41 * MINUTE);
            assertThat(first.previousState).isEqualTo(AlertEvaluation.INSUFFICIENT_DATA);
            assertThat(first.reason).endsWith("(1 present)");
        }
    }

    @Test
    void aCorrectedWindowReEvaluatesItsPeriod() throws Exception {
        try (var h = harness(rule(1, 1, AlertRule.TreatMissingData.missing))) {
            h.open();
            AlertHarness.feed(h, window("host", 0, 50));
            WindowResult corrected = window("host", 0, 90);
            corrected.revision = 2;
            h.processElement(new StreamRecord<>(corrected, corrected.windowEnd() - 1));
            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            // Same period, same transition time: the corrected transition replaces the first.
            assertThat(out.get(1).periodEnd).isEqualTo(out.get(0).periodEnd);
            assertThat(transitions(out))
                    .containsExactly("1:INSUFFICIENT_DATA->OK", "1:INSUFFICIENT_DATA->ALARM");
        }
    }

    @Test
    void otherResourceTypesAndPeriodsAreNotEvaluated() throws Exception {
        try (var h = harness(rule(1, 1, AlertRule.TreatMissingData.missing))) {
            h.open();
            AlertHarness.feed(h, window("webapp", 0, 99));
            WindowResult fiveMinutes = window("host", 0, 99);
            fiveMinutes.windowSizeMs = 5 * MINUTE;
            h.processElement(new StreamRecord<>(fiveMinutes, fiveMinutes.windowEnd() - 1));
            h.processWatermark(T0 + 20 * MINUTE);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void historyAndStateSurviveARestoreFromACheckpoint() throws Exception {
        AlertRule rule = rule(3, 2, AlertRule.TreatMissingData.missing);
        OperatorSubtaskState snapshot;
        try (var h = harness(rule)) {
            h.open();
            AlertHarness.feed(h, window("host", 0, 90));
            AlertHarness.feed(h, window("host", 1, 90));
            assertThat(transitions(h.extractOutputValues()))
                    .containsExactly("1:INSUFFICIENT_DATA->OK", "2:OK->ALARM");
            snapshot = h.snapshot(1, T0 + 2 * MINUTE);
        }
        try (var h = harness(rule)) {
            h.initializeState(snapshot);
            h.open();
            AlertHarness.feed(h, window("host", 2, 10));
            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).breaching).isEqualTo(2);
            assertThat(out.get(0).state).isEqualTo(AlertEvaluation.ALARM);
            assertThat(out.get(0).isTransition()).isFalse();
        }
    }
}
