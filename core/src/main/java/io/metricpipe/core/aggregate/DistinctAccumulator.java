package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.hll.HllSketch;

/**
 * Distinct values in an HLL sketch. The composite estimate is used because, unlike HLL's HIP
 * estimate, it does not depend on the order values arrive in.
 */
final class DistinctAccumulator extends MetricAccumulator {
    long count;
    HllSketch sketch = Sketches.newDistinctSketch();

    @Override
    MetricKind kind() {
        return MetricKind.DISTINCT;
    }

    @Override
    void add(double value, String label, long timestamp) {
        count++;
        sketch.update(label);
    }

    @Override
    void merge(MetricAccumulator other) {
        DistinctAccumulator o = (DistinctAccumulator) other;
        count += o.count;
        sketch = Sketches.union(sketch, o.sketch);
    }

    static DistinctAccumulator of(MetricStats s) {
        DistinctAccumulator d = new DistinctAccumulator();
        d.unit = s.unit;
        d.count = s.count;
        d.sketch = Sketches.distinctSketchOf(s.sketch);
        return d;
    }

    @Override
    MetricStats toStats(String name) {
        MetricStats s = newStats(name);
        s.count = count;
        s.distinct = Math.round(sketch.getCompositeEstimate());
        s.sketch = sketch.toCompactByteArray();
        return s;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeLong(count);
        writeBytes(out, sketch.toCompactByteArray());
    }

    @Override
    void readBody(DataInput in) throws IOException {
        count = in.readLong();
        sketch = Sketches.distinctSketchOf(readBytes(in));
    }
}
