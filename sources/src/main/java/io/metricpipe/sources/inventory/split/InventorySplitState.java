package io.metricpipe.sources.inventory.split;

import java.util.List;

/** The mutable progress of an {@link InventorySplit} inside a reader. */
public final class InventorySplitState {
    private final InventorySplit split;
    private long lastRefresh;
    private List<String> knownArns;

    public InventorySplitState(InventorySplit split) {
        this.split = split;
        this.lastRefresh = split.lastRefresh();
        this.knownArns = split.knownArns();
    }

    /** A refresh finished at {@code at} and found {@code arns}. */
    public void refreshed(long at, List<String> arns) {
        lastRefresh = at;
        knownArns = List.copyOf(arns);
    }

    public long lastRefresh() {
        return lastRefresh;
    }

    public InventorySplit toSplit() {
        return new InventorySplit(
                split.account(), split.region(), split.service(), lastRefresh, knownArns);
    }
}
