package io.metricpipe.sources.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

class ShardStartGateTest {
    /** Records what reaches Flink's source context. */
    static final class Recorder implements SourceFunction.SourceContext<DecodedRecord> {
        final List<Object> out = new ArrayList<>();

        @Override
        public void collect(DecodedRecord element) {
            out.add(element);
        }

        @Override
        public void collectWithTimestamp(DecodedRecord element, long timestamp) {
            out.add(element);
        }

        @Override
        public void emitWatermark(Watermark mark) {
            out.add(mark);
        }

        @Override
        public void markAsTemporarilyIdle() {
            out.add("idle");
        }

        @Override
        public Object getCheckpointLock() {
            return this;
        }

        @Override
        public void close() {}
    }

    private static DecodedRecord from(String shard) {
        return from(shard, 5);
    }

    private static DecodedRecord from(String shard, long eventTime) {
        ResourceSamples s = new ResourceSamples();
        s.sourcePosition = CollectorRecordDeserializer.source("events", shard) + "/123";
        s.timestamp = eventTime;
        return DecodedRecord.of(s, null);
    }

    private final AtomicLong now = new AtomicLong(1_000);
    private final Recorder flink = new Recorder();
    // No out-of-orderness: a shard's watermark is its highest event time - 1.
    private final ShardStartGate gate =
            new ShardStartGate(flink, 30_000, now::get, () -> new ShardWatermarks(Duration.ZERO));

    private void deliver(DecodedRecord record) {
        gate.collectWithTimestamp(record, record.eventTime());
    }

    @Test
    void watermarkWaitsForEveryShardToStart() {
        // Given two subscribed shards, only the first has delivered
        gate.subscribed("shardId-0");
        gate.subscribed("shardId-1");
        DecodedRecord first = from("shardId-0", 901);
        deliver(first);

        // When the fetcher emits a watermark from shard 0 alone, it is held back
        gate.emitWatermark(new Watermark(500));
        gate.emitWatermark(new Watermark(900));
        gate.markAsTemporarilyIdle();
        assertThat(flink.out).containsExactly(first);

        // Then the latest held watermark is released once shard 1 delivers past it
        DecodedRecord second = from("shardId-1", 1001);
        deliver(second);
        assertThat(flink.out).containsExactly(first, second, new Watermark(900));

        deliver(from("shardId-0", 1001));
        gate.emitWatermark(new Watermark(1000));
        assertThat(flink.out).endsWith(new Watermark(1000));
    }

    @Test
    void aWatermarkAskedForBeforeAShardStartedIsCappedByThatShardsRecords() {
        // Given shard 0 read its whole backlog (up to 1000) before shard 1's first read returned,
        // and the fetcher asked for shard 0's watermark
        gate.subscribed("shardId-0");
        gate.subscribed("shardId-1");
        deliver(from("shardId-0", 100));
        deliver(from("shardId-0", 1000));
        gate.emitWatermark(new Watermark(999));

        // When shard 1 starts with its backlog at 10, the released watermark is shard 1's, so the
        // rest of shard 1's backlog is not late
        deliver(from("shardId-1", 10));
        assertThat(flink.out).endsWith(new Watermark(9));
        deliver(from("shardId-1", 500));
        gate.release();
        assertThat(flink.out).endsWith(new Watermark(499));

        // Then it catches up to what the fetcher asked for (the fetcher never asks for it again)
        deliver(from("shardId-1", 2000));
        gate.release();
        assertThat(flink.out).endsWith(new Watermark(999));
        long watermarks = flink.out.stream().filter(Watermark.class::isInstance).count();
        gate.release();
        assertThat(flink.out.stream().filter(Watermark.class::isInstance).count())
                .as("the same watermark is not emitted twice")
                .isEqualTo(watermarks);
    }

    @Test
    void aShardIdleForTheIntervalNoLongerCapsTheWatermark() {
        gate.subscribed("shardId-0");
        gate.subscribed("shardId-1");
        deliver(from("shardId-0", 100));
        deliver(from("shardId-1", 2000));
        gate.emitWatermark(new Watermark(1999));
        assertThat(flink.out).endsWith(new Watermark(99));

        now.addAndGet(30_000);
        deliver(from("shardId-1", 3000));
        gate.release();

        assertThat(flink.out).endsWith(new Watermark(1999));
    }

    @Test
    void aShardThatNeverDeliversOpensTheGateAfterTheIdleInterval() {
        gate.subscribed("shardId-0");
        gate.subscribed("shardId-1");
        gate.collectWithTimestamp(from("shardId-0"), 5);
        gate.emitWatermark(new Watermark(500));
        assertThat(gate.isOpen()).isFalse();

        now.addAndGet(30_000);

        assertThat(gate.isOpen()).isTrue();
        gate.emitWatermark(new Watermark(600));
        assertThat(flink.out).endsWith(new Watermark(600));
    }

    @Test
    void idlenessIsHeldUntilOpenToo() {
        gate.subscribed("shardId-0");
        gate.markAsTemporarilyIdle();
        assertThat(flink.out).isEmpty();

        now.addAndGet(30_000);
        gate.markAsTemporarilyIdle();
        assertThat(flink.out).containsExactly("idle");
    }

    @Test
    void aHeldIdleIsDroppedWhenTheShardStarts() {
        // Given a subtask whose only shard has not delivered yet, the fetcher calls it idle
        gate.subscribed("shardId-0");
        gate.markAsTemporarilyIdle();

        // When the shard delivers, the subtask is active: releasing "idle" now would let other
        // subtasks run the watermark past this shard's backlog
        DecodedRecord first = from("shardId-0");
        gate.collectWithTimestamp(first, 5);

        assertThat(flink.out).containsExactly(first);
    }
}
