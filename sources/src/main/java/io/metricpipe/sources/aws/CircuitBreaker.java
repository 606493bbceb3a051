package io.metricpipe.sources.aws;

/**
 * A circuit breaker for one (account, region, service). After {@code threshold} consecutive
 * failures it opens and refuses calls for {@code openMs}; then one probe call is let through
 * (half-open): success closes it, failure opens it again. Time is passed in, so it is testable and
 * never sleeps.
 */
public final class CircuitBreaker {
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final long openMs;
    private int consecutiveFailures;
    private long openUntil;
    private State state = State.CLOSED;

    public CircuitBreaker(int threshold, long openMs) {
        if (threshold < 1 || openMs < 0) {
            throw new IllegalArgumentException("threshold must be >= 1 and open time >= 0");
        }
        this.threshold = threshold;
        this.openMs = openMs;
    }

    /** Whether a call may be made at {@code now}. */
    public synchronized boolean allows(long now) {
        if (state == State.OPEN && now >= openUntil) {
            state = State.HALF_OPEN;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void success() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public synchronized void failure(long now) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openUntil = now + openMs;
        }
    }

    public synchronized State state() {
        return state;
    }
}
