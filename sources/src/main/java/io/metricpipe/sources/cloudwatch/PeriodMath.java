package io.metricpipe.sources.cloudwatch;

/**
 * Period arithmetic of the CloudWatch source. Periods are aligned to the epoch. A period is settled
 * once the settle delay has passed after its end, because CloudWatch values keep converging for
 * minutes. A split's cursor is the end of the last settled period fetched: the next fetch covers
 * {@code [cursor, settled end)}, so no period is fetched twice and none is skipped, across restarts
 * too.
 */
public final class PeriodMath {
    private PeriodMath() {}

    public static long alignDown(long epochMs, long periodMs) {
        return Math.floorDiv(epochMs, periodMs) * periodMs;
    }

    /** The end of the last period that is settled at {@code now}. */
    public static long settledEnd(long now, long settleDelayMs, long periodMs) {
        return alignDown(now - settleDelayMs, periodMs);
    }

    /**
     * The cursor a new split starts at: the aligned backfill start when given, else the settled end
     * now (nothing from the past).
     */
    public static long initialCursor(
            Long backfillFrom, long now, long settleDelayMs, long periodMs) {
        return backfillFrom != null
                ? alignDown(backfillFrom, periodMs)
                : settledEnd(now, settleDelayMs, periodMs);
    }

    /**
     * The range the next fetch covers, {@code [cursor, end)}, at most {@code maxPeriods} long;
     * {@code end <= cursor} when no new period has settled.
     */
    public static long fetchEnd(
            long cursor, long now, long settleDelayMs, long periodMs, int maxPeriods) {
        return Math.min(settledEnd(now, settleDelayMs, periodMs), cursor + maxPeriods * periodMs);
    }

    /** When the period after {@code cursor} settles: the earliest useful next poll. */
    public static long nextPollAt(long cursor, long settleDelayMs, long periodMs) {
        return cursor + periodMs + settleDelayMs;
    }
}
