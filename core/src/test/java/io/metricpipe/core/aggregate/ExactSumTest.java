package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    @Test
    void correctlyRoundedWhateverTheOrder() {
        Random random = new Random(1);
        List<Double> values = new ArrayList<>();
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < 10_000; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(30) - 10);
            values.add(v);
            exact = exact.add(new BigDecimal(v));
        }
        double expected = exact.round(MathContext.DECIMAL128).doubleValue();
        for (int seed = 0; seed < 5; seed++) {
            Collections.shuffle(values, new Random(seed));
            ExactSum sum = new ExactSum();
            values.forEach(sum::add);
            assertThat(sum.value()).isEqualTo(expected);
        }
    }

    @Test
    void cancellationThatDefeatsNaiveSummation() {
        ExactSum sum = new ExactSum();
        for (double v : new double[] {1e100, 1.0, -1e100, 1e-3}) {
            sum.add(v);
        }
        assertThat(sum.value()).isEqualTo(1.001);
    }

    @Test
    void overflowIsInfinite() {
        ExactSum sum = new ExactSum();
        sum.add(Double.MAX_VALUE);
        sum.add(Double.MAX_VALUE);
        assertThat(sum.value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /** Values of one kind per array: decimals, integers, signed zeros, subnormals, wide spreads. */
    private static double value(Random random, int kind) {
        switch (kind) {
            case 0:
                return Math.round(random.nextDouble() * 1000) / 10.0;
            case 1:
                return random.nextInt(2_000_001) - 1_000_000;
            case 2:
                return random.nextBoolean() ? -0.0 : 0.0;
            case 3:
                return Double.MIN_VALUE * random.nextInt(1 << 20) * (random.nextBoolean() ? 1 : -1);
            case 4:
                return random.nextGaussian() * Math.pow(2, random.nextInt(130) - 65);
            case 5:
                // Halfway cases: 2^53 and odd units below it.
                return random.nextBoolean() ? 0x1p53 : random.nextInt(8) * 0.5 - 2;
            case 6:
                return random.nextGaussian() * 0x1p900;
            default:
                return Double.longBitsToDouble(random.nextLong());
        }
    }

    @Test
    void theFixedPointSumOfAFewValuesIsExactlyThePartialsSum() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200_000; trial++) {
            int n = random.nextInt(random.nextInt(20) == 0 ? 80 : 9);
            int kind = random.nextInt(9);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                double v = value(random, kind == 8 ? random.nextInt(8) : kind);
                values[i] = Double.isFinite(v) ? v : 1.0;
            }
            ExactSum partials = new ExactSum();
            BigDecimal exact = BigDecimal.ZERO;
            for (double v : values) {
                partials.add(v);
                exact = exact.add(new BigDecimal(v));
            }
            double expected = partials.value();
            double actual = ExactSum.of(values, n);
            assertThat(Double.doubleToRawLongBits(actual))
                    .as("%s", java.util.Arrays.toString(values))
                    .isEqualTo(Double.doubleToRawLongBits(expected));
            if (Double.isFinite(expected) && expected != 0) {
                // Correctly rounded: no double is nearer the exact sum.
                BigDecimal error = new BigDecimal(expected).subtract(exact).abs();
                BigDecimal halfUlp =
                        new BigDecimal(Math.ulp(expected)).divide(BigDecimal.valueOf(2));
                assertThat(error).isLessThanOrEqualTo(halfUlp);
            }
        }
    }
}
