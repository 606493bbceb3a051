package io.metricpipe.sources.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeriodMathTest {
    private static final long MIN = 60_000;
    private static final long T0 = 1_763_856_000_000L; // a whole hour

    @Test
    void periodsAlignToTheEpoch() {
        assertThat(PeriodMath.alignDown(T0, MIN)).isEqualTo(T0);
        assertThat(PeriodMath.alignDown(T0 + 59_999, MIN)).isEqualTo(T0);
        assertThat(PeriodMath.alignDown(T0 + 60_000, MIN)).isEqualTo(T0 + MIN);
        assertThat(PeriodMath.alignDown(T0 + 299_999, 5 * MIN)).isEqualTo(T0);
        assertThat(PeriodMath.alignDown(-1, MIN)).isEqualTo(-MIN);
    }

    @Test
    void aPeriodIsSettledOnlyOnceTheSettleDelayHasPassedAfterItsEnd() {
        long settle = 2 * MIN;
        // At T0+3m with a 2 min settle delay, [T0, T0+1m) is settled and [T0+1m, T0+2m) is not.
        assertThat(PeriodMath.settledEnd(T0 + 3 * MIN, settle, MIN)).isEqualTo(T0 + MIN);
        assertThat(PeriodMath.settledEnd(T0 + 3 * MIN - 1, settle, MIN)).isEqualTo(T0);
        assertThat(PeriodMath.settledEnd(T0 + 4 * MIN, settle, MIN)).isEqualTo(T0 + 2 * MIN);
    }

    @Test
    void fetchesCoverEachPeriodOnceAcrossPollsAtAnyTimes() {
        long settle = 90_000;
        long cursor = PeriodMath.initialCursor(null, T0 + 17_000, settle, MIN);
        long first = cursor;
        long lastNow = 0;
        // Polls at irregular times; each fetch starts exactly where the previous one ended.
        for (long now = T0; now < T0 + 60 * MIN; now += 23_000) {
            long end = PeriodMath.fetchEnd(cursor, now, settle, MIN, 10);
            if (end > cursor) {
                assertThat(cursor % MIN).isZero();
                assertThat(end % MIN).isZero();
                cursor = end;
            }
            lastNow = now;
        }
        assertThat(first).isEqualTo(T0 - 2 * MIN);
        // Caught up: everything settled by the last poll, and nothing that was not.
        assertThat(cursor).isEqualTo(PeriodMath.settledEnd(lastNow, settle, MIN));
    }

    @Test
    void backfillStartsAtTheAlignedStartAndIsFetchedInBoundedSteps() {
        long now = T0 + 6 * 60 * MIN;
        long cursor = PeriodMath.initialCursor(T0 + 30_000, now, MIN, MIN);
        assertThat(cursor).isEqualTo(T0);
        int fetches = 0;
        while (true) {
            long end = PeriodMath.fetchEnd(cursor, now, MIN, MIN, 100);
            if (end <= cursor) {
                break;
            }
            assertThat(end - cursor).isLessThanOrEqualTo(100 * MIN);
            cursor = end;
            fetches++;
        }
        // 6 hours less the settle delay: 359 periods in steps of at most 100.
        assertThat(cursor).isEqualTo(now - MIN);
        assertThat(fetches).isEqualTo(4);
    }

    @Test
    void withoutBackfillNothingFromThePastIsFetched() {
        long now = T0 + 10 * MIN + 5_000;
        long cursor = PeriodMath.initialCursor(null, now, MIN, MIN);
        assertThat(PeriodMath.fetchEnd(cursor, now, MIN, MIN, 100)).isEqualTo(cursor);
        assertThat(PeriodMath.nextPollAt(cursor, MIN, MIN)).isEqualTo(cursor + 2 * MIN);
        assertThat(PeriodMath.fetchEnd(cursor, cursor + 2 * MIN, MIN, MIN, 100))
                .isEqualTo(cursor + MIN);
    }
}
