package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplitState;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a fetch's samples with their period start as event time, then moves the split's cursor: in
 * one call, so a checkpoint sees either none or all of a fetch.
 */
final class CloudWatchRecordEmitter
        implements RecordEmitter<FetchedPeriods, ResourceSamples, CloudWatchSplitState> {
    @Override
    public void emitRecord(
            FetchedPeriods fetched,
            SourceOutput<ResourceSamples> output,
            CloudWatchSplitState state) {
        for (ResourceSamples s : fetched.samples) {
            output.collect(s, s.timestamp);
        }
        state.advanceTo(fetched.cursor);
        output.emitWatermark(new Watermark(state.cursor() - 1));
    }
}
