package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplitState;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/** The CloudWatch reader: one fetcher thread polling all of this reader's splits. */
public final class CloudWatchSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                FetchedPeriods, ResourceSamples, CloudWatchSplit, CloudWatchSplitState> {

    public CloudWatchSourceReader(
            Supplier<CloudWatchSplitReader> splitReader, SourceReaderContext context) {
        super(splitReader::get, new CloudWatchRecordEmitter(), new Configuration(), context);
    }

    @Override
    protected void onSplitFinished(Map<String, CloudWatchSplitState> finished) {
        // Splits are polled forever; none finishes.
    }

    @Override
    protected CloudWatchSplitState initializedState(CloudWatchSplit split) {
        return new CloudWatchSplitState(split);
    }

    @Override
    protected CloudWatchSplit toSplitType(String splitId, CloudWatchSplitState state) {
        return state.toSplit();
    }
}
