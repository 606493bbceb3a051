package io.metricpipe.sources.polling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

/**
 * Hands each polling scope (e.g. account, region, collector) to one reader, the same one every time
 * for a given parallelism: {@code hash(splitId) mod parallelism}. The set of scopes comes from the
 * configuration, so there is nothing to discover; a split a failed reader gives back goes to its
 * owner again.
 */
public final class ScopeEnumerator<S extends SourceSplit>
        implements SplitEnumerator<S, ScopeEnumeratorState<S>> {
    private final SplitEnumeratorContext<S> context;
    private final List<S> unassigned;
    private final Set<String> allSplitIds;

    /**
     * @param unassigned splits not yet owned by a reader (all of them on a fresh start)
     * @param allSplitIds every scope of the configuration, assigned or not
     */
    public ScopeEnumerator(
            SplitEnumeratorContext<S> context,
            Collection<S> unassigned,
            Collection<String> allSplitIds) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
        this.allSplitIds = new HashSet<>(allSplitIds);
    }

    static int owner(SourceSplit split, int parallelism) {
        return owner(split.splitId(), parallelism);
    }

    static int owner(String splitId, int parallelism) {
        return (splitId.hashCode() & Integer.MAX_VALUE) % parallelism;
    }

    @Override
    public void start() {
        assignPending();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed on registration; readers never ask.
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtaskId) {
        unassigned.addAll(splits);
        assignPending();
    }

    /**
     * A reader that owns no scope is told so: it finishes, and its channel stops holding back the
     * watermark of the windows downstream (with more readers than scopes, it would otherwise hold
     * them back forever).
     */
    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        if (allSplitIds.stream().noneMatch(id -> owner(id, parallelism) == subtaskId)) {
            context.signalNoMoreSplits(subtaskId);
        }
        assignPending();
    }

    private void assignPending() {
        Map<Integer, List<S>> assignment = new LinkedHashMap<>();
        List<S> waiting = new ArrayList<>();
        for (S split : unassigned) {
            int owner = owner(split, context.currentParallelism());
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
            } else {
                waiting.add(split);
            }
        }
        unassigned.clear();
        unassigned.addAll(waiting);
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
    }

    @Override
    public ScopeEnumeratorState<S> snapshotState(long checkpointId) {
        return new ScopeEnumeratorState<>(unassigned);
    }

    @Override
    public void close() {}
}
