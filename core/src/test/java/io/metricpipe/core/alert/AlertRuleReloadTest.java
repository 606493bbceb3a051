package io.metricpipe.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.ConfigJson;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.AlertRuleUpdate;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Rules from the watched file change while the evaluator runs: added, changed, deleted, rejected,
 * each applying from the next window on, and the state of every other rule untouched.
 */
class AlertRuleReloadTest {
    private static final long T0 = AlertHarness.T0;
    private static final long MINUTE = AlertHarness.MINUTE;
    private static final ObjectMapper JSON = ConfigJson.json();

    /** The configured rule: CPU > 80 in 1 of 1 minute. */
    private static final AlertRule CONFIGURED = rule("high-cpu", 80);

    private static AlertRule rule(String name, double threshold) {
        AlertRule r = AlertEvaluatorTest.rule(1, 1, AlertRule.TreatMissingData.missing);
        r.name = name;
        r.threshold = threshold;
        return r;
    }

    private static AlertRuleUpdate file(List<String> rejected, AlertRule... rules)
            throws Exception {
        AlertRuleUpdate u = new AlertRuleUpdate();
        u.names = new String[rules.length];
        u.definitions = new String[rules.length];
        for (int i = 0; i < rules.length; i++) {
            u.names[i] = rules[i].name;
            u.definitions[i] = JSON.writeValueAsString(rules[i]);
        }
        u.rejected = rejected.toArray(new String[0]);
        return u;
    }

    private static AlertHarness.Harness harness() throws Exception {
        return AlertHarness.of(List.of(CONFIGURED), Duration.ofMinutes(30));
    }

    /** The evaluations of one minute: rule, transition or state, and threshold. */
    private static List<String> minute(AlertHarness.Harness h, int minute, double cpu)
            throws Exception {
        int before = h.extractOutputValues().size();
        WindowResult w = AlertEvaluatorTest.window("host", minute, cpu);
        h.processElement(new StreamRecord<>(w, w.windowEnd() - 1));
        h.processWatermark(w.windowEnd() - 1);
        List<AlertEvaluation> all = h.extractOutputValues();
        return all.subList(before, all.size()).stream()
                .map(
                        e ->
                                e.rule
                                        + " "
                                        + (e.isTransition()
                                                ? e.previousState + "->" + e.state
                                                : e.state)
                                        + " >"
                                        + (int) e.threshold)
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void anAddedChangedOrDeletedRuleAppliesFromTheNextWindowAndLeavesTheOthersAlone()
            throws Exception {
        try (var h = harness()) {
            h.open();
            assertThat(minute(h, 0, 95)).containsExactly("high-cpu INSUFFICIENT_DATA->ALARM >80");

            h.processBroadcastElement(file(List.of(), rule("cpu-over-90", 90)), 0);
            assertThat(minute(h, 1, 95))
                    .as("added; high-cpu keeps its ALARM, so no transition")
                    .containsExactly(
                            "cpu-over-90 INSUFFICIENT_DATA->ALARM >90", "high-cpu ALARM >80");

            h.processBroadcastElement(file(List.of(), rule("cpu-over-90", 99)), 0);
            assertThat(minute(h, 2, 95))
                    .as("changed: it starts again, the other rule does not")
                    .containsExactly("cpu-over-90 INSUFFICIENT_DATA->OK >99", "high-cpu ALARM >80");

            h.processBroadcastElement(file(List.of()), 0);
            assertThat(minute(h, 3, 95)).as("deleted").containsExactly("high-cpu ALARM >80");
            h.processWatermark(T0 + 10 * MINUTE);
            assertThat(h.extractOutputValues())
                    .as("no missing-data evaluation of the deleted rule either")
                    .noneMatch(
                            e -> e.rule.equals("cpu-over-90") && e.periodStart > T0 + 2 * MINUTE);
        }
    }

    @Test
    void aRejectedRuleKeepsItsDefinitionFromBeforeAndItsState() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(file(List.of(), rule("cpu-over-90", 90)), 0);
            assertThat(minute(h, 0, 95))
                    .containsExactly(
                            "cpu-over-90 INSUFFICIENT_DATA->ALARM >90",
                            "high-cpu INSUFFICIENT_DATA->ALARM >80");

            // The new version of the file has cpu-over-90 broken, and a new valid rule.
            h.processBroadcastElement(file(List.of("cpu-over-90"), rule("cpu-over-50", 50)), 0);

            assertThat(minute(h, 1, 95))
                    .containsExactly(
                            "cpu-over-50 INSUFFICIENT_DATA->ALARM >50",
                            "cpu-over-90 ALARM >90",
                            "high-cpu ALARM >80");
        }
    }

    @Test
    void aFileRuleTakesThePlaceOfAConfiguredRuleOfTheSameName() throws Exception {
        try (var h = harness()) {
            h.open();
            assertThat(minute(h, 0, 95)).containsExactly("high-cpu INSUFFICIENT_DATA->ALARM >80");

            h.processBroadcastElement(file(List.of(), rule("high-cpu", 99)), 0);
            assertThat(minute(h, 1, 95)).containsExactly("high-cpu INSUFFICIENT_DATA->OK >99");

            h.processBroadcastElement(file(List.of()), 0);
            assertThat(minute(h, 2, 95))
                    .as("out of the file, the configured definition is back, from the start")
                    .containsExactly("high-cpu INSUFFICIENT_DATA->ALARM >80");
        }
    }

    @Test
    void fileRulesAndTheirStateSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(file(List.of(), rule("cpu-over-90", 90)), 0);
            assertThat(minute(h, 0, 95)).contains("cpu-over-90 INSUFFICIENT_DATA->ALARM >90");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();

            assertThat(minute(h, 1, 95))
                    .containsExactly("cpu-over-90 ALARM >90", "high-cpu ALARM >80");
        }
    }
}
