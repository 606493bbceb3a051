package io.metricpipe.sources.kinesis;

import io.metricpipe.core.model.DecodedRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Holds a consumer subtask's watermark (and idleness) back until every shard it subscribed to has
 * delivered a record, or has been subscribed for the idle interval without one.
 *
 * <p>Why: {@code FlinkKinesisConsumer} computes the subtask watermark only over shards that have
 * already emitted, and marks a subtask idle while none has. When a backlog is read (a replay from
 * {@code TRIM_HORIZON}, a restart), one shard's whole backlog can arrive in a single GetRecords
 * call and push the watermark to its end before another shard's first call returns; that shard's
 * backlog would then be late. With this gate a shard that has not started counts as "not yet",
 * which is what per-shard watermarks mean. It sits between the fetcher and Flink's source context.
 */
final class ShardStartGate implements SourceFunction.SourceContext<DecodedRecord> {
    private final SourceFunction.SourceContext<DecodedRecord> delegate;
    private final long idleMs;
    private final LongSupplier clock;

    private final Map<String, Long> subscribedAt = new HashMap<>();
    private final Set<String> started = new HashSet<>();
    private Watermark held;
    private boolean idleHeld;
    private ScheduledExecutorService timer;

    ShardStartGate(
            SourceFunction.SourceContext<DecodedRecord> delegate, long idleMs, LongSupplier clock) {
        this.delegate = delegate;
        this.idleMs = idleMs;
        this.clock = clock;
    }

    /**
     * Re-checks the gate periodically, so a shard that never delivers opens it after the idle
     * interval.
     */
    void startTimer() {
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "kinesis-shard-start-gate");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(this::releaseIfOpen, 200, 200, TimeUnit.MILLISECONDS);
    }

    void stopTimer() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    synchronized void subscribed(String shardId) {
        subscribedAt.putIfAbsent(shardId, clock.getAsLong());
    }

    synchronized boolean isOpen() {
        long now = clock.getAsLong();
        for (Map.Entry<String, Long> e : subscribedAt.entrySet()) {
            if (!started.contains(e.getKey()) && now - e.getValue() < idleMs) {
                return false;
            }
        }
        return true;
    }

    private void releaseIfOpen() {
        synchronized (delegate.getCheckpointLock()) {
            Watermark release;
            boolean idle;
            synchronized (this) {
                if ((held == null && !idleHeld) || !isOpen()) {
                    return;
                }
                release = held;
                idle = idleHeld;
                held = null;
                idleHeld = false;
            }
            if (release != null) {
                delegate.emitWatermark(release);
            } else if (idle) {
                delegate.markAsTemporarilyIdle();
            }
        }
    }

    private void started(DecodedRecord record) {
        String shard = CollectorRecordDeserializer.shardOf(record);
        boolean wasOpen;
        synchronized (this) {
            wasOpen = isOpen();
            if (shard != null) {
                started.add(shard);
            }
            // A record was just emitted: a held "idle" is stale and must not be released.
            idleHeld = false;
        }
        if (!wasOpen) {
            releaseIfOpen();
        }
    }

    @Override
    public void collect(DecodedRecord element) {
        delegate.collect(element);
        started(element);
    }

    @Override
    public void collectWithTimestamp(DecodedRecord element, long timestamp) {
        delegate.collectWithTimestamp(element, timestamp);
        started(element);
    }

    @Override
    public void emitWatermark(Watermark mark) {
        synchronized (this) {
            if (!isOpen()) {
                if (held == null || mark.getTimestamp() > held.getTimestamp()) {
                    held = mark;
                }
                idleHeld = false;
                return;
            }
            held = null;
        }
        delegate.emitWatermark(mark);
    }

    @Override
    public void markAsTemporarilyIdle() {
        synchronized (this) {
            if (!isOpen()) {
                idleHeld = held == null;
                return;
            }
        }
        delegate.markAsTemporarilyIdle();
    }

    @Override
    public Object getCheckpointLock() {
        return delegate.getCheckpointLock();
    }

    @Override
    public void close() {
        stopTimer();
        delegate.close();
    }
}
