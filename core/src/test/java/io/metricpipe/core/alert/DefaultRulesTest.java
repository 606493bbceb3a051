package io.metricpipe.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.AlertsSection;
import io.metricpipe.core.config.ConfigException;
import io.metricpipe.core.config.Problems;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The default rule pack: which rules apply, that they validate, and how a few of them fire. */
class DefaultRulesTest {
    private static final long T0 = AlertHarness.T0;
    private static final long MINUTE = AlertHarness.MINUTE;
    private static final List<Duration> SIZES =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));

    @Test
    void theDefaultsApplyUnlessTurnedOffOrReplacedByName() {
        AlertsSection alerts = new AlertsSection();
        assertThat(alerts.effectiveRules(SIZES))
                .extracting(r -> r.name)
                .containsExactly(
                        "host-cpu-high",
                        "host-memory-high",
                        "host-disk-high",
                        "webapp-down",
                        "webapp-error-rate-high",
                        "webapp-response-slow",
                        "service-5xx-ratio-high",
                        "lambda-errors",
                        "lambda-throttles",
                        "rds-cpu-high",
                        "rds-storage-low",
                        "alb-target-5xx-ratio-high",
                        "agent-silent");
        // Without a 5-minute window, the 5-minute rule is left out rather than refused.
        assertThat(alerts.effectiveRules(List.of(Duration.ofMinutes(1))))
                .extracting(r -> r.name)
                .doesNotContain("lambda-errors")
                .hasSize(12);

        AlertRule mine = AlertEvaluatorTest.rule(1, 1, AlertRule.TreatMissingData.missing);
        mine.name = "host-cpu-high";
        mine.threshold = 95;
        alerts.rules = new ArrayList<>(List.of(mine));
        List<AlertRule> effective = alerts.effectiveRules(SIZES);
        assertThat(effective).hasSize(13);
        assertThat(effective.stream().filter(r -> r.name.equals("host-cpu-high")))
                .containsExactly(mine);

        alerts.defaultRules = false;
        assertThat(alerts.effectiveRules(SIZES)).containsExactly(mine);
    }

    @Test
    void everyDefaultRuleValidatesAndIsHeldToTheStateRetention() {
        AlertsSection alerts = new AlertsSection();
        Problems p = new Problems();
        alerts.validate(p, SIZES);
        p.throwIfAny();

        alerts.stateRetention = Duration.ofMinutes(6);
        Problems tooShort = new Problems();
        alerts.validate(tooShort, SIZES);
        // lambda-errors evaluates missing data for 2 x 5 minutes.
        assertThatThrownBy(tooShort::throwIfAny)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "alerts.stateRetention: 6m must be longer than rule 'lambda-errors'")
                .hasMessageNotContaining("host-cpu-high");
    }

    @Test
    void hostCpuNeedsThreeBreachingMinutesInARow() throws Exception {
        List<String> states =
                run(
                        "host-cpu-high",
                        host(0, 95),
                        host(1, 95),
                        host(2, 70),
                        host(3, 95),
                        host(4, 95),
                        host(5, 95));
        assertThat(states).containsExactly("OK", "OK", "OK", "OK", "OK", "ALARM");
    }

    @Test
    void serviceErrorsArePerRequestAndNoErrorsIsZero() throws Exception {
        List<String> states =
                run(
                        "service-5xx-ratio-high",
                        service(0, 100, 0),
                        service(1, 100, 2),
                        service(2, 200, 3),
                        service(3, 1000, 1));
        // 0 (no error metric at all), then 2%, 1.5%, 0.1%: 2 of the last 3 above 1% alarm,
        // and still do at 0.1%.
        assertThat(states).containsExactly("OK", "OK", "ALARM", "ALARM");
        List<String> later =
                run(
                        "service-5xx-ratio-high",
                        service(0, 100, 2),
                        service(1, 100, 0),
                        service(2, 100, 0),
                        service(3, 100, 0));
        assertThat(later).containsExactly("OK", "OK", "OK", "OK");
    }

    @Test
    void aSilentAgentAlarmsAfterThreeMissingPeriods() throws Exception {
        try (var h = harness()) {
            h.open();
            AlertHarness.feed(h, host(0, 20));
            h.processWatermark(T0 + 30 * MINUTE);
            assertThat(states(h, "agent-silent")).containsExactly("OK", "OK", "OK", "ALARM");
        }
    }

    @Test
    void rdsStorageBelowTenGibAlarms() throws Exception {
        assertThat(run("rds-storage-low", rds(0, 20), rds(1, 9.5), rds(2, 12)))
                .containsExactly("OK", "ALARM", "OK");
    }

    private List<String> run(String rule, WindowResult... windows) throws Exception {
        try (var h = harness()) {
            h.open();
            for (WindowResult w : windows) {
                AlertHarness.feed(h, w);
            }
            return states(h, rule);
        }
    }

    private static List<String> states(AlertHarness.Harness h, String rule) {
        return h.extractOutputValues().stream()
                .filter(e -> e.rule.equals(rule))
                .map(e -> e.state)
                .collect(Collectors.toList());
    }

    private static WindowResult host(int minute, double cpu) {
        return AlertHarness.window(
                "host/web-1", "host", minute, AlertHarness.gauge("cpu.usage_percent", cpu));
    }

    private static WindowResult service(int minute, long requests, long errors) {
        MetricStats r = AlertHarness.gauge("http.server.requests", 1);
        r.count = requests;
        if (errors == 0) {
            return AlertHarness.window("service/checkout", "service", minute, r);
        }
        MetricStats e = AlertHarness.gauge("http.server.errors", 1);
        e.count = errors;
        return AlertHarness.window("service/checkout", "service", minute, e, r);
    }

    private static WindowResult rds(int minute, double freeGib) {
        MetricStats m = AlertHarness.gauge("aws.FreeStorageSpace.minimum", freeGib * (1L << 30));
        return AlertHarness.window(
                "arn:aws:rds:eu-west-1:123456789012:db:orders", "rds", minute, m);
    }

    private static AlertHarness.Harness harness() throws Exception {
        return AlertHarness.of(new AlertsSection().effectiveRules(SIZES), Duration.ofDays(1));
    }
}
