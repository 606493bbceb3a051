package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A window's events as they came, while they are few and of one shape: the same names array (the
 * decoders and the shuffle's serializer share one per event shape), the same kinds, gauges and
 * counters only, no units or labels, the same attribute keys. Their statistics are computed per
 * metric at the end, one pass over each column, with the same results as the per-metric
 * accumulators. An agent that reports every 10 s sends 6 events a minute; folding them into ~40
 * accumulators (each with arrays of its own) as they came cost an accumulator of ~5 objects per
 * metric and window, all alive until the window fires, where keeping the events costs a reference
 * to the values array each already has.
 */
final class EventRows {
    /** At most as many events as a gauge keeps raw values, so every gauge's quantiles are exact. */
    static final int LIMIT = GaugeAccumulator.RAW_LIMIT;

    private static final byte GAUGE = MetricKind.GAUGE.code();
    private static final byte COUNTER = MetricKind.COUNTER.code();

    private String[] names;
    private byte[] kinds;

    /** The metrics' positions in name order; null if the names repeat one. */
    private int[] order;

    /** The attribute keys all events share, and their positions in key order. */
    private String[] attributeKeys;

    private int[] attributeOrder;

    private long[] timestamps = new long[8];
    private double[][] values = new double[8][];
    private String[][] attributeValues = new String[8][];
    private int size;

    /** Takes the event if it is of this window's shape and there is room; else leaves it. */
    boolean offer(ResourceSamples s) {
        if (size == 0) {
            if (!acceptsShape(s)) {
                return false;
            }
            names = s.names;
            kinds = s.kinds;
            attributeKeys = s.attributeKeys;
        } else if (size == LIMIT
                || s.names != names
                || s.attributeKeys != attributeKeys
                || s.labels != null
                || s.units != null
                || !Arrays.equals(s.kinds, kinds)) {
            return false;
        }
        for (String v : s.attributeValues) {
            if (v == null) {
                return false;
            }
        }
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
            attributeValues = Arrays.copyOf(attributeValues, size * 2);
        }
        timestamps[size] = s.timestamp;
        values[size] = s.values;
        attributeValues[size] = s.attributeValues;
        size++;
        return true;
    }

    private boolean acceptsShape(ResourceSamples s) {
        if (s.labels != null || s.units != null || s.names.length == 0) {
            return false;
        }
        for (byte k : s.kinds) {
            if (k != GAUGE && k != COUNTER) {
                return false;
            }
        }
        order = nameOrder(s.names);
        attributeOrder = nameOrder(s.attributeKeys);
        return order != null && attributeOrder != null;
    }

    /** Per names array (compared by identity), its positions in name order; weak keys. */
    private static final Map<String[], int[]> NAME_ORDER =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The positions of {@code names} in name order, or null if a name repeats; computed once per
     * array (by identity).
     */
    static int[] nameOrder(String[] names) {
        int[] order = NAME_ORDER.computeIfAbsent(names, EventRows::sortedPositions);
        return order.length == names.length ? order : null;
    }

    /** The positions in name order; empty if a name repeats. */
    private static int[] sortedPositions(String[] names) {
        Integer[] positions = new Integer[names.length];
        for (int i = 0; i < names.length; i++) {
            positions[i] = i;
        }
        Arrays.sort(positions, (a, b) -> names[a].compareTo(names[b]));
        int[] order = new int[names.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = positions[i];
            if (i > 0 && names[order[i]].equals(names[order[i - 1]])) {
                return new int[0];
            }
        }
        return order;
    }

    int size() {
        return size;
    }

    /** Replays the events, in the order they came, into {@code acc}'s accumulators. */
    void replayInto(WindowAccumulator acc) {
        for (int r = 0; r < size; r++) {
            acc.addMetrics(names, kinds, values[r], null, null, timestamps[r]);
            acc.offerAttributes(attributeKeys, attributeValues[r], timestamps[r]);
        }
    }

    /**
     * Sets the attributes of {@code r}, sorted by key: each key's latest value, at equal times the
     * larger string, as {@link WindowAccumulator} offers them.
     */
    void setAttributes(WindowResult r) {
        r.attributeKeys = new String[attributeOrder.length];
        r.attributeValues = new String[attributeOrder.length];
        for (int j = 0; j < attributeOrder.length; j++) {
            int position = attributeOrder[j];
            String latest = null;
            long latestTs = Long.MIN_VALUE;
            for (int row = 0; row < size; row++) {
                String v = attributeValues[row][position];
                long ts = timestamps[row];
                if (latest == null
                        || WindowAccumulator.Attribute.replaces(ts, v, latestTs, latest)) {
                    latest = v;
                    latestTs = ts;
                }
            }
            r.attributeKeys[j] = attributeKeys[position];
            r.attributeValues[j] = latest;
        }
    }

    /** Every metric's statistics, sorted by name, as {@link MetricAccumulator#toStats} gives. */
    MetricStats[] toStats() {
        MetricStats[] stats = new MetricStats[order.length];
        int[] rowsInTime = rowsInTimeOrder();
        for (int i = 0; i < order.length; i++) {
            int column = order[i];
            stats[i] = kinds[column] == GAUGE ? gauge(column) : counter(column, rowsInTime);
        }
        return stats;
    }

    private MetricStats gauge(int column) {
        MetricStats s = newStats(column);
        double[] sorted = new double[size];
        long lastTs = Long.MIN_VALUE;
        double last = 0;
        for (int r = 0; r < size; r++) {
            double v = values[r][column];
            GaugeAccumulator.insertSorted(sorted, r, v);
            if (GaugeAccumulator.later(timestamps[r], v, lastTs, last)) {
                lastTs = timestamps[r];
                last = v;
            }
        }
        s.count = size;
        s.sum = ExactSum.of(sorted, size);
        // Samples are finite (decoders drop the rest), so in Double.compare order the ends are
        // what Math.min and Math.max give, -0.0 below 0.0 included.
        s.min = sorted[0];
        s.max = sorted[size - 1];
        s.last = last;
        s.lastTimestamp = lastTs;
        s.values = sorted;
        GaugeAccumulator.setExactQuantiles(s);
        return s;
    }

    /**
     * A counter's samples in event time order, ties by value as {@link CounterAccumulator} orders
     * them: consecutive differences, a drop being a reset, make up the increase.
     */
    private MetricStats counter(int column, int[] rowsInTime) {
        int[] rows = rowsInTime != null ? rowsInTime : rowsInTimeOrder(column);
        // The terms CounterAccumulator sums: each step, then the zero increase inside a sample.
        double[] terms = new double[2 * size - 1];
        int t = 0;
        for (int k = 0; k < size; k++) {
            if (k > 0) {
                terms[t++] =
                        CounterAccumulator.step(
                                values[rows[k - 1]][column], values[rows[k]][column]);
            }
            terms[t++] = 0.0;
        }
        MetricStats s = newStats(column);
        s.count = size;
        s.first = values[rows[0]][column];
        s.firstTimestamp = timestamps[rows[0]];
        s.last = values[rows[size - 1]][column];
        s.lastTimestamp = timestamps[rows[size - 1]];
        s.increase = ExactSum.of(terms, terms.length);
        return s;
    }

    /** Row indices by timestamp, or null if two rows share one (then each column orders them). */
    private int[] rowsInTimeOrder() {
        int[] rows = rowsInTimeOrder(-1);
        for (int k = 1; k < size; k++) {
            if (timestamps[rows[k]] == timestamps[rows[k - 1]]) {
                return null;
            }
        }
        return rows;
    }

    /**
     * Row indices by timestamp, ties by the value in {@code column} (if not -1). An insertion sort:
     * events mostly come in time order, and there are at most {@link #LIMIT}.
     */
    private int[] rowsInTimeOrder(int column) {
        int[] rows = new int[size];
        for (int r = 0; r < size; r++) {
            int k = r;
            while (k > 0 && before(r, rows[k - 1], column)) {
                rows[k] = rows[k - 1];
                k--;
            }
            rows[k] = r;
        }
        return rows;
    }

    private boolean before(int a, int b, int column) {
        int c = Long.compare(timestamps[a], timestamps[b]);
        if (c == 0 && column >= 0) {
            c = Double.compare(values[a][column], values[b][column]);
        }
        return c < 0;
    }

    private MetricStats newStats(int column) {
        return MetricStats.of(names[column], kinds[column], null);
    }
}
