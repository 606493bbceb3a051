package io.metricpipe.sources.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    @Test
    void opensAfterConsecutiveFailuresThenProbesOnce() {
        CircuitBreaker b = new CircuitBreaker(3, 10_000);
        b.failure(0);
        b.failure(1);
        b.success(); // resets the run
        b.failure(2);
        b.failure(3);
        assertThat(b.allows(4)).isTrue();
        b.failure(4);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allows(5)).isFalse();
        assertThat(b.allows(10_003)).isFalse();

        // After the open time one probe goes through; its failure opens the breaker again.
        assertThat(b.allows(10_004)).isTrue();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.allows(10_005)).isFalse();
        b.failure(10_005);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allows(20_004)).isFalse();

        // A successful probe closes it.
        assertThat(b.allows(20_005)).isTrue();
        b.success();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.allows(20_006)).isTrue();
    }
}
