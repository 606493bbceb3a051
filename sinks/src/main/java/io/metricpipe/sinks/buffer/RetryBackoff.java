package io.metricpipe.sinks.buffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a failed request back before its records are sent again: 0.5 s, doubling per consecutive
 * failure, at most 30 s. The request stays in flight meanwhile, so an endpoint that is down slows
 * the sink down (backpressure) instead of spinning it.
 */
public final class RetryBackoff implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    public RetryBackoff(String threadName) {
        this.executor =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Runs {@code retry} after the delay the failures so far call for. */
    public void retry(Runnable retry) {
        pause().thenRun(retry);
    }

    /** Completes after the delay the failures so far call for. */
    public CompletableFuture<Void> pause() {
        CompletableFuture<Void> paused = new CompletableFuture<>();
        executor.schedule(
                () -> paused.complete(null),
                delayMs(consecutiveFailures.incrementAndGet()),
                TimeUnit.MILLISECONDS);
        return paused;
    }

    /** A request succeeded: the next failure waits the shortest delay again. */
    public void succeeded() {
        consecutiveFailures.set(0);
    }

    /** 0.5 s, doubling per consecutive failure, at most 30 s. */
    public static long delayMs(int failures) {
        return Math.min(30_000L, 500L << Math.min(failures - 1, 6));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
