package io.metricpipe.core.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** count, exact sum, min, max, last (by event time) and a DDSketch of one gauge. */
final class GaugeAccumulator extends MetricAccumulator {
    long count;
    final ExactSum sum = new ExactSum();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long lastTimestamp = Long.MIN_VALUE;
    double last;
    DDSketch sketch;

    GaugeAccumulator() {
        this(Sketches.newQuantileSketch());
    }

    private GaugeAccumulator(DDSketch sketch) {
        this.sketch = sketch;
    }

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
        sketch.accept(value);
    }

    /** The latest sample wins; equal timestamps keep the larger value, so order never matters. */
    private void takeLast(double value, long timestamp) {
        if (timestamp > lastTimestamp || (timestamp == lastTimestamp && value > last)) {
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
        count += o.count;
        sum.addAll(o.sum);
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        takeLast(o.last, o.lastTimestamp);
        sketch.mergeWith(o.sketch);
    }

    /** Re-creates the accumulator of a finished window, for roll-ups. */
    static GaugeAccumulator of(MetricStats s) {
        GaugeAccumulator g = new GaugeAccumulator(Sketches.quantileSketchOf(s.sketch));
        g.unit = s.unit;
        g.count = s.count;
        g.sum.add(s.sum);
        g.min = s.min;
        g.max = s.max;
        g.last = s.last;
        g.lastTimestamp = s.lastTimestamp;
        return g;
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
        double[] q = sketch.getValuesAtQuantiles(Sketches.QUANTILES);
        // A sketch bin's representative may fall just outside the observed range; clamp it.
        s.p50 = clamp(q[0]);
        s.p90 = clamp(q[1]);
        s.p95 = clamp(q[2]);
        s.p99 = clamp(q[3]);
        s.sketch = Sketches.toBytes(sketch);
        return s;
    }

    private double clamp(double q) {
        return Math.max(min, Math.min(max, q));
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
        writeBytes(out, Sketches.toBytes(sketch));
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
        sketch = Sketches.quantileSketchOf(readBytes(in));
    }
}
