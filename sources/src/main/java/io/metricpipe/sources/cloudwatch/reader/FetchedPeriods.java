package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.core.model.ResourceSamples;
import java.util.List;

/** What one fetch of one split produced: its samples, and the cursor after them. */
public final class FetchedPeriods {
    final List<ResourceSamples> samples;
    final long cursor;

    FetchedPeriods(List<ResourceSamples> samples, long cursor) {
        this.samples = samples;
        this.cursor = cursor;
    }
}
