package io.metricpipe.sources.cloudwatch.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A polling scope: one collector (EC2, RDS, ...) in one account and region. Immutable; {@link
 * #cursor} is the end (epoch ms) of the last settled period fetched.
 */
public final class CloudWatchSplit implements SourceSplit {
    private final String account;
    private final String region;
    private final String collector;
    private final long cursor;

    public CloudWatchSplit(String account, String region, String collector, long cursor) {
        this.account = Objects.requireNonNull(account, "account");
        this.region = Objects.requireNonNull(region, "region");
        this.collector = Objects.requireNonNull(collector, "collector");
        this.cursor = cursor;
    }

    @Override
    public String splitId() {
        return account + "/" + region + "/" + collector;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public String collector() {
        return collector;
    }

    public long cursor() {
        return cursor;
    }

    public CloudWatchSplit withCursor(long newCursor) {
        return new CloudWatchSplit(account, region, collector, newCursor);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CloudWatchSplit)) {
            return false;
        }
        CloudWatchSplit s = (CloudWatchSplit) o;
        return cursor == s.cursor
                && account.equals(s.account)
                && region.equals(s.region)
                && collector.equals(s.collector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, region, collector, cursor);
    }

    @Override
    public String toString() {
        return splitId() + "@" + cursor;
    }
}
