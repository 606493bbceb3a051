package io.metricpipe.sources.rules;

import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands the one split (when a file is configured) to the first reader that registers, and again to
 * a reader when a failure returns it. Without a file, readers get nothing and only close their
 * watermark.
 */
final class RuleFileEnumerator implements SplitEnumerator<RuleFileSplit, Boolean> {
    private final SplitEnumeratorContext<RuleFileSplit> context;
    private final String path;
    private boolean assigned;

    RuleFileEnumerator(
            SplitEnumeratorContext<RuleFileSplit> context, String path, boolean assigned) {
        this.context = context;
        this.path = path;
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
    }

    @Override
    public Boolean snapshotState(long checkpointId) {
        return assigned;
    }

    @Override
    public void close() {}
}
