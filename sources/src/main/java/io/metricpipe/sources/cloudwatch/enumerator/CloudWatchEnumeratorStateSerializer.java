package io.metricpipe.sources.cloudwatch.enumerator;

import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplitSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: the number of unassigned splits, then each in the split serializer's format. */
public final class CloudWatchEnumeratorStateSerializer
        implements SimpleVersionedSerializer<CloudWatchEnumeratorState> {
    public static final int CURRENT_VERSION = 1;

    private final CloudWatchSplitSerializer splits = new CloudWatchSplitSerializer();

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(CloudWatchEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.unassigned().size());
        for (CloudWatchSplit split : state.unassigned()) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public CloudWatchEnumeratorState deserialize(int version, byte[] bytes) throws IOException {
        if (version != CURRENT_VERSION) {
            throw new IOException(
                    "unknown CloudWatch enumerator state version "
                            + version
                            + " (this build reads version "
                            + CURRENT_VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        int n = in.readInt();
        List<CloudWatchSplit> unassigned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] split = new byte[in.readInt()];
            in.readFully(split);
            unassigned.add(splits.deserialize(CloudWatchSplitSerializer.CURRENT_VERSION, split));
        }
        return new CloudWatchEnumeratorState(unassigned);
    }
}
