package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
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

    @Test
    void eventsSharingOneNamesArrayGiveTheSameSortedResultAsEventsWithTheirOwn() {
        String[] shared = {"z.last", "a.first", "m.middle", "a.first"};
        for (String[] names : new String[][] {shared, {"z.last", "a.first", "m.middle"}}) {
            WindowAccumulator oneArray = new WindowAccumulator();
            WindowAccumulator ownArrays = new WindowAccumulator();
            for (int t = 0; t < 6; t++) {
                double[] values = new double[names.length];
                java.util.Arrays.fill(values, t * 1.5);
                oneArray.add(event(t, names, values));
                ownArrays.add(event(t, names.clone(), values.clone()));
            }
            WindowResult r = oneArray.toResult();
            assertThat(r.metrics).containsExactly(ownArrays.toResult().metrics);
            assertThat(java.util.Arrays.stream(r.metrics).map(m -> m.name))
                    .containsExactly("a.first", "m.middle", "z.last");
        }
    }

    /** A host's event: a gauge, a counter that resets once, a page view and a distinct user. */
    private static ResourceSamples mixed(long ts, java.util.Random random) {
        ResourceSamples s = Samples.one("cpu", MetricKind.GAUGE, ts, 0);
        s.names = new String[] {"cpu", "bytes", "views", "users", "rare"};
        double counter = ts < 170_000 ? ts * 3.5 : (ts - 170_000) * 2.0;
        s.values = new double[] {random.nextInt(1000) / 8.0, counter, 1, 1, random.nextGaussian()};
        s.kinds =
                new byte[] {
                    MetricKind.GAUGE.code(),
                    MetricKind.COUNTER.code(),
                    MetricKind.OCCURRENCE.code(),
                    MetricKind.DISTINCT.code(),
                    MetricKind.GAUGE.code()
                };
        s.labels = new String[] {null, null, null, "user-" + random.nextInt(40), null};
        if (ts % 7 != 0) {
            // "rare" is sent by some events only, so the parts differ in shape.
            s.names = java.util.Arrays.copyOf(s.names, 4);
            s.values = java.util.Arrays.copyOf(s.values, 4);
            s.kinds = java.util.Arrays.copyOf(s.kinds, 4);
            s.labels = java.util.Arrays.copyOf(s.labels, 4);
        }
        return s;
    }

    @Test
    void rollupOfMinuteWindowsEqualsOneWindowOverTheSameEventsForEveryKind() {
        for (int perMinute : new int[] {6, 20}) {
            java.util.Random random = new java.util.Random(perMinute);
            WindowAccumulator whole = new WindowAccumulator();
            WindowAccumulator rollup = new WindowAccumulator();
            java.util.List<WindowResult> parts = new java.util.ArrayList<>();
            for (int minute = 0; minute < 5; minute++) {
                WindowAccumulator part = new WindowAccumulator();
                for (int i = 0; i < perMinute; i++) {
                    ResourceSamples s = mixed(minute * 60_000L + i * (60_000L / perMinute), random);
                    part.add(s);
                    whole.add(s);
                }
                parts.add(part.toResult());
                rollup.add(parts.get(minute));
            }
            WindowResult expected = whole.toResult();
            WindowResult merged = rollup.toResult();
            // 100 values of a gauge are more than are kept raw: then both use a sketch.
            assertThat(expected.metric("cpu").values == null).isEqualTo(perMinute == 20);
            assertThat(expected.metric("bytes").increase).isPositive();
            assertThat(merged.metrics).hasSameSizeAs(expected.metrics);
            for (MetricStats e : expected.metrics) {
                MetricStats m = merged.metric(e.name);
                assertThat(m.count).as(e.name).isEqualTo(e.count);
                assertThat(new double[] {m.min, m.max, m.last, m.first, m.increase, m.distinct})
                        .as(e.name)
                        .containsExactly(e.min, e.max, e.last, e.first, e.increase, e.distinct);
                assertThat(new double[] {m.p50, m.p90, m.p95, m.p99})
                        .as(e.name)
                        .containsExactly(e.p50, e.p90, e.p95, e.p99);
                assertThat(m.values).as(e.name).isEqualTo(e.values);
                // A roll-up adds the windows' rounded sums (exactly), not every value again.
                if (!Double.isNaN(e.sum)) {
                    assertThat(m.sum).as(e.name).isCloseTo(e.sum, within(1e-12));
                }
            }
            assertThat(merged.metrics).containsExactly(mergedOneByOne(parts).metrics);
        }
    }

    /** The roll-up as a fold of re-created accumulators, which {@code mergeStats} shortcuts. */
    private static WindowResult mergedOneByOne(java.util.List<WindowResult> parts) {
        java.util.Map<String, MetricAccumulator> byName = new java.util.TreeMap<>();
        for (WindowResult part : parts) {
            for (MetricStats s : part.metrics) {
                MetricAccumulator a = MetricAccumulator.of(s);
                byName.merge(
                        s.name,
                        a,
                        (x, y) -> {
                            x.merge(y);
                            return x;
                        });
            }
        }
        WindowResult r = new WindowResult();
        r.metrics =
                byName.entrySet().stream()
                        .map(e -> e.getValue().toStats(e.getKey()))
                        .toArray(MetricStats[]::new);
        return r;
    }
}
