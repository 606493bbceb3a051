package io.metricpipe.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The rules an operator of hosts, web apps, services and AWS resources watches first, on unless
 * {@code alerts.defaultRules} is false. Each says why in its comment; the README lists them. A user
 * rule with the same name replaces one.
 */
public final class DefaultRules {
    private static final long GIB = 1L << 30;

    private DefaultRules() {}

    public static List<AlertRule> all() {
        return List.of(
                // Sustained saturation, not a spike: the host is short of CPU for its work.
                rule("host-cpu-high", "host", "cpu.usage_percent", AlertRule.Statistic.AVG)
                        .above(80)
                        .of(3, 3),
                // Past 90%, the page cache is gone and the OOM killer is near.
                rule("host-memory-high", "host", "memory.usage_percent", AlertRule.Statistic.AVG)
                        .above(90)
                        .of(2, 3),
                // Time to grow or clean the volume before writes fail.
                rule("host-disk-high", "host", "disk.usage_percent", AlertRule.Statistic.MAX)
                        .above(85)
                        .of(1, 1),
                // Users see it down: two failed checks in a row, so one blip does not page.
                rule("webapp-down", "webapp", "health.up", AlertRule.Statistic.MIN)
                        .below(1)
                        .of(2, 2),
                // One request in twenty failing is an incident for most apps.
                rule(
                                "webapp-error-rate-high",
                                "webapp",
                                "performance.error_rate_percent",
                                AlertRule.Statistic.AVG)
                        .above(5)
                        .of(2, 3),
                // Slow for the slowest users: p95 above a second.
                rule(
                                "webapp-response-slow",
                                "webapp",
                                "health.response_time_ms",
                                AlertRule.Statistic.P95)
                        .above(1000)
                        .of(3, 3),
                // Server errors per request; no errors at all is a ratio of 0, not missing data.
                rule(
                                "service-5xx-ratio-high",
                                "service",
                                "http.server.errors",
                                AlertRule.Statistic.COUNT)
                        .per("http.server.requests")
                        .above(0.01)
                        .of(2, 3),
                // Errors are failed invocations; more than ten in five minutes is more than noise.
                rule("lambda-errors", "lambda", "aws.Errors.sum", AlertRule.Statistic.SUM)
                        .above(10)
                        .every(Duration.ofMinutes(5))
                        .of(1, 1),
                // Any throttle drops or delays invocations: concurrency is exhausted.
                rule("lambda-throttles", "lambda", "aws.Throttles.sum", AlertRule.Statistic.SUM)
                        .above(0)
                        .of(1, 1),
                // A busy database slows every app on it.
                rule("rds-cpu-high", "rds", "aws.CPUUtilization.average", AlertRule.Statistic.AVG)
                        .above(80)
                        .of(3, 3),
                // A full instance stops taking writes; 10 GiB leaves time to grow it.
                rule(
                                "rds-storage-low",
                                "rds",
                                "aws.FreeStorageSpace.minimum",
                                AlertRule.Statistic.MIN)
                        .below(10 * GIB)
                        .of(1, 1),
                // The targets behind the balancer fail more than one request in a hundred.
                rule(
                                "alb-target-5xx-ratio-high",
                                "alb",
                                "aws.HTTPCode_Target_5XX_Count.sum",
                                AlertRule.Statistic.SUM)
                        .per("aws.RequestCount.sum")
                        .above(0.01)
                        .of(2, 3),
                // An agent that stops sending is a host down, or blind: its heartbeat (any CPU
                // sample) missing for 3 periods alarms, as missing data counts as breaching.
                rule("agent-silent", "host", "cpu.usage_percent", AlertRule.Statistic.COUNT)
                        .below(1)
                        .missingBreaches()
                        .of(3, 3));
    }

    private static Builder rule(
            String name, String type, String metric, AlertRule.Statistic statistic) {
        return new Builder(name, type, metric, statistic);
    }

    /** Reads as the rule does: above 80, 3 of 3. */
    private static final class Builder {
        private final AlertRule r = new AlertRule();

        Builder(String name, String type, String metric, AlertRule.Statistic statistic) {
            r.name = name;
            r.resourceType = type;
            r.metric = metric;
            r.statistic = statistic;
        }

        Builder above(double threshold) {
            r.comparison = AlertRule.Comparison.GreaterThanThreshold;
            r.threshold = threshold;
            return this;
        }

        Builder below(double threshold) {
            r.comparison = AlertRule.Comparison.LessThanThreshold;
            r.threshold = threshold;
            return this;
        }

        Builder per(String denominator) {
            r.denominator = denominator;
            return this;
        }

        Builder every(Duration period) {
            r.period = period;
            return this;
        }

        Builder missingBreaches() {
            r.treatMissingData = AlertRule.TreatMissingData.breaching;
            return this;
        }

        AlertRule of(int datapointsToAlarm, int evaluationPeriods) {
            r.datapointsToAlarm = datapointsToAlarm;
            r.evaluationPeriods = evaluationPeriods;
            return r;
        }
    }
}
