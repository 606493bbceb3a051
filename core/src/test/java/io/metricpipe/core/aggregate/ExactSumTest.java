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
}
