package io.metricpipe.sources.polling;

import io.metricpipe.sources.aws.ApiCallListener;
import io.metricpipe.sources.aws.ApiError;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A polling source's self-observability as Flink metrics, under one group (e.g. {@code
 * cloudwatch}): per API ({@code api=<operation>}) the calls, attempts, throttles; errors by class
 * (under {@code api=all}); per scope (e.g. {@code collector=<account/region/name>}) its errors by
 * class, health (0 UP, 1 DEGRADED, 2 DOWN) and last success time, plus what the source adds.
 */
public class PollingMetrics implements ApiCallListener {
    public enum Health {
        UP,
        DEGRADED,
        DOWN
    }

    /** The health of one polling scope, read by its gauges, and its metric group. */
    public static final class ScopeHealth {
        public volatile Health health = Health.UP;
        public volatile long lastSuccess;
        private MetricGroup group;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    }

    private final MetricGroup group;
    private final String scopeLabel;
    private final BiConsumer<MetricGroup, String> scopeGauges;
    private final Map<String, MetricGroup> apis = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, ScopeHealth> scopes = new ConcurrentHashMap<>();
    private final Set<String> endpointProblems = ConcurrentHashMap.newKeySet();

    /**
     * @param scopeGauges registers a source's own gauges of a scope in its group
     */
    public PollingMetrics(
            MetricGroup parent,
            String name,
            String scopeLabel,
            BiConsumer<MetricGroup, String> scopeGauges) {
        this.group = parent.addGroup(name);
        this.scopeLabel = scopeLabel;
        this.scopeGauges = scopeGauges;
    }

    public Counter counter(String api, String name) {
        return counters.computeIfAbsent(
                api + "/" + name,
                k -> apis.computeIfAbsent(api, a -> group.addGroup("api", a)).counter(name));
    }

    @Override
    public void called(String operation, int attempts, int throttled, boolean successful) {
        counter(operation, "calls").inc();
        counter(operation, "attempts").inc(attempts);
        counter(operation, "throttles").inc(throttled);
    }

    /** A failed call of a scope: counted under the scope and for all scopes together. */
    /** True the first time a scope's endpoint turns out not to speak the API: report it once. */
    public boolean firstEndpointProblem(String scopeId) {
        return endpointProblems.add(scopeId);
    }

    public void error(String scopeId, ApiError error) {
        String name = "errors_" + error.name().toLowerCase(Locale.ROOT);
        counter("all", name).inc();
        scopeCounter(scopeId, name).inc();
    }

    /** A counter of one scope, e.g. its calls. */
    public Counter scopeCounter(String scopeId, String name) {
        ScopeHealth h = scope(scopeId);
        return h.counters.computeIfAbsent(name, n -> h.group.counter(n));
    }

    public ScopeHealth scope(String id) {
        return scopes.computeIfAbsent(
                id,
                k -> {
                    ScopeHealth h = new ScopeHealth();
                    MetricGroup g = group.addGroup(scopeLabel, id);
                    h.group = g;
                    g.gauge("health", () -> h.health.ordinal());
                    g.gauge("lastSuccessTime", () -> h.lastSuccess);
                    scopeGauges.accept(g, id);
                    return h;
                });
    }

    /**
     * After a failed call: DOWN for credentials, an endpoint that does not speak the API or an open
     * breaker, else DEGRADED.
     *
     * @param breakerOpen whether the scope's circuit breaker is open now
     */
    public static Health healthAfter(ApiError error, boolean breakerOpen) {
        return error == ApiError.CREDENTIALS || error == ApiError.ENDPOINT || breakerOpen
                ? Health.DOWN
                : Health.DEGRADED;
    }
}
