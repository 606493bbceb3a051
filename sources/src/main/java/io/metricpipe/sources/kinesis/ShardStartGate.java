package io.metricpipe.sources.kinesis;

import io.metricpipe.core.model.DecodedRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Holds a consumer subtask's watermark (and idleness) back until every shard it subscribed to has
 * delivered a record, or has been subscribed for the idle interval without one; and never lets it
 * pass the watermark of a shard that is delivering.
 *
 * <p>Why: {@code FlinkKinesisConsumer} computes the subtask watermark only over shards that have
 * already emitted, and marks a subtask idle while none has. When a backlog is read (a replay from
 * {@code TRIM_HORIZON}, a restart), one shard's whole backlog can arrive in a single GetRecords
 * call and push the watermark to its end before another shard's first call returns; that shard's
 * backlog would then be late. The connector never emits a watermark twice, so the one it asked for
 * while a shard had not started may be above that shard's records; the gate therefore caps what it
 * lets through at the lowest watermark of the shards that delivered within the idle interval, each
 * tracked with the consumer's own per-shard assigner, and catches up as they advance. It sits
 * between the fetcher and Flink's source context.
 */
final class ShardStartGate implements SourceFunction.SourceContext<DecodedRecord> {
    private final SourceFunction.SourceContext<DecodedRecord> delegate;
    private final long idleMs;
    private final LongSupplier clock;
    private final Supplier<ShardWatermarks> shardWatermarks;

    private final Map<String, Long> subscribedAt = new HashMap<>();
    private final Map<String, ShardProgress> started = new HashMap<>();

    /** The highest watermark the fetcher asked for. */
    private long asked = Long.MIN_VALUE;

    private long emitted = Long.MIN_VALUE;
    private boolean idleHeld;
    private ScheduledExecutorService timer;

    /** What the gate knows of a shard that delivered. */
    private static final class ShardProgress {
        final ShardWatermarks watermarks;
        long lastRecordAt;

        ShardProgress(ShardWatermarks watermarks) {
            this.watermarks = watermarks;
        }
    }

    /**
     * @param idleMs the consumer's idle-shard interval; not positive means shards never go idle
     * @param shardWatermarks a fresh watermark assigner for a shard, as the consumer uses
     */
    ShardStartGate(
            SourceFunction.SourceContext<DecodedRecord> delegate,
            long idleMs,
            LongSupplier clock,
            Supplier<ShardWatermarks> shardWatermarks) {
        this.delegate = delegate;
        this.idleMs = idleMs;
        this.clock = clock;
        this.shardWatermarks = shardWatermarks;
    }

    /**
     * Re-checks the gate periodically, so a shard that never delivers opens it after the idle
     * interval, and a watermark held below the fetcher's catches up.
     */
    void startTimer() {
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "kinesis-shard-start-gate");
                            t.setDaemon(true);
                            return t;
                        });
        timer.scheduleWithFixedDelay(this::release, 200, 200, TimeUnit.MILLISECONDS);
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
            if (!started.containsKey(e.getKey()) && !idleFor(now, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean idleFor(long now, long since) {
        return idleMs > 0 && now - since >= idleMs;
    }

    /** The lowest watermark of the shards that delivered within the idle interval. */
    private long floor(long now) {
        long floor = Long.MAX_VALUE;
        for (ShardProgress shard : started.values()) {
            if (!idleFor(now, shard.lastRecordAt)) {
                floor = Math.min(floor, shard.watermarks.getCurrentWatermark().getTimestamp());
            }
        }
        return floor;
    }

    /** Emits what the fetcher asked for, capped by the shards' floor, once the gate is open. */
    void release() {
        synchronized (delegate.getCheckpointLock()) {
            long mark;
            boolean advance;
            boolean idle;
            synchronized (this) {
                if (!isOpen()) {
                    return;
                }
                mark = Math.min(asked, floor(clock.getAsLong()));
                advance = mark > emitted;
                idle = idleHeld && !advance;
                idleHeld = false;
                if (advance) {
                    emitted = mark;
                }
            }
            if (advance) {
                delegate.emitWatermark(new Watermark(mark));
            } else if (idle) {
                delegate.markAsTemporarilyIdle();
            }
        }
    }

    private void track(DecodedRecord record, long timestamp) {
        String shard = CollectorRecordDeserializer.shardOf(record);
        boolean opening = false;
        synchronized (this) {
            if (shard != null) {
                ShardProgress progress = started.get(shard);
                if (progress == null) {
                    // Only a shard's first record can open the gate (the timer opens it on idle),
                    // so the per-record path does not re-check every shard.
                    opening = !isOpen();
                    progress = new ShardProgress(shardWatermarks.get());
                    started.put(shard, progress);
                }
                progress.watermarks.extractTimestamp(record, timestamp);
                progress.lastRecordAt = clock.getAsLong();
            }
            // A record was just emitted: a held "idle" is stale and must not be released.
            idleHeld = false;
        }
        if (opening) {
            release();
        }
    }

    @Override
    public void collect(DecodedRecord element) {
        delegate.collect(element);
        track(element, Long.MIN_VALUE);
    }

    @Override
    public void collectWithTimestamp(DecodedRecord element, long timestamp) {
        delegate.collectWithTimestamp(element, timestamp);
        track(element, timestamp);
    }

    @Override
    public void emitWatermark(Watermark mark) {
        synchronized (this) {
            asked = Math.max(asked, mark.getTimestamp());
            idleHeld = false;
        }
        release();
    }

    @Override
    public void markAsTemporarilyIdle() {
        synchronized (this) {
            if (!isOpen()) {
                idleHeld = asked <= emitted;
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
