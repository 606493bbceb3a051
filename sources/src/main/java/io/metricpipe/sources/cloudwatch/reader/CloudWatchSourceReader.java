package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxyFactory;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplitState;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/** The CloudWatch reader: one fetcher thread polling all of this reader's splits. */
public final class CloudWatchSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                FetchedPeriods, ResourceSamples, CloudWatchSplit, CloudWatchSplitState> {

    public CloudWatchSourceReader(
            Map<String, CollectorSpec> collectors,
            CloudWatchProxyFactory proxies,
            long settleDelayMs,
            int maxPeriodsPerFetch,
            double callsPerSecond,
            CircuitBreaker.Settings breakers,
            SourceReaderContext context) {
        super(
                splitReader(
                        collectors,
                        proxies,
                        settleDelayMs,
                        maxPeriodsPerFetch,
                        callsPerSecond,
                        breakers,
                        new CloudWatchSourceMetrics(context.metricGroup(), Clock.systemUTC())),
                new CloudWatchRecordEmitter(),
                new Configuration(),
                context);
    }

    private static Supplier<SplitReader<FetchedPeriods, CloudWatchSplit>> splitReader(
            Map<String, CollectorSpec> collectors,
            CloudWatchProxyFactory proxies,
            long settleDelayMs,
            int maxPeriodsPerFetch,
            double callsPerSecond,
            CircuitBreaker.Settings breakers,
            CloudWatchSourceMetrics metrics) {
        return () ->
                new CloudWatchSplitReader(
                        collectors,
                        proxies,
                        settleDelayMs,
                        maxPeriodsPerFetch,
                        callsPerSecond,
                        breakers,
                        metrics,
                        Clock.systemUTC());
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
