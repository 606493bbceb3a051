package io.metricpipe.sources.analytics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Hands out the scan segments one at a time to the readers that ask, until none is left. */
final class ScanSegmentEnumerator
        implements SplitEnumerator<ScanSegmentSplit, List<ScanSegmentSplit>> {
    private final SplitEnumeratorContext<ScanSegmentSplit> context;
    private final Deque<ScanSegmentSplit> remaining;

    ScanSegmentEnumerator(
            SplitEnumeratorContext<ScanSegmentSplit> context, List<ScanSegmentSplit> remaining) {
        this.context = context;
        this.remaining = new ArrayDeque<>(remaining);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, String hostname) {
        ScanSegmentSplit next = remaining.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtask);
        } else {
            context.assignSplit(next, subtask);
        }
    }

    @Override
    public void addSplitsBack(List<ScanSegmentSplit> splits, int subtask) {
        splits.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtask) {}

    @Override
    public List<ScanSegmentSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}

    /** Version 1: the count, then each split as {@link ScanSegmentSplit.Serializer} writes it. */
    static final class StateSerializer
            implements SimpleVersionedSerializer<List<ScanSegmentSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<ScanSegmentSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (ScanSegmentSplit s : splits) {
                    ScanSegmentSplit.Serializer.write(out, s);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<ScanSegmentSplit> deserialize(int version, byte[] serialized)
                throws IOException {
            if (version != 1) {
                throw new IOException("unknown scan enumerator version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<ScanSegmentSplit> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(ScanSegmentSplit.Serializer.read(in));
                }
                return splits;
            }
        }
    }
}
