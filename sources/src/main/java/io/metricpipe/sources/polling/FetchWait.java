package io.metricpipe.sources.polling;

/**
 * Lets a split reader's fetch() wait for its next due scope without blocking shutdown: the wait is
 * bounded and {@link #wakeUp()} (the reader's wakeUp) ends it at once.
 */
public final class FetchWait {
    private static final long MAX_WAIT_MS = 500;

    private final Object lock = new Object();
    private boolean wokenUp;

    /** Waits up to {@code ms}, at most 500 ms, unless woken up. */
    public void await(long ms) {
        long bounded = Math.min(MAX_WAIT_MS, ms);
        if (bounded <= 0) {
            return;
        }
        synchronized (lock) {
            if (!wokenUp) {
                try {
                    lock.wait(bounded);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            wokenUp = false;
        }
    }

    public void wakeUp() {
        synchronized (lock) {
            wokenUp = true;
            lock.notifyAll();
        }
    }
}
