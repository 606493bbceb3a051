package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.OwnSerializer;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link WindowAccumulator}. Every record starts with a format version so the
 * layout can evolve; an unknown version fails loudly instead of misreading state.
 */
public final class WindowAccumulatorSerializer extends OwnSerializer<WindowAccumulator> {
    private static final long serialVersionUID = 1L;
    static final int CURRENT_VERSION = 2;

    public static final WindowAccumulatorSerializer INSTANCE = new WindowAccumulatorSerializer();

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy a window accumulator", e);
        }
    }

    @Override
    public void serialize(WindowAccumulator window, DataOutputView out) throws IOException {
        WindowAccumulator acc = window.folded();
        out.writeInt(CURRENT_VERSION);
        out.writeBoolean(acc.resourceType != null);
        if (acc.resourceType != null) {
            out.writeUTF(acc.resourceType);
        }
        out.writeInt(acc.attributes.size());
        for (Map.Entry<String, WindowAccumulator.Attribute> e : acc.attributes.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().timestamp);
            out.writeUTF(e.getValue().value);
        }
        out.writeInt(acc.metrics.size());
        for (Map.Entry<String, MetricAccumulator> e : acc.metrics.entrySet()) {
            MetricAccumulator m = e.getValue();
            out.writeUTF(e.getKey());
            out.writeByte(m.kind().code());
            out.writeBoolean(m.unit != null);
            if (m.unit != null) {
                out.writeUTF(m.unit);
            }
            m.writeBody(out);
        }
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        int version = in.readInt();
        if (version != CURRENT_VERSION) {
            throw new IOException("unknown WindowAccumulator format version " + version);
        }
        WindowAccumulator acc = new WindowAccumulator();
        if (in.readBoolean()) {
            acc.resourceType = in.readUTF();
        }
        int attributes = in.readInt();
        for (int i = 0; i < attributes; i++) {
            String key = in.readUTF();
            long ts = in.readLong();
            acc.attributes.put(key, new WindowAccumulator.Attribute(ts, in.readUTF()));
        }
        int metrics = in.readInt();
        for (int i = 0; i < metrics; i++) {
            String name = in.readUTF();
            MetricAccumulator m = MetricAccumulator.create(MetricKind.ofCode(in.readByte()));
            if (in.readBoolean()) {
                m.unit = in.readUTF();
            }
            m.readBody(in);
            acc.metrics.put(name, m);
        }
        return acc;
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
