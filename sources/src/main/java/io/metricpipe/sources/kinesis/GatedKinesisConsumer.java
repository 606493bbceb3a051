package io.metricpipe.sources.kinesis;

import io.metricpipe.core.model.DecodedRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.internals.KinesisDataFetcher;
import org.apache.flink.streaming.connectors.kinesis.model.KinesisStreamShardState;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * {@link FlinkKinesisConsumer} with per-shard {@link ShardWatermarks} whose watermark waits for
 * every subscribed shard to start (see {@link ShardStartGate}). Everything else is the connector's
 * own behaviour.
 */
final class GatedKinesisConsumer extends FlinkKinesisConsumer<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final long idleMs;
    private final Duration maxOutOfOrderness;
    private transient ShardStartGate gate;

    GatedKinesisConsumer(
            String stream,
            KinesisDeserializationSchema<DecodedRecord> deserializer,
            Properties properties,
            long idleMs,
            Duration maxOutOfOrderness) {
        super(stream, deserializer, properties);
        this.idleMs = idleMs;
        this.maxOutOfOrderness = maxOutOfOrderness;
        setPeriodicWatermarkAssigner(new ShardWatermarks(maxOutOfOrderness));
    }

    @Override
    protected KinesisDataFetcher<DecodedRecord> createFetcher(
            List<String> streams,
            SourceContext<DecodedRecord> sourceContext,
            RuntimeContext runtimeContext,
            Properties configProps,
            KinesisDeserializationSchema<DecodedRecord> deserializationSchema) {
        Duration outOfOrderness = maxOutOfOrderness;
        gate =
                new ShardStartGate(
                        sourceContext,
                        idleMs,
                        System::currentTimeMillis,
                        () -> new ShardWatermarks(outOfOrderness));
        gate.startTimer();
        ShardStartGate subscriptions = gate;
        return new KinesisDataFetcher<DecodedRecord>(
                streams,
                gate,
                runtimeContext,
                configProps,
                deserializationSchema,
                getShardAssigner(),
                getPeriodicWatermarkAssigner(),
                getWatermarkTracker()) {
            @Override
            public int registerNewSubscribedShardState(KinesisStreamShardState state) {
                subscriptions.subscribed(state.getStreamShardHandle().getShard().getShardId());
                return super.registerNewSubscribedShardState(state);
            }
        };
    }

    @Override
    public void close() throws Exception {
        if (gate != null) {
            gate.stopTimer();
        }
        super.close();
    }
}
