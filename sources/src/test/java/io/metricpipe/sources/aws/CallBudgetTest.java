package io.metricpipe.sources.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallBudgetTest {
    @Test
    void refusesBeyondTheRateAndSaysWhenToComeBack() {
        CallBudget budget = new CallBudget(10, 0); // 10 calls per second, bucket of 10
        assertThat(budget.tryAcquire(4, 0)).isZero();
        assertThat(budget.tryAcquire(6, 0)).isZero();
        // Empty: one call needs 100 ms of refill.
        assertThat(budget.tryAcquire(1, 0)).isEqualTo(100);
        assertThat(budget.tryAcquire(1, 50)).isEqualTo(50);
        assertThat(budget.tryAcquire(1, 100)).isZero();
        // Over a long run the calls granted never exceed the rate (plus the initial bucket).
        int granted = 0;
        for (long now = 100; now <= 10_100; now += 7) {
            if (budget.tryAcquire(1, now) == 0) {
                granted++;
            }
        }
        assertThat(granted).isBetween(95, 101);
    }

    @Test
    void aRequestLargerThanTheBucketGoesThroughWhenFullAndLeavesADebt() {
        CallBudget budget = new CallBudget(2, 0);
        assertThat(budget.tryAcquire(5, 0)).isZero();
        // 3 calls of debt plus 1: 2 seconds.
        assertThat(budget.tryAcquire(1, 0)).isEqualTo(2_000);
    }
}
