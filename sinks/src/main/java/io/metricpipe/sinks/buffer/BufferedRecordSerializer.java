package io.metricpipe.sinks.buffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/**
 * Records buffered in an async sink's checkpointed state (the OTLP and DynamoDB writers), in the
 * records' own Flink serializer. Version 2 puts that serializer's snapshot in front of the records,
 * so a job whose record classes or formats changed restores the buffer with the serializer that
 * wrote it (Flink's POJO evolution, {@code FormatVersionSnapshot} for our own formats). Version 1,
 * without it, is read with the current serializer, as it was written.
 */
public final class BufferedRecordSerializer<T extends Serializable>
        extends AsyncSinkWriterStateSerializer<T> {
    private static final int VERSION = 2;

    private final TypeSerializer<T> records;

    /**
     * The serializer reading the buffer being restored: the records' at the time it was written.
     */
    private TypeSerializer<T> reader;

    public BufferedRecordSerializer(Class<T> type) {
        this(TypeInformation.of(type));
    }

    public BufferedRecordSerializer(TypeInformation<T> type) {
        this.records = type.createSerializer(new SerializerConfigImpl());
        this.reader = records;
    }

    @Override
    public byte[] serialize(BufferedRequestState<T> state) throws IOException {
        byte[] entries = super.serialize(state);
        DataOutputSerializer out = new DataOutputSerializer(entries.length + 256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, records.snapshotConfiguration());
        out.writeInt(entries.length);
        out.write(entries);
        return out.getCopyOfBuffer();
    }

    @Override
    public BufferedRequestState<T> deserialize(int version, byte[] serialized) throws IOException {
        if (version == 1) {
            reader = records;
            return super.deserialize(version, serialized);
        }
        if (version != VERSION) {
            throw new IOException("unknown sink buffer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        TypeSerializerSnapshot<T> written =
                TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
        if (records.snapshotConfiguration().resolveSchemaCompatibility(written).isIncompatible()) {
            throw new IOException(
                    "the sink buffer was written in a format this job cannot read: " + written);
        }
        reader = written.restoreSerializer();
        byte[] entries = new byte[in.readInt()];
        in.readFully(entries);
        return super.deserialize(version, entries);
    }

    @Override
    protected void serializeRequestToStream(T record, DataOutputStream out) throws IOException {
        records.serialize(record, new DataOutputViewStreamWrapper(out));
    }

    @Override
    protected T deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return reader.deserialize(new DataInputViewStreamWrapper(in));
    }

    @Override
    public int getVersion() {
        return VERSION;
    }
}
