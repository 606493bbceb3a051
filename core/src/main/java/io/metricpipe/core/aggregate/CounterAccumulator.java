package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A cumulative counter, kept as time segments: a raw sample is a segment of one point, a finished
 * window (for roll-ups) is a segment with its first and last point and its inner increase. Segments
 * are ordered by event time only when the statistics are taken, so arrival order never matters.
 * Between consecutive segments, a drop in value is a reset (a reboot): the increase across it is
 * the new value, as in Prometheus.
 */
final class CounterAccumulator extends MetricAccumulator {
    private static final byte COUNTER = MetricKind.COUNTER.code();

    private long[] firstTs = new long[8];
    private double[] firstValue = new double[8];
    private long[] lastTs = new long[8];
    private double[] lastValue = new double[8];
    private double[] increase = new double[8];
    private long[] samples = new long[8];
    private int size;

    @Override
    MetricKind kind() {
        return MetricKind.COUNTER;
    }

    @Override
    void add(double value, String label, long timestamp) {
        addSegment(timestamp, value, timestamp, value, 0.0, 1);
    }

    void addSegment(long t0, double v0, long t1, double v1, double inc, long n) {
        if (size == firstTs.length) {
            int cap = size * 2;
            firstTs = Arrays.copyOf(firstTs, cap);
            firstValue = Arrays.copyOf(firstValue, cap);
            lastTs = Arrays.copyOf(lastTs, cap);
            lastValue = Arrays.copyOf(lastValue, cap);
            increase = Arrays.copyOf(increase, cap);
            samples = Arrays.copyOf(samples, cap);
        }
        firstTs[size] = t0;
        firstValue[size] = v0;
        lastTs[size] = t1;
        lastValue[size] = v1;
        increase[size] = inc;
        samples[size] = n;
        size++;
    }

    @Override
    void merge(MetricAccumulator other) {
        CounterAccumulator o = (CounterAccumulator) other;
        for (int i = 0; i < o.size; i++) {
            addSegment(
                    o.firstTs[i],
                    o.firstValue[i],
                    o.lastTs[i],
                    o.lastValue[i],
                    o.increase[i],
                    o.samples[i]);
        }
    }

    @Override
    void mergeStats(MetricStats s) {
        addSegment(s.firstTimestamp, s.first, s.lastTimestamp, s.last, s.increase, s.count);
    }

    static CounterAccumulator of(MetricStats s) {
        CounterAccumulator c = new CounterAccumulator();
        c.unit = s.unit;
        c.addSegment(s.firstTimestamp, s.first, s.lastTimestamp, s.last, s.increase, s.count);
        return c;
    }

    /**
     * The statistics of finished counter windows merged, when they come in time order (a roll-up's
     * parts do); else null. The same as {@link #of}, {@link #mergeStats} and {@link #toStats},
     * without building the accumulator.
     */
    static MetricStats mergeInOrder(MetricStats[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].kind != COUNTER || (i > 0 && before(parts[i], parts[i - 1]))) {
                return null;
            }
        }
        double[] terms = new double[2 * parts.length - 1];
        int t = 0;
        long n = 0;
        for (int i = 0; i < parts.length; i++) {
            MetricStats p = parts[i];
            if (i > 0) {
                terms[t++] = step(parts[i - 1].last, p.first);
            }
            terms[t++] = p.increase;
            n += p.count;
        }
        MetricStats first = parts[0];
        MetricStats last = parts[parts.length - 1];
        MetricStats s = MetricStats.of(first.name, COUNTER, first.unit);
        s.count = n;
        s.first = first.first;
        s.firstTimestamp = first.firstTimestamp;
        s.last = last.last;
        s.lastTimestamp = last.lastTimestamp;
        s.increase = ExactSum.of(terms, terms.length);
        return s;
    }

    /** {@link #before(int, int)} for finished windows. */
    private static boolean before(MetricStats a, MetricStats b) {
        int c = Long.compare(a.firstTimestamp, b.firstTimestamp);
        if (c == 0) {
            c = Double.compare(a.first, b.first);
        }
        return (c != 0 ? c : Long.compare(a.lastTimestamp, b.lastTimestamp)) < 0;
    }

    /** First, last, sample count and increase; the rate needs the window: {@link CounterRate}. */
    @Override
    MetricStats toStats(String name) {
        int[] order = timeOrder();
        double[] terms = new double[Math.max(0, 2 * size - 1)];
        int t = 0;
        long n = 0;
        double previous = Double.NaN;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (k > 0) {
                terms[t++] = step(previous, firstValue[i]);
            }
            terms[t++] = increase[i];
            n += samples[i];
            previous = lastValue[i];
        }
        MetricStats s = newStats(name);
        s.count = n;
        if (size > 0) {
            int first = order[0];
            int last = order[size - 1];
            s.first = firstValue[first];
            s.firstTimestamp = firstTs[first];
            s.last = lastValue[last];
            s.lastTimestamp = lastTs[last];
            s.increase = ExactSum.of(terms, terms.length);
        }
        return s;
    }

    /**
     * The increase from one sample (or segment) to the next: a drop is a reset (a reboot), after
     * which the new value is all increase, as in Prometheus.
     */
    static double step(double previous, double next) {
        return next >= previous ? next - previous : next;
    }

    /** 0, 1, 2, ...: the order of segments that came in time order, as raw samples mostly do. */
    private static final int[] IDENTITY = new int[256];

    static {
        for (int i = 0; i < IDENTITY.length; i++) {
            IDENTITY[i] = i;
        }
    }

    private boolean inTimeOrder() {
        for (int i = 1; i < size; i++) {
            if (before(i, i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Segment indices by first timestamp, then first value, then last timestamp. */
    private int[] timeOrder() {
        if (inTimeOrder() && size <= IDENTITY.length) {
            return IDENTITY;
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            int k = i;
            while (k > 0 && before(i, order[k - 1])) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = i;
        }
        return order;
    }

    private boolean before(int a, int b) {
        int c = Long.compare(firstTs[a], firstTs[b]);
        if (c == 0) {
            c = Double.compare(firstValue[a], firstValue[b]);
        }
        return (c != 0 ? c : Long.compare(lastTs[a], lastTs[b])) < 0;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(firstTs[i]);
            out.writeDouble(firstValue[i]);
            out.writeLong(lastTs[i]);
            out.writeDouble(lastValue[i]);
            out.writeDouble(increase[i]);
            out.writeLong(samples[i]);
        }
    }

    @Override
    void readBody(DataInput in) throws IOException {
        int n = in.readInt();
        size = 0;
        for (int i = 0; i < n; i++) {
            addSegment(
                    in.readLong(),
                    in.readDouble(),
                    in.readLong(),
                    in.readDouble(),
                    in.readDouble(),
                    in.readLong());
        }
    }
}
