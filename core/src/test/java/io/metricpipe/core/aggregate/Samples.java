package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;

/** Builds single-sample events for accumulator tests. */
final class Samples {
    private Samples() {}

    static ResourceSamples one(String metric, MetricKind kind, long ts, double value) {
        return one(metric, kind, ts, value, null);
    }

    static ResourceSamples one(
            String metric, MetricKind kind, long ts, double value, String label) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = "host/h1";
        s.resourceType = "host";
        s.timestamp = ts;
        s.names = new String[] {metric};
        s.values = new double[] {value};
        s.kinds = new byte[] {kind.code()};
        s.labels = label == null ? null : new String[] {label};
        s.attributeKeys = new String[0];
        s.attributeValues = new String[0];
        s.sourcePosition = "test/" + ts;
        return s;
    }
}
