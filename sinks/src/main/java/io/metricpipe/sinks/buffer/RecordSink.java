package io.metricpipe.sinks.buffer;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.StatefulSink.StatefulSinkWriter;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An {@link AsyncSinkBase} whose buffered request entries are the records themselves: the writer
 * turns a batch of records into one request when it sends it, so it still has each record at hand
 * when a request fails (to dead-letter it, or to count it). Buffered records are checkpointed in
 * their own Flink serializer.
 */
public abstract class RecordSink<T extends Serializable> extends AsyncSinkBase<T, T> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;

    protected RecordSink(
            TypeInformation<T> type,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMs,
            long maxRecordSizeInBytes,
            long requestTimeoutMs) {
        super(
                (ElementConverter<T, T>) (r, context) -> r,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMs,
                maxRecordSizeInBytes,
                requestTimeoutMs,
                false);
        this.type = type;
    }

    /** A writer with nothing buffered yet. */
    @Override
    public StatefulSinkWriter<T, BufferedRequestState<T>> createWriter(InitContext context)
            throws IOException {
        return restoreWriter(context, Collections.emptyList());
    }

    /** The writer's configuration: this sink's batching, in-flight and timeout settings. */
    protected AsyncSinkWriterConfiguration writerConfiguration() {
        return AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<T>> getWriterStateSerializer() {
        return new BufferedRecordSerializer<>(type);
    }
}
