package io.metricpipe.core.model;

/**
 * How a sample is aggregated. Stored as a byte in {@link ResourceSamples} so the hot-path record
 * stays a flat POJO of primitive arrays.
 */
public enum MetricKind {
    /** A point-in-time value: count, sum, min, max, avg, last and quantiles. */
    GAUGE,
    /** A cumulative counter: per-second rate and increase over the window, resets handled. */
    COUNTER,
    /** One occurrence of something: only counted. */
    OCCURRENCE,
    /** A value whose distinct count per window is estimated with an HLL sketch. */
    DISTINCT;

    private static final MetricKind[] BY_CODE = values();

    public byte code() {
        return (byte) ordinal();
    }

    public static MetricKind ofCode(byte code) {
        return BY_CODE[code];
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
