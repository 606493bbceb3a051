package io.metricpipe.sources.cloudwatch;

import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxyFactory;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.reader.CloudWatchSourceReader;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplitSerializer;
import io.metricpipe.sources.polling.ScopeEnumerator;
import io.metricpipe.sources.polling.ScopeEnumeratorState;
import io.metricpipe.sources.polling.ScopeEnumeratorStateSerializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * CloudWatch metrics as {@link ResourceSamples}: one split per (account, region, collector), each
 * polled with GetMetricData for every settled period after its checkpointed cursor. Build it with
 * {@link #builder()}.
 */
public final class CloudWatchMetricsSource
        implements Source<ResourceSamples, CloudWatchSplit, ScopeEnumeratorState<CloudWatchSplit>>,
                ResultTypeQueryable<ResourceSamples> {
    private static final long serialVersionUID = 1L;

    /** The IAM actions of its calls: series discovery and the datapoints. */
    public static final Set<String> IAM_ACTIONS =
            Set.of("cloudwatch:GetMetricData", "cloudwatch:ListMetrics");

    private final List<String> accounts;
    private final List<String> regions;
    private final Map<String, CollectorSpec> collectors;
    private final CloudWatchProxyFactory proxies;
    private final long settleDelayMs;
    private final Long backfillFrom;
    private final int maxPeriodsPerFetch;
    private final double callsPerSecond;
    private final CircuitBreaker.Settings breakers;

    CloudWatchMetricsSource(
            List<String> accounts,
            List<String> regions,
            Map<String, CollectorSpec> collectors,
            CloudWatchProxyFactory proxies,
            long settleDelayMs,
            Long backfillFrom,
            int maxPeriodsPerFetch,
            double callsPerSecond,
            CircuitBreaker.Settings breakers) {
        this.accounts = List.copyOf(accounts);
        this.regions = List.copyOf(regions);
        this.collectors = new LinkedHashMap<>(collectors);
        this.proxies = proxies;
        this.settleDelayMs = settleDelayMs;
        this.backfillFrom = backfillFrom;
        this.maxPeriodsPerFetch = maxPeriodsPerFetch;
        this.callsPerSecond = callsPerSecond;
        this.breakers = breakers;
    }

    public static CloudWatchMetricsSourceBuilder builder() {
        return new CloudWatchMetricsSourceBuilder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /** Every scope, starting at the backfill start or at the periods settled now. */
    List<CloudWatchSplit> initialSplits(long now) {
        List<CloudWatchSplit> splits = new ArrayList<>();
        for (String account : accounts) {
            for (String region : regions) {
                for (CollectorSpec spec : collectors.values()) {
                    long cursor =
                            PeriodMath.initialCursor(
                                    backfillFrom, now, settleDelayMs, spec.period.toMillis());
                    splits.add(new CloudWatchSplit(account, region, spec.name, cursor));
                }
            }
        }
        return splits;
    }

    @Override
    public SplitEnumerator<CloudWatchSplit, ScopeEnumeratorState<CloudWatchSplit>> createEnumerator(
            SplitEnumeratorContext<CloudWatchSplit> context) {
        List<CloudWatchSplit> splits = initialSplits(System.currentTimeMillis());
        return new ScopeEnumerator<>(context, splits, scopeIds(splits));
    }

    @Override
    public SplitEnumerator<CloudWatchSplit, ScopeEnumeratorState<CloudWatchSplit>>
            restoreEnumerator(
                    SplitEnumeratorContext<CloudWatchSplit> context,
                    ScopeEnumeratorState<CloudWatchSplit> state) {
        // The scopes come from the configuration; their cursors do not matter here.
        return new ScopeEnumerator<>(context, state.unassigned(), scopeIds(initialSplits(0)));
    }

    private static List<String> scopeIds(List<CloudWatchSplit> splits) {
        List<String> ids = new ArrayList<>();
        splits.forEach(s -> ids.add(s.splitId()));
        return ids;
    }

    @Override
    public SimpleVersionedSerializer<CloudWatchSplit> getSplitSerializer() {
        return new CloudWatchSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<ScopeEnumeratorState<CloudWatchSplit>>
            getEnumeratorCheckpointSerializer() {
        return new ScopeEnumeratorStateSerializer<>(new CloudWatchSplitSerializer(), "CloudWatch");
    }

    @Override
    public SourceReader<ResourceSamples, CloudWatchSplit> createReader(
            SourceReaderContext context) {
        return new CloudWatchSourceReader(
                collectors,
                proxies,
                settleDelayMs,
                maxPeriodsPerFetch,
                // Each reader's share, so the readers together keep within the budget.
                callsPerSecond / Math.max(1, context.currentParallelism()),
                breakers,
                context);
    }

    @Override
    public TypeInformation<ResourceSamples> getProducedType() {
        return TypeInformation.of(ResourceSamples.class);
    }
}
