package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parts with the same metrics merge position by position; the result must be what folding them into
 * a {@link WindowAccumulator} by name gives, bit for bit.
 */
class RollupAccumulatorTest {
    @Test
    void alignedPartsMergeAsTheAccumulatorMergesThem() {
        Random random = new Random(7);
        int sketched = 0;
        for (int rollup = 0; rollup < 300; rollup++) {
            List<WindowResult> parts = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int minute = 0; minute < count; minute++) {
                parts.add(minute(minute, EventRowsTest.randomWindow(random)));
            }
            if (random.nextInt(5) == 0) {
                // A part without one metric: the parts are not aligned any more.
                WindowResult p = parts.get(random.nextInt(count));
                p.metrics = java.util.Arrays.copyOf(p.metrics, p.metrics.length - 1);
            }
            if (random.nextInt(7) == 0) {
                // Values not in order (a part restored from elsewhere) are merged just as well.
                double[] v = parts.get(random.nextInt(count)).metric("cpu.user").values;
                for (int i = 0; v != null && i < v.length / 2; i++) {
                    double t = v[i];
                    v[i] = v[v.length - 1 - i];
                    v[v.length - 1 - i] = t;
                }
            }
            WindowResult expected = foldedByName(parts);
            Collections.shuffle(parts, random);
            RollupAccumulator acc = new RollupAccumulator();
            parts.forEach(acc::offer);
            WindowResult merged = acc.toResult();
            assertThat(merged.metrics).as("roll-up %d", rollup).containsExactly(expected.metrics);
            assertThat(merged.attributeKeys).containsExactly(expected.attributeKeys);
            assertThat(merged.attributeValues).containsExactly(expected.attributeValues);
            assertThat(merged.resourceType).isEqualTo(expected.resourceType);
            sketched += merged.metric("cpu.user").values == null ? 1 : 0;
        }
        // Some roll-ups hold more gauge values than are kept raw: those go through a sketch.
        assertThat(sketched).isBetween(5, 250);
    }

    private static WindowResult minute(int minute, List<ResourceSamples> events) {
        WindowAccumulator acc = new WindowAccumulator();
        for (ResourceSamples s : events) {
            s.timestamp += minute * 60_000L;
            acc.add(s);
        }
        WindowResult r = acc.toResult();
        StampWindow.stamp(r, "host/h1", minute * 60_000L + 60_000, minute * 60_000L + 120_000, 1);
        return r;
    }

    private static WindowResult foldedByName(List<WindowResult> inTimeOrder) {
        WindowAccumulator acc = new WindowAccumulator();
        for (WindowResult part : inTimeOrder) {
            acc.add(part);
        }
        WindowResult r = acc.toResult();
        for (MetricStats m : r.metrics) {
            m.rate = Double.NaN;
        }
        return r;
    }
}
