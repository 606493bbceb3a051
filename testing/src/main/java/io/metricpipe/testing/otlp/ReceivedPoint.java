package io.metricpipe.testing.otlp;

import java.util.Map;
import java.util.TreeMap;

/** One data point a loopback receiver accepted, flattened with its metric and resource. */
public final class ReceivedPoint {
    public enum Type {
        GAUGE,
        SUM,
        SUMMARY
    }

    public final Map<String, String> resource;
    public final String metric;
    public final String unit;
    public final Type type;

    /** For sums: true for DELTA temporality. */
    public final boolean delta;

    public final boolean monotonic;
    public final Map<String, String> attributes;
    public final long startNanos;
    public final long timeNanos;

    /** Gauge or sum value; a summary's sum. */
    public final double value;

    /** A summary's count. */
    public final long count;

    /** A summary's quantiles, by quantile. */
    public final Map<Double, Double> quantiles;

    ReceivedPoint(
            Map<String, String> resource,
            String metric,
            String unit,
            Type type,
            boolean delta,
            boolean monotonic,
            Map<String, String> attributes,
            long startNanos,
            long timeNanos,
            double value,
            long count,
            Map<Double, Double> quantiles) {
        this.resource = resource;
        this.metric = metric;
        this.unit = unit;
        this.type = type;
        this.delta = delta;
        this.monotonic = monotonic;
        this.attributes = attributes;
        this.startNanos = startNanos;
        this.timeNanos = timeNanos;
        this.value = value;
        this.count = count;
        this.quantiles = quantiles;
    }

    /** Identity of the point's series and window: resource, metric, attributes, start, end. */
    public String identity() {
        return new TreeMap<>(resource)
                + " "
                + metric
                + new TreeMap<>(attributes)
                + " "
                + startNanos
                + ".."
                + timeNanos;
    }

    @Override
    public String toString() {
        return identity()
                + " "
                + type
                + " = "
                + value
                + (type == Type.SUMMARY ? " n=" + count : "");
    }
}
