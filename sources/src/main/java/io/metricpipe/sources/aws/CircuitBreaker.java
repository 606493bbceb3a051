package io.metricpipe.sources.aws;

import java.io.Serializable;
import java.time.Duration;

/**
 * A circuit breaker for one (account, region, service). After {@code threshold} consecutive
 * failures it opens and refuses calls for {@code openMs}; then one probe call is let through
 * (half-open): success closes it, failure opens it again. Time is passed in, so it is testable and
 * never sleeps.
 */
public final class CircuitBreaker {
    /** How breakers are made: failures before opening, and how long they stay open. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;

        /** 5 failures, open for 60 s. */
        public static final Settings DEFAULT = new Settings(5, Duration.ofSeconds(60));

        public final int failures;
        public final long openMs;

        public Settings(int failures, Duration openFor) {
            if (failures < 1 || openFor.isNegative()) {
                throw new IllegalArgumentException(
                        "circuit breaker failures must be >= 1 and its open time >= 0");
            }
            this.failures = failures;
            this.openMs = openFor.toMillis();
        }

        public CircuitBreaker create() {
            return new CircuitBreaker(failures, openMs);
        }
    }

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
