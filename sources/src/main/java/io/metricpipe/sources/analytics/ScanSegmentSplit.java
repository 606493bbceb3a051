package io.metricpipe.sources.analytics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One segment of a parallel Scan of the {@code analytics-data} table, and where its reading got to:
 * the key of the last item read ({@code id}, {@code timestamp}), or none from the start.
 */
public final class ScanSegmentSplit implements SourceSplit {
    final int segment;
    final int totalSegments;
    final String lastId;
    final String lastTimestamp;

    ScanSegmentSplit(int segment, int totalSegments, String lastId, String lastTimestamp) {
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.lastId = lastId;
        this.lastTimestamp = lastTimestamp;
    }

    ScanSegmentSplit after(String id, String timestamp) {
        return new ScanSegmentSplit(segment, totalSegments, id, timestamp);
    }

    @Override
    public String splitId() {
        return "segment-" + segment + "-of-" + totalSegments;
    }

    /** Version 1: segment, total, then the last key (a flag and two strings). */
    static final class Serializer implements SimpleVersionedSerializer<ScanSegmentSplit> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ScanSegmentSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, split);
            }
            return bytes.toByteArray();
        }

        static void write(DataOutputStream out, ScanSegmentSplit split) throws IOException {
            out.writeInt(split.segment);
            out.writeInt(split.totalSegments);
            out.writeBoolean(split.lastId != null);
            if (split.lastId != null) {
                out.writeUTF(split.lastId);
                out.writeUTF(split.lastTimestamp);
            }
        }

        @Override
        public ScanSegmentSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown scan segment version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }

        static ScanSegmentSplit read(DataInputStream in) throws IOException {
            int segment = in.readInt();
            int total = in.readInt();
            return in.readBoolean()
                    ? new ScanSegmentSplit(segment, total, in.readUTF(), in.readUTF())
                    : new ScanSegmentSplit(segment, total, null, null);
        }
    }
}
