package io.metricpipe.sources.cloudwatch.enumerator;

import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import java.util.List;

/** The splits not yet handed to a reader; assigned splits live in the readers' state. */
public final class CloudWatchEnumeratorState {
    private final List<CloudWatchSplit> unassigned;

    public CloudWatchEnumeratorState(List<CloudWatchSplit> unassigned) {
        this.unassigned = List.copyOf(unassigned);
    }

    public List<CloudWatchSplit> unassigned() {
        return unassigned;
    }
}
