package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
}
