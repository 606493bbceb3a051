package io.metricpipe.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The statistics of one metric in one window. Which fields are meaningful depends on {@link #kind};
 * the others are {@code NaN} (or null):
 *
 * <ul>
 *   <li>{@link MetricKind#GAUGE}: count, sum, min, max, avg, last, lastTimestamp, p50..p99, and,
 *       for roll-ups, its values (when few) or the serialized DDSketch.
 *   <li>{@link MetricKind#COUNTER}: count, first/firstTimestamp, last/lastTimestamp, increase (raw,
 *       resets handled), and rate per second (Prometheus {@code rate()} semantics; NaN with fewer
 *       than two samples).
 *   <li>{@link MetricKind#OCCURRENCE}: count.
 *   <li>{@link MetricKind#DISTINCT}: count of values seen, distinct (HLL estimate) and the
 *       serialized HLL sketch.
 * </ul>
 */
public class MetricStats implements Serializable, Cloneable {
    private static final long serialVersionUID = 1L;

    public String name;
    public byte kind;
    public String unit;

    public long count;
    public double sum = Double.NaN;
    public double min = Double.NaN;
    public double max = Double.NaN;
    public double last = Double.NaN;
    public long lastTimestamp;
    public double first = Double.NaN;
    public long firstTimestamp;

    public double p50 = Double.NaN;
    public double p90 = Double.NaN;
    public double p95 = Double.NaN;
    public double p99 = Double.NaN;

    /** Counter increase between consecutive samples inside the window, resets handled. */
    public double increase = Double.NaN;

    public double rate = Double.NaN;
    public double distinct = Double.NaN;

    /** Serialized mergeable sketch: DDSketch for gauges, HLL for distinct counts. */
    public byte[] sketch;

    /** A gauge's values when there are few (then {@link #sketch} is null), for roll-ups. */
    public double[] values;

    public MetricStats() {}

    /** Empty statistics of a metric: every statistic still NaN (or 0). */
    public static MetricStats of(String name, byte kind, String unit) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = kind;
        s.unit = unit;
        return s;
    }

    /** A copy that shares no array with this one. */
    public MetricStats copy() {
        try {
            MetricStats s = (MetricStats) super.clone();
            s.sketch = sketch == null ? null : sketch.clone();
            s.values = values == null ? null : values.clone();
            return s;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    public MetricKind metricKind() {
        return MetricKind.ofCode(kind);
    }

    public double avg() {
        return count == 0 ? Double.NaN : sum / count;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricStats)) {
            return false;
        }
        MetricStats s = (MetricStats) o;
        return kind == s.kind
                && count == s.count
                && lastTimestamp == s.lastTimestamp
                && firstTimestamp == s.firstTimestamp
                && Objects.equals(name, s.name)
                && Objects.equals(unit, s.unit)
                && same(sum, s.sum)
                && same(min, s.min)
                && same(max, s.max)
                && same(last, s.last)
                && same(first, s.first)
                && same(p50, s.p50)
                && same(p90, s.p90)
                && same(p95, s.p95)
                && same(p99, s.p99)
                && same(increase, s.increase)
                && same(rate, s.rate)
                && same(distinct, s.distinct)
                && Arrays.equals(sketch, s.sketch)
                && Arrays.equals(values, s.values);
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, count);
    }

    @Override
    public String toString() {
        return name
                + "["
                + metricKind().label()
                + " n="
                + count
                + " sum="
                + sum
                + " min="
                + min
                + " max="
                + max
                + " last="
                + last
                + " p50="
                + p50
                + " p99="
                + p99
                + " rate="
                + rate
                + " distinct="
                + distinct
                + "]";
    }
}
