package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceSamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CounterRateTest {
    static final long START = 1_763_856_000_000L;
    static final long END = START + 60_000;

    private static MetricStats counter(List<ResourceSamples> events) {
        WindowAccumulator acc = new WindowAccumulator();
        events.forEach(acc::add);
        MetricStats s = acc.toResult().metric("c");
        s.rate = CounterRate.of(s, START, END);
        return s;
    }

    private static List<ResourceSamples> series(long[] offsetsMs, double[] values) {
        List<ResourceSamples> events = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            events.add(Samples.one("c", MetricKind.COUNTER, START + offsetsMs[i], values[i]));
        }
        return events;
    }

    /** The increase as exact decimal arithmetic gives it: deltas, and the new value at a reset. */
    private static double exactIncrease(double[] values) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (int i = 1; i < values.length; i++) {
            double delta = values[i] >= values[i - 1] ? values[i] - values[i - 1] : values[i];
            total = total.add(new java.math.BigDecimal(delta));
        }
        return total.doubleValue();
    }

    @Test
    void increaseIsTheCorrectlyRoundedSumForWholeFractionalAndHugeCounters() {
        long[] at = {0, 10_000, 20_000, 30_000, 40_000, 50_000};
        double[][] cases = {
            {7, 19, 19, 3, 40, 41},
            {0.1, 0.4, 1.05, 0.2, 0.9, 7.77},
            {1e17, 1e17 + 16, 3e17, 5, 9e15 + 1, 9.007199254740993e15},
            {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0}
        };
        for (double[] values : cases) {
            MetricStats s = counter(series(at, values));
            assertThat(s.increase)
                    .as(java.util.Arrays.toString(values))
                    .isEqualTo(exactIncrease(values));
        }
    }

    @Test
    void rateAcrossAResetFollowsPrometheus() {
        // A reboot between 25 s and 35 s: the counter restarts from 0 and reaches 50.
        long[] t = {5_000, 15_000, 25_000, 35_000, 45_000, 55_000};
        double[] v = {100, 200, 300, 50, 150, 250};

        MetricStats s = counter(series(t, v));

        // increase: +100 +100, reset counts the new value 50, then +100 +100
        assertThat(s.increase).isEqualTo(450.0);
        // Samples cover 5..55 s; they reach within 1.1 intervals of both edges, so the
        // increase is extrapolated over the full 60 s: 450 * 60/50 = 540 per 60 s = 9/s.
        assertThat(s.rate).isCloseTo(9.0, within(1e-12));
        assertThat(s.count).isEqualTo(6);
        assertThat(s.first).isEqualTo(100);
        assertThat(s.last).isEqualTo(250);
    }

    @Test
    void shuffledArrivalGivesTheIdenticalResult() {
        long[] t = new long[12];
        double[] v = new double[12];
        double value = 1_000;
        for (int i = 0; i < 12; i++) {
            t[i] = 2_500 + i * 5_000L;
            value = i == 7 ? 3 : value + 17 * i;
            v[i] = value;
        }
        List<ResourceSamples> events = series(t, v);
        MetricStats ordered = counter(events);
        for (int seed = 0; seed < 10; seed++) {
            Collections.shuffle(events, new Random(seed));
            assertThat(counter(events)).isEqualTo(ordered);
        }
    }

    @Test
    void extrapolationStopsAtZeroForAFreshCounter() {
        // A counter born inside the window must not be extrapolated below zero.
        long[] t = {40_000, 50_000};
        double[] v = {1, 11};

        MetricStats s = counter(series(t, v));

        // durationToZero = 10 s * (1/10) = 1 s; end gap 10 s is within 1.1 intervals.
        double extrapolated = 10 + 1 + 10;
        assertThat(s.rate).isCloseTo(10 * (extrapolated / 10) / 60, within(1e-12));
    }

    @Test
    void sparseSamplesExtrapolateHalfAnInterval() {
        long[] t = {20_000, 30_000};
        double[] v = {500, 520};

        MetricStats s = counter(series(t, v));

        // Both edges are 20 s away (> 1.1 * 10 s), so each side adds half an interval: 5 s.
        assertThat(s.rate).isCloseTo(20 * (20.0 / 10) / 60, within(1e-12));
    }

    @Test
    void oneSampleHasNoRate() {
        MetricStats s = counter(series(new long[] {1_000}, new double[] {5}));
        assertThat(s.rate).isNaN();
        assertThat(s.count).isEqualTo(1);
    }

    @Test
    void rollupJoinsWindowsAcrossTheirBoundaryAndAReset() {
        long[] t = {5_000, 25_000, 45_000, 65_000, 85_000, 105_000};
        double[] v = {10, 30, 50, 5, 25, 45};
        List<ResourceSamples> all = series(t, v);
        WindowAccumulator first = new WindowAccumulator();
        WindowAccumulator second = new WindowAccumulator();
        for (ResourceSamples s : all) {
            (s.timestamp < START + 60_000 ? first : second).add(s);
        }
        WindowAccumulator rollup = new WindowAccumulator();
        rollup.add(second.toResult());
        rollup.add(first.toResult());

        MetricStats merged = rollup.toResult().metric("c");

        // 20 + 20, reset across the boundary counts 5, then 20 + 20.
        assertThat(merged.increase).isEqualTo(85.0);
        assertThat(merged.count).isEqualTo(6);
        assertThat(merged.first).isEqualTo(10);
        assertThat(merged.last).isEqualTo(45);
    }
}
