package io.metricpipe.sources.cloudwatch;

import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.aws.AwsSection;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxyFactory;
import io.metricpipe.sources.cloudwatch.collector.CollectorOverrides;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.DefaultCollectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.flink.util.Preconditions;

/**
 * Builds a {@link CloudWatchMetricsSource}. Defaults: every collector with its default metric set,
 * settle delay 3 min, no backfill (start at the periods settled now), at most 60 periods per fetch,
 * 20 calls per second per account and region, {@link AwsAccess} defaults (AWS endpoints, the
 * default credential chain, 5 attempts per call with the SDK's standard retry strategy).
 */
public final class CloudWatchMetricsSourceBuilder {
    private final List<String> accounts = new ArrayList<>();
    private final List<String> regions = new ArrayList<>();
    private final Map<String, CollectorSpec> collectors = new LinkedHashMap<>();
    private Duration settleDelay = Duration.ofMinutes(3);
    private Instant backfillFrom;
    private int maxPeriodsPerFetch = 60;
    private double callsPerSecond = 20;
    private AwsAccess access = AwsAccess.builder().build();
    private Predicate<CollectorSpec> periods = spec -> true;

    CloudWatchMetricsSourceBuilder() {}

    /** Takes the {@code aws} and {@code cloudwatch} config sections. */
    public CloudWatchMetricsSourceBuilder configure(AwsSection aws, CloudWatchSection c) {
        setAccounts(aws.accounts).setRegions(aws.regions).setAccess(AwsAccess.of(aws));
        collectors.clear();
        CollectorOverrides.apply(c.collectors, c.overrides).values().forEach(this::addCollector);
        setSettleDelay(c.settleDelay);
        setBackfillFrom(c.backfillFrom.isEmpty() ? null : Instant.parse(c.backfillFrom));
        setMaxPeriodsPerFetch(c.maxPeriodsPerFetch);
        return setMaxCallsPerSecond(c.maxCallsPerSecond);
    }

    public CloudWatchMetricsSourceBuilder setAccounts(List<String> accountIds) {
        accounts.clear();
        accounts.addAll(accountIds);
        return this;
    }

    public CloudWatchMetricsSourceBuilder setRegions(List<String> regionNames) {
        regions.clear();
        regions.addAll(regionNames);
        return this;
    }

    /** Adds a collector; without any, all defaults ({@link DefaultCollectors}) are polled. */
    public CloudWatchMetricsSourceBuilder addCollector(CollectorSpec spec) {
        collectors.put(spec.name, spec);
        return this;
    }

    /**
     * Keeps only the collectors of one period. A job polls each period with a source of its own,
     * because a split's watermark is its cursor (the start of its next period): in one source, a
     * 5-minute collector would hold back a 1-minute collector's windows by minutes, and S3's daily
     * one every window by up to a day.
     */
    public CloudWatchMetricsSourceBuilder keepPeriod(Duration period) {
        this.periods = spec -> spec.period.equals(period);
        return this;
    }

    /** The distinct periods of the collectors the source would poll, shortest first. */
    public SortedSet<Duration> periods() {
        SortedSet<Duration> periods = new TreeSet<>();
        collectors().values().forEach(spec -> periods.add(spec.period));
        return periods;
    }

    /** The collectors the source will poll: those added (or all defaults), less the filtered. */
    public Map<String, CollectorSpec> collectors() {
        Map<String, CollectorSpec> specs = new LinkedHashMap<>();
        (collectors.isEmpty() ? DefaultCollectors.all() : collectors)
                .forEach(
                        (name, spec) -> {
                            if (periods.test(spec)) {
                                specs.put(name, spec);
                            }
                        });
        return specs;
    }

    public CloudWatchMetricsSourceBuilder setSettleDelay(Duration delay) {
        this.settleDelay = delay;
        return this;
    }

    /** Fetch history from this time on first start (replay, backfill). */
    public CloudWatchMetricsSourceBuilder setBackfillFrom(Instant from) {
        this.backfillFrom = from;
        return this;
    }

    public CloudWatchMetricsSourceBuilder setMaxPeriodsPerFetch(int periods) {
        this.maxPeriodsPerFetch = periods;
        return this;
    }

    /** GetMetricData calls per second per account and region, across all readers. */
    public CloudWatchMetricsSourceBuilder setMaxCallsPerSecond(double calls) {
        this.callsPerSecond = calls;
        return this;
    }

    /** How to reach AWS: endpoints, credentials, assumed roles, attempts per call. */
    public CloudWatchMetricsSourceBuilder setAccess(AwsAccess awsAccess) {
        this.access = awsAccess;
        return this;
    }

    public CloudWatchMetricsSource build() {
        Preconditions.checkArgument(!accounts.isEmpty(), "At least one account must be set");
        Preconditions.checkArgument(!regions.isEmpty(), "At least one region must be set");
        Preconditions.checkArgument(
                !settleDelay.isNegative(), "The settle delay must not be negative");
        Preconditions.checkArgument(
                maxPeriodsPerFetch > 0, "Max periods per fetch must be positive");
        Preconditions.checkArgument(callsPerSecond > 0, "Max calls per second must be positive");
        Map<String, CollectorSpec> specs = collectors();
        Preconditions.checkArgument(!specs.isEmpty(), "No collector is left to poll");
        return new CloudWatchMetricsSource(
                accounts,
                regions,
                specs,
                CloudWatchProxyFactory.sdk(access),
                settleDelay.toMillis(),
                backfillFrom == null ? null : backfillFrom.toEpochMilli(),
                maxPeriodsPerFetch,
                callsPerSecond,
                access.circuitBreaker());
    }
}
