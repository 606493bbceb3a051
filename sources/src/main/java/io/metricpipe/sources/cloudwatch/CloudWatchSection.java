package io.metricpipe.sources.cloudwatch;

import io.metricpipe.core.config.Durations;
import io.metricpipe.core.config.Problems;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.DefaultCollectors;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code cloudwatch}: polling CloudWatch metrics of the {@code aws} accounts and regions. */
public class CloudWatchSection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The collectors the source knows (README "CloudWatch collectors"). */
    public static final List<String> COLLECTORS =
            List.of("ec2", "rds", "s3", "lambda", "ebs", "alb", "nlb", "elb");

    public boolean enabled = false;

    public List<String> collectors = new ArrayList<>(COLLECTORS);

    /**
     * Per-collector changes of namespace, dimensions, metrics, statistics and period; new
     * collectors too. On MSF: one JSON value.
     */
    public List<CollectorOverride> overrides = new ArrayList<>();

    /** How long after a period's end its values are taken as final. */
    public Duration settleDelay = Duration.ofMinutes(3);

    /** ISO-8601 instant to backfill from on first start; empty for none. */
    public String backfillFrom = "";

    public int maxPeriodsPerFetch = 60;

    /** GetMetricData calls per second per account and region, shared by all readers. */
    public double maxCallsPerSecond = 20;

    private static final Pattern STATISTIC =
            Pattern.compile(
                    "SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tm|wm|tc|ts)\\d{1,2}(\\.\\d+)?|p100");

    public void validate(Problems p) {
        if (enabled && collectors.isEmpty()) {
            p.add("cloudwatch.collectors", "at least one collector is required when enabled");
        }
        for (int i = 0; i < collectors.size(); i++) {
            if (!COLLECTORS.contains(collectors.get(i))) {
                p.add(
                        "cloudwatch.collectors[" + i + "]",
                        "unknown collector '"
                                + collectors.get(i)
                                + "' (known: "
                                + COLLECTORS
                                + ")");
            }
        }
        for (int i = 0; i < overrides.size(); i++) {
            validate(p, "cloudwatch.overrides[" + i + "]", overrides.get(i), maxPeriodsPerFetch);
        }
        p.notNegative("cloudwatch.settleDelay", settleDelay);
        p.instant("cloudwatch.backfillFrom", backfillFrom);
        p.positive("cloudwatch.maxPeriodsPerFetch", maxPeriodsPerFetch);
        p.positive("cloudwatch.maxCallsPerSecond", maxCallsPerSecond);
    }

    private static void validate(
            Problems p, String key, CollectorOverride o, int maxPeriodsPerFetch) {
        if (o == null || o.collector == null || o.collector.isEmpty()) {
            p.add(key + ".collector", "required");
            return;
        }
        boolean custom = !COLLECTORS.contains(o.collector);
        if (custom
                && (o.namespace.isEmpty()
                        || o.dimensions.isEmpty()
                        || o.metrics.isEmpty()
                        || o.period == null)) {
            p.add(
                    key,
                    "'"
                            + o.collector
                            + "' is not a default collector, so namespace, dimensions, metrics and"
                            + " period are all required");
        }
        if (o.period != null && (o.period.getSeconds() < 60 || o.period.getSeconds() % 60 != 0)) {
            p.add(key + ".period", "must be a whole number of minutes, got " + o.period);
        }
        CollectorSpec base = DefaultCollectors.all().get(o.collector);
        Duration period = o.period != null ? o.period : base == null ? null : base.period;
        if (o.pollInterval != null && period != null && period.getSeconds() > 0) {
            long k = o.pollInterval.getSeconds() / period.getSeconds();
            if (o.pollInterval.getSeconds() % period.getSeconds() != 0 || k < 1) {
                p.add(
                        key + ".pollInterval",
                        "must be a whole multiple of the period ("
                                + Durations.label(period)
                                + "), got "
                                + Durations.label(o.pollInterval));
            } else if (k > maxPeriodsPerFetch) {
                p.add(
                        key + ".pollInterval",
                        "at most cloudwatch.maxPeriodsPerFetch ("
                                + maxPeriodsPerFetch
                                + ") periods, got "
                                + k);
            }
        }
        for (int m = 0; m < o.metrics.size(); m++) {
            CollectorOverride.Metric metric = o.metrics.get(m);
            String mkey = key + ".metrics[" + m + "]";
            if (metric.name.isEmpty()) {
                p.add(mkey + ".name", "required");
            }
            if (metric.statistics.isEmpty()) {
                p.add(mkey + ".statistics", "at least one statistic is required");
            }
            for (String stat : metric.statistics) {
                if (!STATISTIC.matcher(stat).matches()) {
                    p.add(
                            mkey + ".statistics",
                            "'"
                                    + stat
                                    + "' is not a CloudWatch statistic (SampleCount, Average, Sum,"
                                    + " Minimum, Maximum, pNN, tmNN, wmNN, tcNN, tsNN, IQM)");
                }
            }
        }
    }
}
