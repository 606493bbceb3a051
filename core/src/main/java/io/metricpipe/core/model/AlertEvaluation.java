package io.metricpipe.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The state of one alert rule for one resource after one period. Emitted for every evaluated period
 * (the state gauge); a transition is an evaluation whose state differs from the previous one. A
 * POJO: Flink serializes it without Kryo.
 */
public class AlertEvaluation implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String OK = "OK";
    public static final String ALARM = "ALARM";
    public static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";

    public String rule;
    public String resourceKey;
    public String resourceType;

    /** The evaluated period, epoch ms; the transition time is its end. */
    public long periodStart;

    public long periodEnd;

    public String state;
    public String previousState;

    /** The period's statistic; NaN when the period had no datapoint. */
    public double value = Double.NaN;

    public double threshold;

    /** Breaching datapoints among the evaluated periods. */
    public int breaching;

    public int evaluationPeriods;

    /** Why, in CloudWatch's style: "2 of the last 3 datapoints were > 80.0". */
    public String reason;

    /**
     * What enrichment says of the resource (its name, type, tags, ARN: README "Enrichment"), as the
     * latest window had it; in key order, empty when nothing is known.
     */
    public String[] attributeKeys = new String[0];

    public String[] attributeValues = new String[0];

    public String attribute(String name) {
        int i = Arrays.binarySearch(attributeKeys, name);
        return i < 0 ? null : attributeValues[i];
    }

    public AlertEvaluation() {}

    public boolean isTransition() {
        return !state.equals(previousState);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AlertEvaluation)) {
            return false;
        }
        AlertEvaluation a = (AlertEvaluation) o;
        return periodStart == a.periodStart
                && periodEnd == a.periodEnd
                && breaching == a.breaching
                && evaluationPeriods == a.evaluationPeriods
                && Double.compare(value, a.value) == 0
                && Double.compare(threshold, a.threshold) == 0
                && Objects.equals(rule, a.rule)
                && Objects.equals(resourceKey, a.resourceKey)
                && Objects.equals(resourceType, a.resourceType)
                && Objects.equals(state, a.state)
                && Objects.equals(previousState, a.previousState)
                && Objects.equals(reason, a.reason)
                && Arrays.equals(attributeKeys, a.attributeKeys)
                && Arrays.equals(attributeValues, a.attributeValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, resourceKey, periodStart, state);
    }

    @Override
    public String toString() {
        return rule
                + "/"
                + resourceKey
                + "@"
                + periodEnd
                + " "
                + previousState
                + "->"
                + state
                + " ("
                + reason
                + ")";
    }
}
