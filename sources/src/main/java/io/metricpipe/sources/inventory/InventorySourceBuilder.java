package io.metricpipe.sources.inventory;

import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.aws.AwsSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Preconditions;

/**
 * Builds an {@link InventorySource}. Defaults: every service ({@link InventorySection#SERVICES}),
 * refreshed every 15 minutes, 5 calls per second per account, region and API, {@link AwsAccess}
 * defaults.
 */
public final class InventorySourceBuilder {
    private final List<String> accounts = new ArrayList<>();
    private final List<String> regions = new ArrayList<>();
    private final List<String> services = new ArrayList<>(InventorySection.SERVICES);
    private Duration refreshInterval = Duration.ofMinutes(15);
    private double callsPerSecond = 5;
    private AwsAccess access = AwsAccess.builder().build();

    InventorySourceBuilder() {}

    /** Takes the {@code aws} and {@code inventory} config sections. */
    public InventorySourceBuilder configure(AwsSection aws, InventorySection inventory) {
        setAccounts(aws.accounts).setRegions(aws.regions).setAccess(AwsAccess.of(aws));
        setServices(inventory.services).setRefreshInterval(inventory.refreshInterval);
        return setMaxCallsPerSecond(inventory.maxCallsPerSecond);
    }

    public InventorySourceBuilder setAccounts(List<String> accountIds) {
        accounts.clear();
        accounts.addAll(accountIds);
        return this;
    }

    public InventorySourceBuilder setRegions(List<String> regionNames) {
        regions.clear();
        regions.addAll(regionNames);
        return this;
    }

    /** Some of ec2, ebs, rds, s3, lambda, elb. */
    public InventorySourceBuilder setServices(List<String> names) {
        services.clear();
        services.addAll(names);
        return this;
    }

    public InventorySourceBuilder setRefreshInterval(Duration interval) {
        this.refreshInterval = interval;
        return this;
    }

    /** Calls per second per account, region and API, across all readers. */
    public InventorySourceBuilder setMaxCallsPerSecond(double calls) {
        this.callsPerSecond = calls;
        return this;
    }

    /** How to reach AWS: endpoints, credentials, assumed roles, attempts per call. */
    public InventorySourceBuilder setAccess(AwsAccess awsAccess) {
        this.access = awsAccess;
        return this;
    }

    public InventorySource build() {
        Preconditions.checkArgument(!accounts.isEmpty(), "At least one account must be set");
        Preconditions.checkArgument(!regions.isEmpty(), "At least one region must be set");
        Preconditions.checkArgument(!services.isEmpty(), "At least one service must be set");
        for (String s : services) {
            Preconditions.checkArgument(
                    InventorySection.SERVICES.contains(s),
                    "Unknown inventory service '%s' (known: %s)",
                    s,
                    InventorySection.SERVICES);
        }
        Preconditions.checkArgument(
                refreshInterval.toMillis() > 0, "The refresh interval must be positive");
        Preconditions.checkArgument(callsPerSecond > 0, "Max calls per second must be positive");
        return new InventorySource(
                accounts, regions, services, access, refreshInterval.toMillis(), callsPerSecond);
    }
}
