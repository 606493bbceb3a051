package io.metricpipe.sources.cloudwatch.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: account, region, collector, cursor. */
public final class CloudWatchSplitSerializer implements SimpleVersionedSerializer<CloudWatchSplit> {
    public static final int CURRENT_VERSION = 1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(CloudWatchSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    static void write(CloudWatchSplit split, DataOutputSerializer out) throws IOException {
        out.writeUTF(split.account());
        out.writeUTF(split.region());
        out.writeUTF(split.collector());
        out.writeLong(split.cursor());
    }

    @Override
    public CloudWatchSplit deserialize(int version, byte[] bytes) throws IOException {
        if (version != CURRENT_VERSION) {
            throw new IOException(
                    "unknown CloudWatch split serializer version "
                            + version
                            + " (this build reads version "
                            + CURRENT_VERSION
                            + ")");
        }
        return read(new DataInputDeserializer(bytes));
    }

    static CloudWatchSplit read(DataInputDeserializer in) throws IOException {
        return new CloudWatchSplit(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong());
    }
}
