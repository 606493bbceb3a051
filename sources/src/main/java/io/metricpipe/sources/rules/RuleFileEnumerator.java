package io.metricpipe.sources.rules;

import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the one split (when a file is configured) to the first reader that registers, and again to
 * a reader when a failure returns it. Without a file, readers get nothing and only close their
 * watermark. Bounded, each reader is told at once that no more splits come, so it ends.
 */
final class RuleFileEnumerator implements SplitEnumerator<RuleFileSplit, Boolean> {
    private final SplitEnumeratorContext<RuleFileSplit> context;
    private final String path;
    private final boolean bounded;
    private boolean assigned;

    RuleFileEnumerator(
            SplitEnumeratorContext<RuleFileSplit> context,
            String path,
            boolean bounded,
            boolean assigned) {
        this.context = context;
        this.path = path;
        this.bounded = bounded;
        this.assigned = assigned;
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<RuleFileSplit> splits, int subtaskId) {
        assigned = false;
        for (int reader : context.registeredReaders().keySet()) {
            addReader(reader);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (!assigned && !path.isEmpty()) {
            context.assignSplit(new RuleFileSplit(path), subtaskId);
            assigned = true;
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public Boolean snapshotState(long checkpointId) {
        return assigned;
    }

    @Override
    public void close() {}
}
