package io.metricpipe.sources.polling;

import java.util.List;

/** The splits not yet handed to a reader; assigned splits live in the readers' state. */
public final class ScopeEnumeratorState<S> {
    private final List<S> unassigned;

    public ScopeEnumeratorState(List<S> unassigned) {
        this.unassigned = List.copyOf(unassigned);
    }

    public List<S> unassigned() {
        return unassigned;
    }
}
