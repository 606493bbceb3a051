package io.metricpipe.sources.aws;

/**
 * A token bucket of API calls for one (account, region, API) on one reader: {@code callsPerSecond}
 * refill, up to one second's worth. Each reader gets its share of the scope's budget, so all
 * readers together stay within it. Time is passed in; it never sleeps: a refusal says when to come
 * back.
 */
public final class CallBudget {
    private final double perMs;
    private final double capacity;
    private double tokens;
    private long updated;

    public CallBudget(double callsPerSecond, long now) {
        if (callsPerSecond <= 0) {
            throw new IllegalArgumentException("calls per second must be positive");
        }
        this.perMs = callsPerSecond / 1000;
        this.capacity = Math.max(1, callsPerSecond);
        this.tokens = capacity;
        this.updated = now;
    }

    /**
     * Takes {@code calls} tokens if there are enough (a request larger than the bucket goes through
     * when it is full, leaving a debt); returns 0, or the milliseconds to wait.
     */
    public synchronized long tryAcquire(int calls, long now) {
        tokens = Math.min(capacity, tokens + (now - updated) * perMs);
        updated = now;
        double needed = Math.min(calls, capacity);
        if (tokens >= needed) {
            tokens -= calls;
            return 0;
        }
        return (long) Math.ceil((needed - tokens) / perMs);
    }
}
