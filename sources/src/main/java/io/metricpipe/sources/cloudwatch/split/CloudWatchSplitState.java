package io.metricpipe.sources.cloudwatch.split;

/** The mutable progress of a {@link CloudWatchSplit} inside a reader. */
public final class CloudWatchSplitState {
    private final CloudWatchSplit split;
    private long cursor;

    public CloudWatchSplitState(CloudWatchSplit split) {
        this.split = split;
        this.cursor = split.cursor();
    }

    public CloudWatchSplit split() {
        return split;
    }

    public long cursor() {
        return cursor;
    }

    /** Moves the cursor forward only; a fetch that ends earlier changes nothing. */
    public void advanceTo(long newCursor) {
        cursor = Math.max(cursor, newCursor);
    }

    public CloudWatchSplit toSplit() {
        return split.withCursor(cursor);
    }
}
