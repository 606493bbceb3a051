package io.metricpipe.sources.cloudwatch.reader;

import io.metricpipe.sources.aws.ApiError;
import io.metricpipe.sources.aws.CallBudget;
import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.cloudwatch.DatapointSamples;
import io.metricpipe.sources.cloudwatch.MetricDataFetcher;
import io.metricpipe.sources.cloudwatch.PeriodMath;
import io.metricpipe.sources.cloudwatch.SeriesDiscovery;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxy;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxyFactory;
import io.metricpipe.sources.cloudwatch.api.QueryBatches;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.polling.FetchWait;
import io.metricpipe.sources.polling.PollingMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the CloudWatch splits of one reader. Each split has a next-poll time: when its next period
 * settles, or later after an error (backoff is a time, never a sleep in a call). A fetch covers
 * {@code [cursor, settled end)}, at most {@code maxPeriodsPerFetch} periods, so a backfill goes in
 * steps. A failed fetch leaves the cursor where it was. When no split is due, fetch() waits for the
 * earliest one, and {@link #wakeUp()} ends the wait.
 *
 * <p>A split added to the reader (at start, or restored from a checkpoint) first announces its
 * cursor with an empty fetch, so its watermark is known at once rather than after its next period
 * settles: a caught-up 5-minute split would otherwise hold back every window for minutes after a
 * restart.
 */
public final class CloudWatchSplitReader implements SplitReader<FetchedPeriods, CloudWatchSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchSplitReader.class);
    private static final long SERIES_TTL_MS = 10 * 60_000;

    private final Map<String, CollectorSpec> collectors;
    private final CloudWatchProxyFactory proxies;
    private final long settleDelayMs;
    private final int maxPeriodsPerFetch;
    private final double callsPerSecond;
    private final CircuitBreaker.Settings breakerSettings;
    private final CloudWatchSourceMetrics metrics;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();
    private final Map<String, CallBudget> budgets = new HashMap<>();

    private final Map<String, CloudWatchSplit> splits = new LinkedHashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private final Map<String, Long> nextPoll = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> unannounced = new LinkedHashSet<>();
    private final Map<String, CloudWatchProxy> clients = new HashMap<>();
    private final Map<String, SeriesDiscovery.Result> series = new HashMap<>();
    private final Map<String, Long> seriesAt = new HashMap<>();
    private final FetchWait wait = new FetchWait();

    /**
     * @param callsPerSecond this reader's share of the GetMetricData budget per account and region
     */
    public CloudWatchSplitReader(
            Map<String, CollectorSpec> collectors,
            CloudWatchProxyFactory proxies,
            long settleDelayMs,
            int maxPeriodsPerFetch,
            double callsPerSecond,
            CircuitBreaker.Settings breakerSettings,
            CloudWatchSourceMetrics metrics,
            Clock clock) {
        this.collectors = collectors;
        this.proxies = proxies;
        this.settleDelayMs = settleDelayMs;
        this.maxPeriodsPerFetch = maxPeriodsPerFetch;
        this.callsPerSecond = callsPerSecond;
        this.breakerSettings = breakerSettings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public RecordsWithSplitIds<FetchedPeriods> fetch() {
        RecordsBySplits.Builder<FetchedPeriods> records = new RecordsBySplits.Builder<>();
        if (!unannounced.isEmpty()) {
            for (String id : unannounced) {
                records.add(id, new FetchedPeriods(List.of(), cursors.get(id)));
            }
            unannounced.clear();
            return records.build();
        }
        long now = clock.millis();
        String due = null;
        long earliest = Long.MAX_VALUE;
        for (String id : splits.keySet()) {
            long at = nextPoll.getOrDefault(id, 0L);
            if (at <= now) {
                due = id;
                break;
            }
            earliest = Math.min(earliest, at);
        }
        if (due == null) {
            wait.await(earliest - now);
            return records.build();
        }
        poll(due, now, records);
        return records.build();
    }

    private void poll(String id, long now, RecordsBySplits.Builder<FetchedPeriods> records) {
        CloudWatchSplit split = splits.get(id);
        CollectorSpec spec = collectors.get(split.collector());
        long period = spec.period.toMillis();
        long cursor = cursors.get(id);
        PollingMetrics.ScopeHealth gauges = metrics.scope(id);
        metrics.cursor(id, cursor);
        long end = PeriodMath.fetchEnd(cursor, now, settleDelayMs, period, maxPeriodsPerFetch);
        if (end <= cursor) {
            nextPoll.put(id, nextPollAfter(cursor, spec));
            return;
        }
        String scope = split.account() + "/" + split.region();
        CircuitBreaker breaker = breakers.computeIfAbsent(scope, k -> breakerSettings.create());
        if (!breaker.allows(now)) {
            gauges.health = PollingMetrics.Health.DOWN;
            nextPoll.put(id, now + breakerSettings.openMs / 4);
            return;
        }
        try {
            CloudWatchProxy proxy =
                    clients.computeIfAbsent(
                            scope, k -> proxies.create(split.account(), split.region(), metrics));
            if (!series.containsKey(id) || now - seriesAt.get(id) > SERIES_TTL_MS) {
                series.put(id, SeriesDiscovery.discover(proxy, spec));
                seriesAt.put(id, now);
            }
            int calls =
                    (series.get(id).queries.size() + QueryBatches.MAX_QUERIES_PER_REQUEST - 1)
                            / QueryBatches.MAX_QUERIES_PER_REQUEST;
            long wait =
                    budgets.computeIfAbsent(scope, k -> new CallBudget(callsPerSecond, now))
                            .tryAcquire(calls, now);
            if (wait > 0) {
                nextPoll.put(id, now + wait);
                return;
            }
            MetricDataFetcher.Result result =
                    new MetricDataFetcher(proxy, 500)
                            .fetch(
                                    split.account(),
                                    split.region(),
                                    series.get(id).queries,
                                    cursor,
                                    end);
            records.add(
                    id,
                    new FetchedPeriods(
                            DatapointSamples.of(result.datapoints, split.collector()), end));
            cursors.put(id, end);
            failures.remove(id);
            breaker.success();
            metrics.metricsRequested(result.metricsRequested);
            metrics.scopeCounter(id, "metricsRequested").inc(result.metricsRequested);
            metrics.scopeCounter(id, "calls").inc(result.calls);
            metrics.failedQueries(result.failedQueries);
            gauges.health = PollingMetrics.Health.UP;
            gauges.lastSuccess = clock.millis();
            metrics.cursor(id, end);
            // Still behind (a backfill): go on at once; else wait for the next poll interval.
            boolean behind = end < PeriodMath.settledEnd(now, settleDelayMs, period);
            nextPoll.put(id, behind ? now : nextPollAfter(end, spec));
        } catch (RuntimeException e) {
            ApiError error = ApiError.of(e);
            int n = failures.merge(id, 1, Integer::sum);
            breaker.failure(now);
            metrics.error(id, error);
            gauges.health =
                    PollingMetrics.healthAfter(error, breaker.state() == CircuitBreaker.State.OPEN);
            long delay = error.backoffMs(n);
            nextPoll.put(id, now + delay);
            if (error != ApiError.ENDPOINT) {
                LOG.warn(
                        "CloudWatch {} failed ({}), retrying in {} ms: {}",
                        id,
                        error,
                        delay,
                        e.toString());
            } else if (metrics.firstEndpointProblem(id)) {
                LOG.error(
                        "CloudWatch {}: the endpoint does not speak the CloudWatch API; check"
                                + " aws.endpoint and aws.endpoints (reported once, retried slowly):"
                                + " {}",
                        id,
                        e.toString());
            }
        }
    }

    /** When the periods of one poll interval from the cursor on have all settled. */
    private long nextPollAfter(long cursor, CollectorSpec spec) {
        long period = spec.period.toMillis();
        long lastPeriod = cursor + spec.pollInterval.toMillis() - period;
        return PeriodMath.nextPollAt(lastPeriod, settleDelayMs, period);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<CloudWatchSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change);
        }
        for (CloudWatchSplit split : change.splits()) {
            if (!collectors.containsKey(split.collector())) {
                throw new IllegalArgumentException("no collector named " + split.collector());
            }
            splits.put(split.splitId(), split);
            cursors.put(split.splitId(), split.cursor());
            nextPoll.put(split.splitId(), 0L);
            unannounced.add(split.splitId());
        }
    }

    @Override
    public void wakeUp() {
        wait.wakeUp();
    }

    @Override
    public void close() {
        clients.values().forEach(CloudWatchProxy::close);
    }
}
