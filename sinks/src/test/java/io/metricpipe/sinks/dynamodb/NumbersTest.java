package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void writesPlainDigitsThatParseBackToTheSameDouble() {
        for (double v : new double[] {0.1, 123.456, 1e-7, 6.02e23, -42.0, 1e20, Math.PI}) {
            String n = Numbers.of(v).n();
            assertThat(n).doesNotContain("E").doesNotContain("e");
            assertThat(new BigDecimal(n).doubleValue()).isEqualTo(v);
        }
        assertThat(Numbers.of(0.0).n()).isEqualTo("0");
        assertThat(Numbers.of(-0.0).n()).isEqualTo("0");
        assertThat(Numbers.of(2.50).n()).isEqualTo("2.5");
        assertThat(Numbers.of(1_763_856_000_000L).n()).isEqualTo("1763856000000");
    }

    @Test
    void leavesNonFiniteValuesForTheGuardToReject() {
        assertThat(Numbers.of(Double.NaN).n()).isEqualTo("NaN");
        assertThat(Numbers.of(Double.NEGATIVE_INFINITY).n()).isEqualTo("-Infinity");
    }
}
