package io.metricpipe.sources.kinesis;

import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.model.DecodedRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * Decodes each Kinesis record right in the consumer, so the per-shard watermark assigner sees event
 * time. Never throws: a bad record becomes a {@link DecodedRecord} carrying a dead letter whose
 * position is the shard and sequence number and whose time is the record's arrival time.
 */
public final class CollectorRecordDeserializer
        implements KinesisDeserializationSchema<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final DecoderSettings settings;
    private final boolean keepRawJson;
    private transient EventDecoder decoder;

    /**
     * @param keepRawJson also carry each good record's JSON text, for the compatibility writer
     */
    public CollectorRecordDeserializer(DecoderSettings settings, boolean keepRawJson) {
        this.settings = settings;
        this.keepRawJson = keepRawJson;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new EventDecoder(settings);
    }

    @Override
    public DecodedRecord deserialize(
            byte[] recordValue,
            String partitionKey,
            String seqNum,
            long approxArrivalTimestamp,
            String stream,
            String shardId) {
        if (decoder == null) {
            decoder = new EventDecoder(settings);
        }
        return decoder.record(
                recordValue, source(stream, shardId), seqNum, approxArrivalTimestamp, keepRawJson);
    }

    static String source(String stream, String shardId) {
        return "kinesis:" + stream + ":" + shardId;
    }

    /** The shard a decoded record came from, read back from its source. */
    static String shardOf(DecodedRecord r) {
        String source;
        if (r.samples != null) {
            String pos = r.samples.sourcePosition;
            int slash = pos == null ? -1 : pos.indexOf('/');
            source = slash < 0 ? pos : pos.substring(0, slash);
        } else {
            source = r.deadLetter.source;
        }
        return source == null ? null : source.substring(source.lastIndexOf(':') + 1);
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }
}
