package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.aws.ApiError;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.aws.CallBudget;
import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.inventory.describe.FoundResources;
import io.metricpipe.sources.inventory.describe.ResourcePages;
import io.metricpipe.sources.inventory.describe.ServiceClients;
import io.metricpipe.sources.inventory.split.InventorySplit;
import io.metricpipe.sources.polling.FetchWait;
import io.metricpipe.sources.polling.PollingMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the inventory scopes of one reader, one API call per fetch: a refresh walks the scope's
 * describe and list calls, then the tagging API, page by page, and emits its records when the last
 * page is in. Each scope is due again {@code refreshIntervalMs} after its last complete refresh.
 * Budget, circuit breaker and backoff apply per page; fetch() never sleeps in a call and waits at
 * most briefly when nothing is due.
 */
public final class InventorySplitReader implements SplitReader<RefreshedScope, InventorySplit> {
    private static final Logger LOG = LoggerFactory.getLogger(InventorySplitReader.class);

    private final AwsAccess access;
    private final long refreshIntervalMs;
    private final double callsPerSecond;
    private final PollingMetrics metrics;
    private final Map<String, Integer> resourceCounts;
    private final Clock clock;
    private final FetchWait wait = new FetchWait();

    private final Map<String, InventorySplit> splits = new LinkedHashMap<>();
    private final Map<String, List<String>> known = new HashMap<>();
    private final Map<String, Long> nextCall = new HashMap<>();
    private final Map<String, Refresh> refreshes = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, ServiceClients> clients = new HashMap<>();
    private final Map<String, CallBudget> budgets = new HashMap<>();
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();

    /** A refresh in progress: which call, which page, what was found so far. */
    private static final class Refresh {
        final List<ResourcePages> calls;
        final FoundResources found;
        int call;
        String token;

        Refresh(List<ResourcePages> calls, FoundResources found) {
            this.calls = calls;
            this.found = found;
        }
    }

    /**
     * @param callsPerSecond this reader's share of the budget per account, region and API
     * @param resourceCounts where the resources each scope found are counted, for its gauge
     */
    public InventorySplitReader(
            AwsAccess access,
            long refreshIntervalMs,
            double callsPerSecond,
            PollingMetrics metrics,
            Map<String, Integer> resourceCounts,
            Clock clock) {
        this.access = access;
        this.refreshIntervalMs = refreshIntervalMs;
        this.callsPerSecond = callsPerSecond;
        this.metrics = metrics;
        this.resourceCounts = resourceCounts;
        this.clock = clock;
    }

    @Override
    public RecordsWithSplitIds<RefreshedScope> fetch() {
        long now = clock.millis();
        String due = null;
        long earliest = Long.MAX_VALUE;
        for (String id : splits.keySet()) {
            long at = nextCall.get(id);
            if (at <= now) {
                due = id;
                break;
            }
            earliest = Math.min(earliest, at);
        }
        RecordsBySplits.Builder<RefreshedScope> records = new RecordsBySplits.Builder<>();
        if (due == null) {
            wait.await(earliest - now);
        } else {
            callOnce(due, now, records);
        }
        return records.build();
    }

    private void callOnce(String id, long now, RecordsBySplits.Builder<RefreshedScope> records) {
        InventorySplit split = splits.get(id);
        String scope = split.account() + "/" + split.region();
        PollingMetrics.ScopeHealth health = metrics.scope(id);
        CircuitBreaker breaker =
                breakers.computeIfAbsent(id, k -> access.circuitBreaker().create());
        if (!breaker.allows(now)) {
            health.health = PollingMetrics.Health.DOWN;
            nextCall.put(id, now + access.circuitBreaker().openMs / 4);
            return;
        }
        Refresh refresh = refreshes.get(id);
        try {
            if (refresh == null) {
                ServiceClients c =
                        clients.computeIfAbsent(
                                scope,
                                k ->
                                        new ServiceClients(
                                                access, split.account(), split.region(), metrics));
                refresh =
                        new Refresh(
                                c.pages(split.service()),
                                new FoundResources(split.account(), split.region()));
                refreshes.put(id, refresh);
            }
            ResourcePages call = refresh.calls.get(refresh.call);
            long wait =
                    budgets.computeIfAbsent(
                                    scope + "/" + call.operation(),
                                    k -> new CallBudget(callsPerSecond, now))
                            .tryAcquire(1, now);
            if (wait > 0) {
                nextCall.put(id, now + wait);
                return;
            }
            metrics.scopeCounter(id, "calls").inc();
            refresh.token = call.fetch(refresh.token, refresh.found);
            breaker.success();
            failures.remove(id);
            health.health = PollingMetrics.Health.UP;
            if (refresh.token == null) {
                refresh.call++;
            }
            if (refresh.call == refresh.calls.size()) {
                refreshes.remove(id);
                records.add(id, finish(id, refresh.found, clock.millis()));
                health.lastSuccess = clock.millis();
                nextCall.put(id, now + refreshIntervalMs);
            } else {
                nextCall.put(id, now);
            }
        } catch (RuntimeException e) {
            ApiError error = ApiError.of(e);
            int n = failures.merge(id, 1, Integer::sum);
            breaker.failure(now);
            metrics.error(id, error);
            health.health =
                    PollingMetrics.healthAfter(error, breaker.state() == CircuitBreaker.State.OPEN);
            // Throttled or cut off: the same page again later. Otherwise the cycle is skipped and
            // the next one starts afresh; the last complete refresh stands until then.
            if (error != ApiError.THROTTLING && error != ApiError.NETWORK) {
                refreshes.remove(id);
            }
            long delay = error.backoffMs(n);
            nextCall.put(id, now + delay);
            String operation =
                    refresh == null ? "setup" : refresh.calls.get(refresh.call).operation();
            if (error != ApiError.ENDPOINT) {
                LOG.warn(
                        "Inventory {} failed ({}) in {}, retrying in {} ms: {}",
                        id,
                        error,
                        operation,
                        delay,
                        e.toString());
            } else if (metrics.firstEndpointProblem(id)) {
                LOG.error(
                        "Inventory {}: the endpoint does not speak the API of {}; check"
                                + " aws.endpoint and aws.endpoints (reported once, retried slowly):"
                                + " {}",
                        id,
                        operation,
                        e.toString());
            }
        }
    }

    /** The records of a complete refresh, with a removal for each resource no longer there. */
    private RefreshedScope finish(String id, FoundResources found, long at) {
        InventorySplit split = splits.get(id);
        List<ResourceRecord> records = new ArrayList<>(found.records(at));
        Set<String> arns = new TreeSet<>();
        records.forEach(r -> arns.add(r.arn));
        for (String gone : known.get(id)) {
            if (!arns.contains(gone)) {
                records.add(ResourceRecord.removed(gone, split.account(), split.region(), at));
            }
        }
        List<String> now = new ArrayList<>(arns);
        known.put(id, now);
        resourceCounts.put(id, now.size());
        return new RefreshedScope(records, now);
    }

    @Override
    public void handleSplitsChanges(SplitsChange<InventorySplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + change);
        }
        for (InventorySplit split : change.splits()) {
            splits.put(split.splitId(), split);
            known.put(split.splitId(), split.knownArns());
            // A restored scope keeps its schedule; a new one is refreshed at once.
            nextCall.put(
                    split.splitId(),
                    split.lastRefresh() == 0 ? 0 : split.lastRefresh() + refreshIntervalMs);
        }
    }

    @Override
    public void wakeUp() {
        wait.wakeUp();
    }

    @Override
    public void close() {
        clients.values().forEach(ServiceClients::close);
    }
}
