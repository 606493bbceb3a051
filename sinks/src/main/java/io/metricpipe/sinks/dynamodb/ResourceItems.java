package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.model.ResourceRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per resource of the inventory, rewritten at every refresh. Partition key {@code scope} =
 * account + {@code /} + region, sort key {@code arn}: "every resource of account A in region R" is
 * one Query and "resource X" one GetItem. When a resource is gone, its item is replaced by a marker
 * ({@code removed} = true) that expires after the TTL.
 */
public final class ResourceItems implements ItemConverter<ResourceRecord> {
    private static final long serialVersionUID = 1L;

    public static final String PARTITION_KEY = "scope";
    public static final String SORT_KEY = "arn";

    private final long ttlSeconds;

    public ResourceItems(Duration ttl) {
        this.ttlSeconds = ttl.getSeconds();
    }

    public static String scope(String account, String region) {
        return account + "/" + region;
    }

    @Override
    public Map<String, AttributeValue> toItem(ResourceRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(scope(r.account, r.region)));
        item.put(SORT_KEY, AttributeValue.fromS(r.arn));
        item.put("account", AttributeValue.fromS(r.account));
        item.put("region", AttributeValue.fromS(r.region));
        item.put("observedAt", Numbers.of(r.observedAt));
        item.put("removed", AttributeValue.fromBool(r.removed));
        if (r.removed) {
            item.put(AggregateItems.TTL_ATTRIBUTE, Numbers.of(r.observedAt / 1000 + ttlSeconds));
            return item;
        }
        item.put("resourceType", AttributeValue.fromS(r.resourceType));
        item.put("id", AttributeValue.fromS(r.id));
        item.put("name", AttributeValue.fromS(r.name));
        item.put("attributes", StringMaps.of(r.attributeKeys, r.attributeValues));
        item.put("tags", StringMaps.of(r.tagKeys, r.tagValues));
        return item;
    }

    @Override
    public List<String> keyAttributes() {
        return List.of(PARTITION_KEY, SORT_KEY);
    }

    @Override
    public String describe(ResourceRecord r) {
        return scope(r.account, r.region) + "/" + r.arn;
    }

    @Override
    public long time(ResourceRecord r) {
        return r.observedAt;
    }
}
