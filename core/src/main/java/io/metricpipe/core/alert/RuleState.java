package io.metricpipe.core.alert;

import java.util.Arrays;

/**
 * What one rule remembers of one resource: the state, and the datapoints of the recent periods (by
 * period start; NaN value = the period had no datapoint). A POJO kept in keyed state.
 */
public class RuleState {
    public String state;

    /** The state before the last evaluated period, for a re-evaluation of that period. */
    public String previousState;

    public long[] periodStarts = new long[0];
    public double[] values = new double[0];

    /** Start of the last period that had a datapoint. */
    public long lastData;

    /** Start of the last period evaluated. */
    public long lastEvaluated = Long.MIN_VALUE;

    public RuleState() {}

    /** Records (or corrects) a period's value; keeps only periods after {@code keepFrom}. */
    void put(long periodStart, double value, long keepFrom) {
        int n = 0;
        long[] starts = new long[periodStarts.length + 1];
        double[] vals = new double[periodStarts.length + 1];
        boolean placed = false;
        for (int i = 0; i < periodStarts.length; i++) {
            if (periodStarts[i] < keepFrom) {
                continue;
            }
            if (!placed && periodStarts[i] >= periodStart) {
                starts[n] = periodStart;
                vals[n++] = value;
                placed = true;
                if (periodStarts[i] == periodStart) {
                    continue;
                }
            }
            starts[n] = periodStarts[i];
            vals[n++] = values[i];
        }
        if (!placed && periodStart >= keepFrom) {
            starts[n] = periodStart;
            vals[n++] = value;
        }
        periodStarts = Arrays.copyOf(starts, n);
        values = Arrays.copyOf(vals, n);
    }

    /** The value of the period starting at {@code periodStart}: NaN if missing or unknown. */
    double valueAt(long periodStart) {
        int i = Arrays.binarySearch(periodStarts, periodStart);
        return i >= 0 ? values[i] : Double.NaN;
    }

    boolean has(long periodStart) {
        return Arrays.binarySearch(periodStarts, periodStart) >= 0;
    }
}
