package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import org.junit.jupiter.api.Test;

class WindowAccumulatorTest {
    private static ResourceSamples event(long ts, String[] names, double[] values) {
        ResourceSamples s = Samples.one(names[0], MetricKind.GAUGE, ts, values[0]);
        s.names = names;
        s.values = values;
        s.kinds = new byte[names.length];
        java.util.Arrays.fill(s.kinds, MetricKind.GAUGE.code());
        return s;
    }

    @Test
    void eventsWithFieldsInAnyOrderOrMissingLandOnTheRightMetric() {
        WindowAccumulator acc = new WindowAccumulator();
        acc.add(event(1, new String[] {"a", "b", "c"}, new double[] {1, 10, 100}));
        acc.add(event(2, new String[] {"b", "a", "c"}, new double[] {20, 2, 200}));
        acc.add(event(3, new String[] {"a", "c"}, new double[] {3, 300}));
        acc.add(event(4, new String[] {"c", "a", "b", "d"}, new double[] {400, 4, 40, -1}));
        acc.add(event(5, new String[] {"a", "b", "c"}, new double[] {5, 50, 500}));

        WindowResult r = acc.toResult();
        assertThat(r.metric("a").count).isEqualTo(5);
        assertThat(r.metric("a").sum).isEqualTo(15);
        assertThat(r.metric("b").count).isEqualTo(4);
        assertThat(r.metric("b").sum).isEqualTo(120);
        assertThat(r.metric("c").sum).isEqualTo(1500);
        assertThat(r.metric("c").last).isEqualTo(500);
        assertThat(r.metric("d").count).isEqualTo(1);
        assertThat(r.metric("d").min).isEqualTo(-1);
    }
}
