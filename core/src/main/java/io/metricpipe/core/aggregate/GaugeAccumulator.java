package io.metricpipe.core.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * count, exact sum, min, max, last (by event time) and the quantiles of one gauge. Up to {@value
 * #RAW_LIMIT} values are kept as they are, and their quantiles are exact: a gauge sent every 10 s
 * has 6 values in a minute, for which a DDSketch (allocated, filled, encoded and decoded for the
 * roll-up per metric and window) was the main cost of the window operator. Beyond that, the values
 * go into a DDSketch. Both are independent of arrival order.
 */
final class GaugeAccumulator extends MetricAccumulator {
    static final int RAW_LIMIT = 64;

    private static final byte GAUGE = MetricKind.GAUGE.code();

    long count;
    final ExactSum sum = new ExactSum();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long lastTimestamp = Long.MIN_VALUE;
    double last;

    private static final double[] NO_VALUES = new double[0];

    /**
     * The values while there are at most {@link #RAW_LIMIT}, in ascending order (kept sorted as
     * they come, so a window's quantiles need no sort); null once they are in the sketch.
     */
    double[] values = NO_VALUES;

    int raw;
    DDSketch sketch;

    GaugeAccumulator() {}

    @Override
    MetricKind kind() {
        return MetricKind.GAUGE;
    }

    @Override
    void add(double value, String label, long timestamp) {
        count++;
        sum.add(value);
        min = Math.min(min, value);
        max = Math.max(max, value);
        takeLast(value, timestamp);
        if (sketch == null && raw < RAW_LIMIT) {
            if (raw == values.length) {
                values = Arrays.copyOf(values, Math.min(RAW_LIMIT, Math.max(8, raw * 2)));
            }
            insertSorted(values, raw++, value);
        } else {
            spill().accept(value);
        }
    }

    /** Whether a sample at {@code ts} of {@code v} replaces the last one as the gauge's last. */
    static boolean later(long ts, double v, long lastTs, double last) {
        return ts > lastTs || (ts == lastTs && v > last);
    }

    /**
     * Puts {@code v} into the ascending {@code a[0..n)}, which has room for it, in {@link
     * Double#compare} order (the order of {@link Arrays#sort(double[])}). The few values of a
     * gauge's window come one by one, and this costs less than sorting them at the end.
     */
    static void insertSorted(double[] a, int n, double v) {
        int i = n;
        while (i > 0 && Double.compare(a[i - 1], v) > 0) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = v;
    }

    /**
     * Merges {@code b} into the ascending {@code a[0..n)}, which has room for it, and returns the
     * new length. A window's values come sorted from {@link #toStats}; any that are not are put in
     * one by one.
     */
    static int mergeInto(double[] a, int n, double[] b) {
        for (int j = 1; j < b.length; j++) {
            if (Double.compare(b[j - 1], b[j]) > 0) {
                for (double v : b) {
                    insertSorted(a, n++, v);
                }
                return n;
            }
        }
        int i = n - 1;
        int w = n + b.length - 1;
        for (int j = b.length - 1; j >= 0; w--) {
            a[w] = i >= 0 && Double.compare(a[i], b[j]) > 0 ? a[i--] : b[j--];
        }
        return n + b.length;
    }

    /** The sketch, holding every value so far. */
    private DDSketch spill() {
        if (sketch == null) {
            sketch = Sketches.newQuantileSketch();
            for (int i = 0; i < raw; i++) {
                sketch.accept(values[i]);
            }
            values = null;
            raw = 0;
        }
        return sketch;
    }

    /** The latest sample wins; equal timestamps keep the larger value, so order never matters. */
    private void takeLast(double value, long timestamp) {
        if (later(timestamp, value, lastTimestamp, last)) {
            lastTimestamp = timestamp;
            last = value;
        }
    }

    @Override
    void merge(MetricAccumulator other) {
        GaugeAccumulator o = (GaugeAccumulator) other;
        if (o.count == 0) {
            return;
        }
        absorb(o.count, o.min, o.max, o.last, o.lastTimestamp);
        sum.addAll(o.sum);
        if (o.sketch != null) {
            spill().mergeWith(o.sketch);
        } else {
            mergeValues(o.values, o.raw);
        }
    }

    @Override
    void mergeStats(MetricStats s) {
        if (s.count == 0) {
            return;
        }
        absorb(s.count, s.min, s.max, s.last, s.lastTimestamp);
        sum.add(s.sum);
        if (s.values == null) {
            spill().mergeWith(Sketches.quantileSketchOf(s.sketch));
        } else {
            // Read only: sorted as it comes from toStats, else a sorted copy.
            double[] other = ascending(s.values, true);
            mergeValues(other, other.length);
        }
    }

    private void absorb(long n, double otherMin, double otherMax, double otherLast, long lastTs) {
        count += n;
        min = Math.min(min, otherMin);
        max = Math.max(max, otherMax);
        takeLast(otherLast, lastTs);
    }

    /** Folds in {@code n} sorted values: kept raw while they fit, else into the sketch. */
    private void mergeValues(double[] other, int n) {
        if (sketch == null && raw + n <= RAW_LIMIT) {
            values = mergeSorted(values, raw, other, n);
            raw += n;
        } else {
            DDSketch target = spill();
            for (int i = 0; i < n; i++) {
                target.accept(other[i]);
            }
        }
    }

    private static double[] mergeSorted(double[] a, int na, double[] b, int nb) {
        double[] merged = new double[na + nb];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na && j < nb) {
            merged[k++] = Double.compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
        }
        System.arraycopy(a, i, merged, k, na - i);
        System.arraycopy(b, j, merged, k + na - i, nb - j);
        return merged;
    }

    /** {@code values}, sorted if it was not already (in a copy when {@code copy}). */
    private static double[] ascending(double[] values, boolean copy) {
        for (int i = 1; i < values.length; i++) {
            if (Double.compare(values[i - 1], values[i]) > 0) {
                double[] sorted = copy ? values.clone() : values;
                Arrays.sort(sorted);
                return sorted;
            }
        }
        return values;
    }

    static GaugeAccumulator of(MetricStats s) {
        GaugeAccumulator g = new GaugeAccumulator();
        if (s.values != null) {
            g.values = ascending(s.values.clone(), false);
            g.raw = s.values.length;
        } else {
            g.values = null;
            g.sketch = Sketches.quantileSketchOf(s.sketch);
        }
        g.unit = s.unit;
        g.count = s.count;
        g.sum.add(s.sum);
        g.min = s.min;
        g.max = s.max;
        g.last = s.last;
        g.lastTimestamp = s.lastTimestamp;
        return g;
    }

    /**
     * The statistics of finished gauge windows merged, when each kept its values and together they
     * are few enough to stay raw; else null. The same as folding them into an accumulator with
     * {@link #of} and {@link #mergeStats}, without building it: this is the roll-up's common case.
     */
    static MetricStats mergeRaw(MetricStats[] parts) {
        int n = 0;
        for (MetricStats p : parts) {
            if (p.kind != GAUGE || p.values == null || p.count == 0) {
                return null;
            }
            n += p.values.length;
        }
        if (n > RAW_LIMIT) {
            return null;
        }
        MetricStats first = parts[0];
        MetricStats s = MetricStats.of(first.name, GAUGE, first.unit);
        s.count = first.count;
        s.min = first.min;
        s.max = first.max;
        s.last = first.last;
        s.lastTimestamp = first.lastTimestamp;
        s.values = new double[n];
        int k = mergeInto(s.values, 0, first.values);
        double[] sums = new double[parts.length];
        sums[0] = first.sum;
        for (int i = 1; i < parts.length; i++) {
            MetricStats p = parts[i];
            s.count += p.count;
            sums[i] = p.sum;
            s.min = Math.min(s.min, p.min);
            s.max = Math.max(s.max, p.max);
            if (later(p.lastTimestamp, p.last, s.lastTimestamp, s.last)) {
                s.lastTimestamp = p.lastTimestamp;
                s.last = p.last;
            }
            k = mergeInto(s.values, k, p.values);
        }
        s.sum = ExactSum.of(sums, sums.length);
        setExactQuantiles(s);
        return s;
    }

    @Override
    MetricStats toStats(String name) {
        MetricStats s = newStats(name);
        s.count = count;
        s.sum = sum.value();
        s.min = min;
        s.max = max;
        s.last = last;
        s.lastTimestamp = lastTimestamp;
        if (sketch == null) {
            // Sorted, so the result does not depend on arrival order either.
            s.values = Arrays.copyOf(values, raw);
            setExactQuantiles(s);
        } else {
            double[] q = sketch.getValuesAtQuantiles(Sketches.QUANTILES);
            s.sketch = Sketches.toBytes(sketch);
            setQuantiles(s, q[0], q[1], q[2], q[3]);
        }
        return s;
    }

    /**
     * The quantiles of a gauge's sorted {@code values}: the value of rank q * (n - 1), rounded
     * down, the rank DDSketch answers for.
     */
    static void setExactQuantiles(MetricStats s) {
        double[] v = s.values;
        int last = v.length - 1;
        double[] q = Sketches.QUANTILES;
        setQuantiles(
                s,
                v[(int) (q[0] * last)],
                v[(int) (q[1] * last)],
                v[(int) (q[2] * last)],
                v[(int) (q[3] * last)]);
    }

    /** A sketch bin's representative may fall just outside the observed range; clamped to it. */
    private static void setQuantiles(
            MetricStats s, double p50, double p90, double p95, double p99) {
        s.p50 = clamp(p50, s);
        s.p90 = clamp(p90, s);
        s.p95 = clamp(p95, s);
        s.p99 = clamp(p99, s);
    }

    private static double clamp(double q, MetricStats s) {
        return Math.max(s.min, Math.min(s.max, q));
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(sum.overflow());
        double[] parts = new double[sum.partialCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = sum.partial(i);
        }
        writeDoubles(out, parts, parts.length);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeLong(lastTimestamp);
        out.writeDouble(last);
        out.writeBoolean(sketch == null);
        if (sketch == null) {
            writeDoubles(out, values, raw);
        } else {
            writeBytes(out, Sketches.toBytes(sketch));
        }
    }

    @Override
    void readBody(DataInput in) throws IOException {
        count = in.readLong();
        double overflow = in.readDouble();
        sum.restore(overflow, readDoubles(in));
        min = in.readDouble();
        max = in.readDouble();
        lastTimestamp = in.readLong();
        last = in.readDouble();
        if (in.readBoolean()) {
            values = ascending(readDoubles(in), false); // older checkpoints kept arrival order
            raw = values.length;
            sketch = null;
        } else {
            values = null;
            raw = 0;
            sketch = Sketches.quantileSketchOf(readBytes(in));
        }
    }
}
