package io.metricpipe.sinks.buffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * Records buffered in an async sink's checkpointed state (the OTLP and DynamoDB writers), in the
 * records' own Flink serializer.
 */
public final class BufferedRecordSerializer<T extends Serializable>
        extends AsyncSinkWriterStateSerializer<T> {
    private final TypeSerializer<T> pojo;

    public BufferedRecordSerializer(Class<T> type) {
        this(TypeInformation.of(type));
    }

    public BufferedRecordSerializer(TypeInformation<T> type) {
        this.pojo = type.createSerializer(new SerializerConfigImpl());
    }

    @Override
    protected void serializeRequestToStream(T record, DataOutputStream out) throws IOException {
        pojo.serialize(record, new DataOutputViewStreamWrapper(out));
    }

    @Override
    protected T deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return pojo.deserialize(new DataInputViewStreamWrapper(in));
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
