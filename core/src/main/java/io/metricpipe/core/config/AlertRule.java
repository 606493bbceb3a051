package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * One alert rule, with CloudWatch alarm semantics: the {@link #statistic} of {@link #metric} per
 * {@link #period} is compared with {@link #threshold}; the alarm fires when {@link
 * #datapointsToAlarm} of the last {@link #evaluationPeriods} periods breach.
 */
public class AlertRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The window statistic a rule reads. */
    public enum Statistic {
        COUNT,
        SUM,
        MIN,
        MAX,
        AVG,
        LAST,
        P50,
        P90,
        P95,
        P99,
        RATE,
        INCREASE,
        DISTINCT
    }

    public enum Comparison {
        GreaterThanThreshold,
        GreaterThanOrEqualToThreshold,
        LessThanThreshold,
        LessThanOrEqualToThreshold
    }

    /** What a period without a datapoint counts as (CloudWatch's {@code TreatMissingData}). */
    public enum TreatMissingData {
        missing,
        breaching,
        notBreaching,
        ignore
    }

    public String name = "";

    /** The metric as stored, labels included, e.g. {@code cpu.usage_percent}. */
    public String metric = "";

    /** Only resources of this type ({@code host}, {@code webapp}, ...); empty for all. */
    public String resourceType = "";

    public Statistic statistic = Statistic.AVG;
    public Comparison comparison = Comparison.GreaterThanThreshold;
    public double threshold = Double.NaN;

    /** One of {@code windows.sizes}. */
    public Duration period = Duration.ofMinutes(1);

    public int evaluationPeriods = 1;
    public int datapointsToAlarm = 1;
    public TreatMissingData treatMissingData = TreatMissingData.missing;

    public AlertRule() {}

    /** How long after its last datapoint the rule still evaluates missing periods, at most. */
    public Duration evaluationSpan() {
        return period.multipliedBy(evaluationPeriods + 1L);
    }

    public boolean breaches(double value) {
        switch (comparison) {
            case GreaterThanThreshold:
                return value > threshold;
            case GreaterThanOrEqualToThreshold:
                return value >= threshold;
            case LessThanThreshold:
                return value < threshold;
            default:
                return value <= threshold;
        }
    }
}
