package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The running state of one metric in one window. One subclass per {@link MetricKind}. */
abstract class MetricAccumulator {
    String unit;

    abstract MetricKind kind();

    abstract void add(double value, String label, long timestamp);

    /** Folds {@code other}, which is of the same kind, into this. */
    abstract void merge(MetricAccumulator other);

    /**
     * Folds in a finished window of the same kind: the same as {@code merge(of(stats))}, which
     * kinds on the roll-up's hot path do without building that accumulator.
     */
    void mergeStats(MetricStats stats) {
        merge(of(stats));
    }

    /** Re-creates the accumulator of a finished window, for roll-ups. */
    static MetricAccumulator of(MetricStats s) {
        switch (s.metricKind()) {
            case GAUGE:
                return GaugeAccumulator.of(s);
            case COUNTER:
                return CounterAccumulator.of(s);
            case DISTINCT:
                return DistinctAccumulator.of(s);
            default:
                OccurrenceAccumulator o = new OccurrenceAccumulator();
                o.unit = s.unit;
                o.count = s.count;
                return o;
        }
    }

    /** Statistics so far; counter rates are completed later, once the window is known. */
    abstract MetricStats toStats(String name);

    abstract void writeBody(DataOutput out) throws IOException;

    abstract void readBody(DataInput in) throws IOException;

    static MetricAccumulator create(MetricKind kind) {
        switch (kind) {
            case GAUGE:
                return new GaugeAccumulator();
            case COUNTER:
                return new CounterAccumulator();
            case OCCURRENCE:
                return new OccurrenceAccumulator();
            case DISTINCT:
                return new DistinctAccumulator();
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    final MetricStats newStats(String name) {
        return MetricStats.of(name, kind().code(), unit);
    }

    static void writeDoubles(DataOutput out, double[] values, int size) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
