package io.metricpipe.sources.inventory.split;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A polling scope of the inventory: one service (ec2, ebs, rds, s3, lambda, elb) in one account and
 * region. Immutable; {@link #lastRefresh} is when its last complete refresh finished (0 for never)
 * and {@link #knownArns} what that refresh found, so the next one can tell what is gone.
 */
public final class InventorySplit implements SourceSplit {
    private final String account;
    private final String region;
    private final String service;
    private final long lastRefresh;
    private final List<String> knownArns;

    public InventorySplit(
            String account,
            String region,
            String service,
            long lastRefresh,
            List<String> knownArns) {
        this.account = Objects.requireNonNull(account, "account");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.lastRefresh = lastRefresh;
        this.knownArns = List.copyOf(knownArns);
    }

    /** A scope never refreshed. */
    public static InventorySplit initial(String account, String region, String service) {
        return new InventorySplit(account, region, service, 0, List.of());
    }

    @Override
    public String splitId() {
        return account + "/" + region + "/" + service;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    public long lastRefresh() {
        return lastRefresh;
    }

    public List<String> knownArns() {
        return knownArns;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InventorySplit)) {
            return false;
        }
        InventorySplit s = (InventorySplit) o;
        return lastRefresh == s.lastRefresh
                && account.equals(s.account)
                && region.equals(s.region)
                && service.equals(s.service)
                && knownArns.equals(s.knownArns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, region, service, lastRefresh);
    }

    @Override
    public String toString() {
        return splitId() + "@" + lastRefresh + " (" + knownArns.size() + " resources)";
    }
}
