package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Counts occurrences. */
final class OccurrenceAccumulator extends MetricAccumulator {
    long count;

    @Override
    MetricKind kind() {
        return MetricKind.OCCURRENCE;
    }

    @Override
    void add(double value, String label, long timestamp) {
        count++;
    }

    @Override
    void merge(MetricAccumulator other) {
        count += ((OccurrenceAccumulator) other).count;
    }

    @Override
    MetricStats toStats(String name) {
        MetricStats s = newStats(name);
        s.count = count;
        return s;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeLong(count);
    }

    @Override
    void readBody(DataInput in) throws IOException {
        count = in.readLong();
    }
}
