package io.metricpipe.core.config;

import io.metricpipe.core.model.WindowResult;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    /**
     * A metric to divide by, read with the same statistic: the rule then compares {@code metric /
     * denominator}, e.g. errors per request. Empty for none.
     */
    public String denominator = "";

    /** Only resources of this type ({@code host}, {@code webapp}, ...); empty for all. */
    public String resourceType = "";

    /**
     * Only resources with all these attributes, each {@code name=value}: a tag as enrichment writes
     * it ({@code aws.tag.env=prod}), or any attribute of the window ({@code
     * deployment.environment.name=prod}); empty for all.
     */
    public List<String> attributes = new ArrayList<>();

    /** Only resources whose key matches this regular expression, whole; empty for all. */
    public String resourceKeyPattern = "";

    /** {@link #attributes} and {@link #resourceKeyPattern} parsed, once per copy of the rule. */
    private transient String[][] attributeMatch;

    private transient Pattern keyPattern;

    public Statistic statistic = Statistic.AVG;
    public Comparison comparison = Comparison.GreaterThanThreshold;
    public double threshold = Double.NaN;

    /** One of {@code windows.sizes}. */
    public Duration period = Duration.ofMinutes(1);

    public int evaluationPeriods = 1;
    public int datapointsToAlarm = 1;
    public TreatMissingData treatMissingData = TreatMissingData.missing;

    public AlertRule() {}

    /** Whether the rule evaluates this resource's windows: type, attributes, key pattern. */
    public boolean selects(WindowResult r) {
        if (!resourceType.isEmpty() && !resourceType.equals(r.resourceType)) {
            return false;
        }
        if (attributeMatch == null) {
            attributeMatch = new String[attributes.size()][];
            for (int i = 0; i < attributeMatch.length; i++) {
                attributeMatch[i] = attributes.get(i).split("=", 2);
            }
            keyPattern = resourceKeyPattern.isEmpty() ? null : Pattern.compile(resourceKeyPattern);
        }
        for (String[] nameValue : attributeMatch) {
            if (!nameValue[1].equals(r.attribute(nameValue[0]))) {
                return false;
            }
        }
        return keyPattern == null || keyPattern.matcher(r.resourceKey).matches();
    }

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
