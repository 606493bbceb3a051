package io.metricpipe.sources.rules;

import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** The one split of a {@link RuleFileSource}: the file it watches. */
public final class RuleFileSplit implements SourceSplit {
    final String path;

    RuleFileSplit(String path) {
        this.path = path;
    }

    @Override
    public String splitId() {
        return "rules";
    }

    /** The split's path, versioned so that a later split can add fields. */
    static final class Serializer implements SimpleVersionedSerializer<RuleFileSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RuleFileSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            out.writeUTF(split.path);
            return out.getCopyOfBuffer();
        }

        @Override
        public RuleFileSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("unknown rule file split version " + version);
            }
            return new RuleFileSplit(new DataInputDeserializer(bytes).readUTF());
        }
    }

    /** Whether the enumerator has handed the split out: its checkpoint. */
    static final class AssignedSerializer implements SimpleVersionedSerializer<Boolean> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Boolean assigned) {
            return new byte[] {(byte) (assigned ? 1 : 0)};
        }

        @Override
        public Boolean deserialize(int version, byte[] bytes) {
            return bytes.length > 0 && bytes[0] == 1;
        }
    }
}
