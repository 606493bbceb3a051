package io.metricpipe.sources.kinesis;

import io.metricpipe.core.model.DecodedRecord;
import java.time.Duration;
import org.apache.flink.streaming.api.functions.AssignerWithPeriodicWatermarks;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The watermark of one shard: the highest event time seen minus the bounded out-of-orderness. The
 * consumer keeps one instance per shard and emits the minimum over active shards, so a slow shard
 * holds the job back and an idle one (past the idle interval) does not; shards that have not
 * started yet are handled by {@link ShardStartGate}. Dead letters carry no event time and never
 * move the watermark.
 */
final class ShardWatermarks implements AssignerWithPeriodicWatermarks<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMs;
    private long maxTimestamp = Long.MIN_VALUE;

    ShardWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMs = outOfOrderness.toMillis();
    }

    @Override
    public long extractTimestamp(DecodedRecord element, long recordTimestamp) {
        long t = element.eventTime();
        if (t == Long.MIN_VALUE) {
            return recordTimestamp;
        }
        maxTimestamp = Math.max(maxTimestamp, t);
        return t;
    }

    @Override
    public Watermark getCurrentWatermark() {
        return new Watermark(
                maxTimestamp == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : maxTimestamp - outOfOrdernessMs - 1);
    }
}
