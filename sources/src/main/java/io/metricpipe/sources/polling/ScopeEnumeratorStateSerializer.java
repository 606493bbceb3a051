package io.metricpipe.sources.polling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Version 1: the number of unassigned splits, then each as its length, the split serializer's
 * version and its bytes.
 */
public final class ScopeEnumeratorStateSerializer<S>
        implements SimpleVersionedSerializer<ScopeEnumeratorState<S>> {
    public static final int CURRENT_VERSION = 1;

    private final SimpleVersionedSerializer<S> splits;
    private final String sourceName;

    /**
     * @param splits the source's split serializer
     * @param sourceName named in the error about an unknown version
     */
    public ScopeEnumeratorStateSerializer(SimpleVersionedSerializer<S> splits, String sourceName) {
        this.splits = splits;
        this.sourceName = sourceName;
    }

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(ScopeEnumeratorState<S> state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.unassigned().size());
        for (S split : state.unassigned()) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(splits.getVersion());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public ScopeEnumeratorState<S> deserialize(int version, byte[] bytes) throws IOException {
        if (version != CURRENT_VERSION) {
            throw new IOException(
                    "unknown "
                            + sourceName
                            + " enumerator state version "
                            + version
                            + " (this build reads version "
                            + CURRENT_VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        int n = in.readInt();
        List<S> unassigned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int splitVersion = in.readInt();
            byte[] split = new byte[in.readInt()];
            in.readFully(split);
            unassigned.add(splits.deserialize(splitVersion, split));
        }
        return new ScopeEnumeratorState<>(unassigned);
    }
}
