package io.metricpipe.sources.inventory.split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Version 1: account, region, service (UTF), last refresh (long), the number of known ARNs (int)
 * and each ARN (UTF).
 */
public final class InventorySplitSerializer implements SimpleVersionedSerializer<InventorySplit> {
    public static final int CURRENT_VERSION = 1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(InventorySplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 64 * split.knownArns().size());
        out.writeUTF(split.account());
        out.writeUTF(split.region());
        out.writeUTF(split.service());
        out.writeLong(split.lastRefresh());
        out.writeInt(split.knownArns().size());
        for (String arn : split.knownArns()) {
            out.writeUTF(arn);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public InventorySplit deserialize(int version, byte[] bytes) throws IOException {
        if (version != CURRENT_VERSION) {
            throw new IOException(
                    "unknown inventory split version "
                            + version
                            + " (this build reads version "
                            + CURRENT_VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        String account = in.readUTF();
        String region = in.readUTF();
        String service = in.readUTF();
        long lastRefresh = in.readLong();
        int n = in.readInt();
        List<String> arns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            arns.add(in.readUTF());
        }
        return new InventorySplit(account, region, service, lastRefresh, arns);
    }
}
