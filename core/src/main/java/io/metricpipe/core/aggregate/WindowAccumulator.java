package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one resource sent in one window: an accumulator per metric and the latest value of
 * each attribute. A metric keeps the kind it was first seen with; a later sample of another kind
 * under the same name is folded in as that kind.
 */
public final class WindowAccumulator {
    String resourceType;
    // Sized for an agent event's ~40 metrics without rehashing.
    final Map<String, MetricAccumulator> metrics = new HashMap<>(64);
    final Map<String, Attribute> attributes = new HashMap<>();

    /**
     * The accumulators of the previous event's samples, by position. An agent sends the same fields
     * in the same order every time, so a string compare usually replaces a map lookup. Not state:
     * it is rebuilt from {@link #metrics} after a restore.
     */
    private String[] previousNames = new String[0];

    private MetricAccumulator[] previousAccumulators = new MetricAccumulator[0];

    /**
     * The events, while they are few and of one shape ({@link EventRows}); null once they went into
     * {@link #metrics} and {@link #attributes}. Not both: a window is in one of the two forms.
     */
    private EventRows rows;

    static final class Attribute {
        long timestamp;
        String value;

        Attribute(long timestamp, String value) {
            this.timestamp = timestamp;
            this.value = value;
        }

        void offer(long ts, String v) {
            if (replaces(ts, v, timestamp, value)) {
                timestamp = ts;
                value = v;
            }
        }

        /** Latest wins; at equal time the larger string, so arrival order never matters. */
        static boolean replaces(long ts, String v, long latestTs, String latest) {
            return ts > latestTs || (ts == latestTs && v.compareTo(latest) > 0);
        }
    }

    public void add(ResourceSamples s) {
        if (resourceType == null) {
            resourceType = s.resourceType;
        }
        if (metrics.isEmpty() && attributes.isEmpty()) {
            if (rows == null) {
                rows = new EventRows();
            }
            if (rows.offer(s)) {
                return;
            }
        }
        foldRows();
        addMetrics(s.names, s.kinds, s.values, s.labels, s.units, s.timestamp);
        offerAttributes(s.attributeKeys, s.attributeValues, s.timestamp);
    }

    void offerAttributes(String[] keys, String[] values, long timestamp) {
        for (int i = 0; i < keys.length; i++) {
            offerAttribute(keys[i], timestamp, values[i]);
        }
    }

    /** Moves the events kept as rows into per-metric accumulators, from where on they are used. */
    private void foldRows() {
        if (rows != null) {
            EventRows kept = rows;
            rows = null;
            kept.replayInto(this);
        }
    }

    void addMetrics(
            String[] names,
            byte[] kinds,
            double[] values,
            String[] labels,
            String[] units,
            long timestamp) {
        if (previousNames.length != names.length) {
            previousNames = new String[names.length];
            previousAccumulators = new MetricAccumulator[names.length];
        }
        for (int i = 0; i < names.length; i++) {
            MetricAccumulator m;
            if (names[i].equals(previousNames[i])) {
                m = previousAccumulators[i];
            } else {
                m = accumulatorOf(names[i], kinds[i]);
                previousNames[i] = names[i];
                previousAccumulators[i] = m;
            }
            if (units != null && units[i] != null && m.unit == null) {
                m.unit = units[i];
            }
            m.add(values[i], labels == null ? null : labels[i], timestamp);
        }
    }

    private MetricAccumulator accumulatorOf(String name, byte kind) {
        MetricAccumulator m = metrics.get(name);
        if (m == null) {
            m = MetricAccumulator.create(MetricKind.ofCode(kind));
            metrics.put(name, m);
        }
        return m;
    }

    /** Folds a finished window in; used by roll-ups, which merge finer windows. */
    public void add(WindowResult r) {
        foldRows();
        if (resourceType == null) {
            resourceType = r.resourceType;
        }
        for (MetricStats s : r.metrics) {
            MetricAccumulator m = metrics.get(s.name);
            if (m == null) {
                metrics.put(s.name, MetricAccumulator.of(s));
            } else if (m.kind() == s.metricKind()) {
                m.mergeStats(s);
            }
        }
        for (int i = 0; i < r.attributeKeys.length; i++) {
            offerAttribute(r.attributeKeys[i], r.windowEnd() - 1, r.attributeValues[i]);
        }
    }

    public void merge(WindowAccumulator other) {
        foldRows();
        other.foldRows();
        if (resourceType == null) {
            resourceType = other.resourceType;
        }
        for (Map.Entry<String, MetricAccumulator> e : other.metrics.entrySet()) {
            MetricAccumulator m = metrics.get(e.getKey());
            if (m == null) {
                metrics.put(e.getKey(), e.getValue());
            } else if (m.kind() == e.getValue().kind()) {
                m.merge(e.getValue());
            }
        }
        for (Map.Entry<String, Attribute> e : other.attributes.entrySet()) {
            offerAttribute(e.getKey(), e.getValue().timestamp, e.getValue().value);
        }
    }

    private void offerAttribute(String key, long ts, String value) {
        Attribute a = attributes.get(key);
        if (a == null) {
            attributes.put(key, new Attribute(ts, value));
        } else {
            a.offer(ts, value);
        }
    }

    /**
     * The window's statistics, metrics and attributes sorted by name. Identity fields (key, window,
     * revision) and counter rates are filled in by the caller, which knows the window.
     */
    public WindowResult toResult() {
        WindowResult r = new WindowResult();
        r.resourceType = resourceType;
        if (keepsRows()) {
            r.metrics = rows.toStats();
            rows.setAttributes(r);
            return r;
        }
        String[] names = metrics.keySet().toArray(new String[0]);
        Arrays.sort(names);
        r.metrics = new MetricStats[names.length];
        for (int i = 0; i < names.length; i++) {
            r.metrics[i] = metrics.get(names[i]).toStats(names[i]);
        }
        List<String> keys = new ArrayList<>(attributes.keySet());
        keys.sort(null);
        r.attributeKeys = keys.toArray(new String[0]);
        r.attributeValues = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            r.attributeValues[i] = attributes.get(keys.get(i)).value;
        }
        return r;
    }

    /**
     * This window with any events kept as rows folded into accumulators, for the checkpoint format;
     * {@code this} is left as it is (a snapshot may be written by another thread).
     */
    WindowAccumulator folded() {
        if (rows == null) {
            return this;
        }
        WindowAccumulator f = new WindowAccumulator();
        f.resourceType = resourceType;
        rows.replayInto(f);
        return f;
    }

    /** Whether the events are kept as rows (not yet in accumulators). */
    boolean keepsRows() {
        return rows != null && rows.size() > 0;
    }

    public boolean isEmpty() {
        return metrics.isEmpty() && !keepsRows();
    }
}
