package io.metricpipe.sources.cloudwatch;

import io.metricpipe.core.config.CloudWatchSection;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxies;
import io.metricpipe.sources.cloudwatch.collector.CollectorOverrides;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.DefaultCollectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Preconditions;

/**
 * Builds a {@link CloudWatchMetricsSource}. Defaults: every collector with its default metric set,
 * settle delay 3 min, no backfill (start at the periods settled now), at most 60 periods per fetch,
 * 5 attempts per call with the SDK's standard retry strategy, the default credential chain.
 */
public final class CloudWatchMetricsSourceBuilder {
    private final List<String> accounts = new ArrayList<>();
    private final List<String> regions = new ArrayList<>();
    private final Map<String, CollectorSpec> collectors = new LinkedHashMap<>();
    private Duration settleDelay = Duration.ofMinutes(3);
    private Instant backfillFrom;
    private int maxPeriodsPerFetch = 60;
    private int maxAttempts = 5;
    private double callsPerSecond = 20;
    private String endpoint = "";
    private String accessKey;
    private String secretKey;
    private String roleArnTemplate = "";
    private String externalId = "";

    CloudWatchMetricsSourceBuilder() {}

    /** Takes the {@code cloudwatch} config section. */
    public CloudWatchMetricsSourceBuilder configure(CloudWatchSection c) {
        setAccounts(c.accounts).setRegions(c.regions);
        collectors.clear();
        CollectorOverrides.apply(c.collectors, c.overrides).values().forEach(this::addCollector);
        setSettleDelay(c.settleDelay);
        setBackfillFrom(c.backfillFrom.isEmpty() ? null : Instant.parse(c.backfillFrom));
        setMaxPeriodsPerFetch(c.maxPeriodsPerFetch);
        setMaxAttempts(c.maxAttempts);
        setMaxCallsPerSecond(c.maxCallsPerSecond);
        setAssumeRole(c.assumeRoleArn, c.externalId);
        return setEndpoint(c.endpoint);
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

    public CloudWatchMetricsSourceBuilder setMaxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /** Endpoint override, e.g. a local fake. */
    public CloudWatchMetricsSourceBuilder setEndpoint(String url) {
        this.endpoint = url;
        return this;
    }

    /** Static credentials for local fakes; without them the default chain is used. */
    public CloudWatchMetricsSourceBuilder setStaticCredentials(String accessKeyId, String secret) {
        this.accessKey = accessKeyId;
        this.secretKey = secret;
        return this;
    }

    /**
     * Reads each account through a role assumed via STS: {@code template} is the role ARN with
     * {@code {account}} for the account id, e.g. {@code arn:aws:iam::{account}:role/metricpipe}.
     */
    public CloudWatchMetricsSourceBuilder setAssumeRole(String template, String externalIdValue) {
        this.roleArnTemplate = template;
        this.externalId = externalIdValue;
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
        Preconditions.checkArgument(
                maxAttempts >= 1 && maxAttempts <= 10, "Max attempts must be between 1 and 10");
        Map<String, CollectorSpec> specs =
                collectors.isEmpty() ? DefaultCollectors.all() : collectors;
        return new CloudWatchMetricsSource(
                accounts,
                regions,
                specs,
                new CloudWatchProxies(
                        endpoint, accessKey, secretKey, maxAttempts, roleArnTemplate, externalId),
                settleDelay.toMillis(),
                backfillFrom == null ? null : backfillFrom.toEpochMilli(),
                maxPeriodsPerFetch,
                callsPerSecond);
    }
}
