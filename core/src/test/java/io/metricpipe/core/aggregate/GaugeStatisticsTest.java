package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GaugeStatisticsTest {

    private static MetricStats aggregate(List<ResourceSamples> events) {
        WindowAccumulator acc = new WindowAccumulator();
        events.forEach(acc::add);
        return acc.toResult().metric("m");
    }

    @Test
    void countSumMinMaxAvgLastAreExact() {
        Random random = new Random(7);
        List<ResourceSamples> events = new ArrayList<>();
        BigDecimal exact = BigDecimal.ZERO;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < 5_000; i++) {
            // Mixed magnitudes make a naive running sum lose digits.
            double v = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12));
            events.add(Samples.one("m", MetricKind.GAUGE, 1_000L + i, v));
            exact = exact.add(new BigDecimal(v));
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double lastValue = events.get(events.size() - 1).values[0];
        Collections.shuffle(events, new Random(3));

        MetricStats s = aggregate(events);

        double exactSum = exact.round(MathContext.DECIMAL64).doubleValue();
        assertThat(s.count).isEqualTo(5_000);
        assertThat(s.sum).isEqualTo(exact.doubleValue());
        assertThat(s.sum).isCloseTo(exactSum, within(Math.ulp(exactSum)));
        assertThat(s.min).isEqualTo(min);
        assertThat(s.max).isEqualTo(max);
        assertThat(s.avg()).isEqualTo(exact.doubleValue() / 5_000);
        assertThat(s.last).as("last is latest by event time, not by arrival").isEqualTo(lastValue);
        assertThat(s.lastTimestamp).isEqualTo(1_000L + 4_999);
    }

    @Test
    void arrivalOrderNeverChangesAnyStatistic() {
        Random random = new Random(11);
        List<ResourceSamples> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(Samples.one("m", MetricKind.GAUGE, i % 97, random.nextGaussian() * 1e6));
        }
        MetricStats inOrder = aggregate(events);
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(events, new Random(seed));
            assertThat(aggregate(events)).isEqualTo(inOrder);
        }
    }

    static Stream<Arguments> distributions() {
        Random r = new Random(42);
        return Stream.of(
                Arguments.of("uniform 0..1000", (DoubleSupplier) () -> r.nextDouble() * 1000),
                Arguments.of(
                        "log-normal latency",
                        (DoubleSupplier) () -> Math.exp(3 + 1.5 * r.nextGaussian())),
                Arguments.of(
                        "exponential", (DoubleSupplier) () -> -Math.log(1 - r.nextDouble()) * 250),
                Arguments.of(
                        "bimodal with negatives",
                        (DoubleSupplier)
                                () ->
                                        r.nextBoolean()
                                                ? -50 + r.nextGaussian()
                                                : 5000 + 300 * r.nextGaussian()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void quantilesAreWithinOnePercentOfExact(String name, DoubleSupplier distribution) {
        int n = 100_000;
        double[] values = new double[n];
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < n; i++) {
            values[i] = distribution.getAsDouble();
            acc.add(Samples.one("m", MetricKind.GAUGE, i, values[i]));
        }
        MetricStats s = acc.toResult().metric("m");
        Arrays.sort(values);

        double[] q = {0.5, 0.9, 0.95, 0.99};
        double[] got = {s.p50, s.p90, s.p95, s.p99};
        for (int i = 0; i < q.length; i++) {
            double exact = values[(int) Math.floor(q[i] * (n - 1))];
            assertThat(Math.abs(got[i] - exact) / Math.abs(exact))
                    .as("%s p%s: sketch %s vs exact %s", name, q[i] * 100, got[i], exact)
                    .isLessThanOrEqualTo(0.01);
        }
    }

    @Test
    void rollupOfWindowsEqualsOneWindowOverAllSamples() {
        Random random = new Random(5);
        WindowAccumulator whole = new WindowAccumulator();
        WindowAccumulator first = new WindowAccumulator();
        WindowAccumulator second = new WindowAccumulator();
        for (int i = 0; i < 10_000; i++) {
            ResourceSamples s = Samples.one("m", MetricKind.GAUGE, i, random.nextDouble() * 500);
            whole.add(s);
            (i < 5_000 ? first : second).add(s);
        }
        WindowAccumulator rollup = new WindowAccumulator();
        rollup.add(first.toResult());
        rollup.add(second.toResult());

        MetricStats expected = whole.toResult().metric("m");
        MetricStats merged = rollup.toResult().metric("m");
        assertThat(merged.count).isEqualTo(expected.count);
        assertThat(merged.min).isEqualTo(expected.min);
        assertThat(merged.max).isEqualTo(expected.max);
        assertThat(merged.last).isEqualTo(expected.last);
        assertThat(merged.sum).isCloseTo(expected.sum, within(1e-9 * expected.sum));
        assertThat(merged.p50).isEqualTo(expected.p50);
        assertThat(merged.p99).isEqualTo(expected.p99);
    }

    @Test
    void aFewValuesGiveExactQuantilesAndRollUpExactly() {
        Random random = new Random(11);
        WindowAccumulator rollup = new WindowAccumulator();
        List<Double> all = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            WindowAccumulator minute = new WindowAccumulator();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                double v = Math.round(random.nextDouble() * 1000) / 10.0;
                values.add(v);
                minute.add(Samples.one("m", MetricKind.GAUGE, w * 60_000L + i * 10_000L, v));
            }
            all.addAll(values);
            MetricStats s = minute.toResult().metric("m");
            assertExactQuantiles(s, values);
            assertThat(s.values).hasSize(6).isSorted();
            assertThat(s.sketch).isNull();
            rollup.add(minute.toResult());
        }
        assertExactQuantiles(rollup.toResult().metric("m"), all);
    }

    /** Quantile q is the value of rank q * (n - 1), rounded down, as DDSketch ranks. */
    private static void assertExactQuantiles(MetricStats s, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        assertThat(s.p50).isEqualTo(sorted.get((int) Math.floor(0.5 * (n - 1))));
        assertThat(s.p90).isEqualTo(sorted.get((int) Math.floor(0.9 * (n - 1))));
        assertThat(s.p95).isEqualTo(sorted.get((int) Math.floor(0.95 * (n - 1))));
        assertThat(s.p99).isEqualTo(sorted.get((int) Math.floor(0.99 * (n - 1))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 64, 65, 99})
    void partsThatOutgrowTheExactLimitTogetherEqualOneSketch(int split) {
        Random random = new Random(13);
        WindowAccumulator whole = new WindowAccumulator();
        WindowAccumulator first = new WindowAccumulator();
        WindowAccumulator second = new WindowAccumulator();
        for (int i = 0; i < 100; i++) {
            ResourceSamples s = Samples.one("m", MetricKind.GAUGE, i, random.nextDouble() * 500);
            whole.add(s);
            (i < split ? first : second).add(s);
        }
        MetricStats expected = whole.toResult().metric("m");
        assertThat(expected.values).as("100 values are sketched").isNull();
        for (boolean firstFirst : new boolean[] {true, false}) {
            WindowAccumulator rollup = new WindowAccumulator();
            rollup.add((firstFirst ? first : second).toResult());
            rollup.add((firstFirst ? second : first).toResult());
            MetricStats merged = rollup.toResult().metric("m");
            assertThat(merged.p50).isEqualTo(expected.p50);
            assertThat(merged.p90).isEqualTo(expected.p90);
            assertThat(merged.p99).isEqualTo(expected.p99);
            assertThat(merged.sketch).isEqualTo(expected.sketch);
        }
    }

    @Test
    void occurrencesAndDistinctUsers() {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < 3_000; i++) {
            acc.add(Samples.one("app.events{action=login}", MetricKind.OCCURRENCE, i, 1));
            acc.add(Samples.one("app.users", MetricKind.DISTINCT, i, 1, "user_" + (i % 700)));
        }
        WindowResult r = acc.toResult();
        assertThat(r.metric("app.events{action=login}").count).isEqualTo(3_000);
        MetricStats users = r.metric("app.users");
        assertThat(users.count).isEqualTo(3_000);
        assertThat(users.distinct).isCloseTo(700, within(700 * 0.05));
    }
}
