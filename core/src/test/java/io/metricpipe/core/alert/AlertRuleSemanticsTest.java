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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule semantics, statistic by statistic, comparison by comparison and mode by mode, through
 * the operator in Flink's keyed test harness. The expected values are written out here: each
 * statistic of the window has a value of its own, at least 1 apart from every other, so a rule that
 * read the wrong one would compare the wrong number.
 */
class AlertRuleSemanticsTest {
    private static final long T0 = AlertHarness.T0;
    private static final long MINUTE = AlertHarness.MINUTE;

    /** count 4, sum 40 (avg 10), min 2, max 20, last 7, p50 9, p90 15, p95 17, p99 19, ... */
    private static MetricStats stats() {
        MetricStats s = new MetricStats();
        s.name = "m";
        s.kind = MetricKind.GAUGE.code();
        s.count = 4;
        s.sum = 40;
        s.min = 2;
        s.max = 20;
        s.last = 7;
        s.p50 = 9;
        s.p90 = 15;
        s.p95 = 17;
        s.p99 = 19;
        s.rate = 0.5;
        s.increase = 30;
        s.distinct = 3;
        return s;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "COUNT, 4",
        "SUM, 40",
        "MIN, 2",
        "MAX, 20",
        "AVG, 10",
        "LAST, 7",
        "P50, 9",
        "P90, 15",
        "P95, 17",
        "P99, 19",
        "RATE, 0.5",
        "INCREASE, 30",
        "DISTINCT, 3"
    })
    void everyStatisticWithEveryComparison(AlertRule.Statistic statistic, double value)
            throws Exception {
        for (AlertRule.Comparison comparison : AlertRule.Comparison.values()) {
            for (double offset : new double[] {-0.5, 0, 0.5}) {
                double threshold = value + offset;
                boolean breaches;
                switch (comparison) {
                    case GreaterThanThreshold:
                        breaches = value > threshold;
                        break;
                    case GreaterThanOrEqualToThreshold:
                        breaches = value >= threshold;
                        break;
                    case LessThanThreshold:
                        breaches = value < threshold;
                        break;
                    default:
                        breaches = value <= threshold;
                }
                AlertRule rule = rule(1, 1, AlertRule.TreatMissingData.missing);
                rule.statistic = statistic;
                rule.comparison = comparison;
                rule.threshold = threshold;
                try (var h = harness(rule)) {
                    h.open();
                    AlertHarness.feed(h, window(0, stats()));
                    AlertEvaluation e = h.extractOutputValues().get(0);
                    String what = statistic + " " + comparison + " " + threshold;
                    assertThat(e.value).as(what).isEqualTo(value);
                    assertThat(e.state)
                            .as(what)
                            .isEqualTo(breaches ? AlertEvaluation.ALARM : AlertEvaluation.OK);
                }
            }
        }
    }

    /**
     * From OK, a period without data: {@code breaching} counts it as breaching (ALARM), {@code
     * ignore} keeps the state (OK), {@code notBreaching} counts it as fine (OK), {@code missing}
     * with no datapoint left in the range is INSUFFICIENT_DATA. With {@link
     * AlertEvaluatorTest#missingDataFollowsTreatMissingData} (from ALARM), {@code ignore} and
     * {@code breaching} are told apart.
     */
    @ParameterizedTest
    @CsvSource({"missing, INSUFFICIENT_DATA", "breaching, ALARM", "notBreaching, OK", "ignore, OK"})
    void aMissingPeriodAfterOk(AlertRule.TreatMissingData mode, String expected) throws Exception {
        try (var h = harness(rule(1, 1, mode))) {
            h.open();
            AlertHarness.feed(h, window(0, cpu(50)));
            h.processWatermark(T0 + 2 * MINUTE - 1);
            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out).extracting(e -> e.state).containsExactly("OK", expected);
        }
    }

    /**
     * A 3-period rule starts INSUFFICIENT_DATA, goes OK with its first datapoint, stays OK while a
     * datapoint is within its last 3 periods, and is INSUFFICIENT_DATA again once none is; then it
     * stops evaluating. Only the changes are transitions.
     */
    @Test
    void insufficientDataAtStartAndAfterSilence() throws Exception {
        try (var h = harness(rule(3, 2, AlertRule.TreatMissingData.missing))) {
            h.open();
            AlertHarness.feed(h, window(0, cpu(50)));
            h.processWatermark(T0 + 30 * MINUTE);
            List<AlertEvaluation> out = h.extractOutputValues();
            assertThat(out)
                    .extracting(e -> (e.periodEnd - T0) / MINUTE + ":" + e.state)
                    .containsExactly("1:OK", "2:OK", "3:OK", "4:INSUFFICIENT_DATA");
            assertThat(
                            out.stream()
                                    .filter(AlertEvaluation::isTransition)
                                    .map(e -> e.previousState + "->" + e.state)
                                    .collect(Collectors.toList()))
                    .containsExactly("INSUFFICIENT_DATA->OK", "OK->INSUFFICIENT_DATA");
        }
    }

    /** M of N over a run of datapoints: 2 of 3 breaching alarm, and the alarm ends with them. */
    @ParameterizedTest
    @EnumSource(
            value = AlertRule.TreatMissingData.class,
            names = {"missing", "notBreaching"})
    void mOfNCountsOnlyTheLastNPeriods(AlertRule.TreatMissingData mode) throws Exception {
        try (var h = harness(rule(3, 2, mode))) {
            h.open();
            double[] cpu = {90, 10, 10, 90, 90, 10, 10, 10};
            for (int i = 0; i < cpu.length; i++) {
                AlertHarness.feed(h, window(i, cpu(cpu[i])));
            }
            assertThat(h.extractOutputValues())
                    .extracting(e -> e.state.charAt(0) + "" + e.breaching)
                    .containsExactly("O1", "O1", "O1", "O1", "A2", "A2", "O1", "O0");
        }
    }

    /**
     * Selection: by type, by tag (as enrichment writes it), by key pattern, and all together. Four
     * resources, each breaching; only the selected ones are evaluated.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "host | | | host/web-1,host/db-1",
                "| aws.tag.env=prod | | host/web-1,ec2/i-9",
                "| aws.tag.env=prod;aws.tag.team=web | | host/web-1",
                "| | host/web-.* | host/web-1",
                "| | .*-1 | host/web-1,host/db-1",
                "host | aws.tag.env=prod | .*web.* | host/web-1",
                "| aws.tag.env=dev | | host/db-1",
                "| | | ec2/i-9,host/db-1,host/web-1,lambda/fn"
            })
    void rulesSelectResourcesByTypeTagAndKey(
            String type, String attributes, String keyPattern, String selected) throws Exception {
        AlertRule rule = rule(1, 1, AlertRule.TreatMissingData.missing);
        rule.resourceType = type == null ? "" : type;
        rule.attributes = attributes == null ? List.of() : List.of(attributes.split(";"));
        rule.resourceKeyPattern = keyPattern == null ? "" : keyPattern;
        try (var h = harness(rule)) {
            h.open();
            for (WindowResult r :
                    List.of(
                            tagged("host/web-1", "host", "env=prod", "team=web"),
                            tagged("host/db-1", "host", "env=dev", "team=db"),
                            tagged("ec2/i-9", "ec2", "env=prod"),
                            tagged("lambda/fn", "lambda"))) {
                h.processElement(new StreamRecord<>(r, r.windowEnd() - 1));
            }
            h.processWatermark(T0 + MINUTE - 1);
            assertThat(h.extractOutputValues())
                    .extracting(e -> e.resourceKey)
                    .containsExactlyInAnyOrder(selected.split(","));
        }
    }

    /** A breaching window of a resource with these tags, as enrichment names them. */
    private static WindowResult tagged(String key, String type, String... tags) {
        WindowResult r = window(0, cpu(95));
        r.resourceKey = key;
        r.resourceType = type;
        java.util.TreeMap<String, String> attributes = new java.util.TreeMap<>();
        for (String t : tags) {
            attributes.put(
                    "aws.tag." + t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
        }
        r.attributeKeys = attributes.keySet().toArray(new String[0]);
        r.attributeValues = attributes.values().toArray(new String[0]);
        return r;
    }

    /**
     * A restart with an unrelated rule added and another removed keeps the state of the rule that
     * stayed: still ALARM, no new transition; the added rule starts from INSUFFICIENT_DATA.
     */
    @Test
    void ruleStateSurvivesARestartWithOtherRulesChanged() throws Exception {
        AlertRule kept = rule(3, 2, AlertRule.TreatMissingData.missing);
        AlertRule removed = rule(1, 1, AlertRule.TreatMissingData.missing);
        removed.name = "removed";
        AlertRule added = rule(1, 1, AlertRule.TreatMissingData.missing);
        added.name = "added";
        OperatorSubtaskState snapshot;
        try (var h = harness(List.of(kept, removed))) {
            h.open();
            AlertHarness.feed(h, window(0, cpu(90)));
            AlertHarness.feed(h, window(1, cpu(90)));
            snapshot = h.snapshot(1, T0 + 2 * MINUTE);
        }
        try (var h = harness(List.of(added, kept))) {
            h.initializeState(snapshot);
            h.open();
            AlertHarness.feed(h, window(2, cpu(10)));
            assertThat(h.extractOutputValues())
                    .extracting(e -> e.rule + ":" + e.previousState + "->" + e.state)
                    .containsExactlyInAnyOrder(
                            "high-cpu:ALARM->ALARM", "added:INSUFFICIENT_DATA->OK");
        }
    }

    private static AlertRule rule(int n, int m, AlertRule.TreatMissingData missing) {
        AlertRule r = AlertEvaluatorTest.rule(n, m, missing);
        r.metric = "m";
        r.resourceType = "";
        return r;
    }

    private static MetricStats cpu(double avg) {
        return AlertHarness.gauge("m", avg);
    }

    private static WindowResult window(int minute, MetricStats s) {
        return AlertHarness.window("host/a", "host", minute, s);
    }

    private static AlertHarness.Harness harness(AlertRule rule) throws Exception {
        return harness(List.of(rule));
    }

    private static AlertHarness.Harness harness(List<AlertRule> rules) throws Exception {
        return AlertHarness.of(rules, Duration.ofHours(1));
    }
}
