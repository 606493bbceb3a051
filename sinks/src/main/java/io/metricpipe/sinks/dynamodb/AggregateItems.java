package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.config.Durations;
import io.metricpipe.core.derive.DerivedMetrics;
import io.metricpipe.core.enrich.ResourceMetadata;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per (resource, window size, window start). Partition key {@code resource} = resource key
 * + {@code #} + window label (e.g. {@code host/web-01#1m}); sort key {@code windowStart} (epoch
 * ms). So "all metrics of resource X at 1 min between t1 and t2" is one Query. A corrected window
 * overwrites its item with a higher {@code revision}. The {@link #ARN_INDEX} finds an AWS
 * resource's windows from every source.
 */
public final class AggregateItems implements ItemConverter<WindowResult> {
    private static final long serialVersionUID = 1L;

    public static final String PARTITION_KEY = "resource";
    public static final String SORT_KEY = "windowStart";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /**
     * The index that finds every window of one AWS resource, an agent's matched to it and the
     * polled ones alike: partition key {@link #ARN_KEY} = its ARN + {@code #} + window label, sort
     * key {@code windowStart}, keys only (a write to it costs one unit whatever the item's size).
     */
    public static final String ARN_INDEX = "by-arn";

    public static final String ARN_KEY = "arnKey";

    /** An index partition key must fit in 2048 bytes; a longer ARN is not indexed. */
    private static final int MAX_ARN_KEY_BYTES = 2048;

    private final long ttlSeconds;

    public AggregateItems(Duration ttl) {
        this.ttlSeconds = ttl.getSeconds();
    }

    public static String partitionKey(String resourceKey, long windowSizeMs) {
        return resourceKey + "#" + Durations.label(Duration.ofMillis(windowSizeMs));
    }

    /**
     * The ARN a window belongs to ({@code cloud.resource_id}, which enrichment sets, or its key
     * when that is an ARN) + {@code #} + window label; null when it has none.
     */
    static String arnKey(WindowResult r) {
        String arn = r.attribute(ResourceMetadata.RESOURCE_ID);
        if (arn == null && r.resourceKey.startsWith("arn:")) {
            arn = r.resourceKey;
        }
        if (arn == null) {
            return null;
        }
        String key = partitionKey(arn, r.windowSizeMs);
        return key.getBytes(StandardCharsets.UTF_8).length <= MAX_ARN_KEY_BYTES ? key : null;
    }

    /** The index's partition key, then its sort key. */
    public static List<String> arnIndexKeyAttributes() {
        return List.of(ARN_KEY, SORT_KEY);
    }

    @Override
    public Map<String, AttributeValue> toItem(WindowResult r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(partitionKey(r.resourceKey, r.windowSizeMs)));
        item.put(SORT_KEY, Numbers.of(r.windowStart));
        item.put("windowEnd", Numbers.of(r.windowEnd()));
        item.put(
                "window", AttributeValue.fromS(Durations.label(Duration.ofMillis(r.windowSizeMs))));
        item.put("resourceKey", AttributeValue.fromS(r.resourceKey));
        String arnKey = arnKey(r);
        if (arnKey != null) {
            item.put(ARN_KEY, AttributeValue.fromS(arnKey));
        }
        item.put("resourceType", AttributeValue.fromS(r.resourceType));
        item.put("revision", Numbers.of(r.revision));
        Map<String, AttributeValue> metrics = new LinkedHashMap<>();
        for (MetricStats m : r.metrics) {
            metrics.put(m.name, AttributeValue.fromM(stats(m)));
        }
        item.put("metrics", AttributeValue.fromM(metrics));
        if (r.attributeKeys.length > 0) {
            item.put("attributes", StringMaps.of(r.attributeKeys, r.attributeValues));
        }
        item.put(TTL_ATTRIBUTE, Numbers.of(r.windowEnd() / 1000 + ttlSeconds));
        return item;
    }

    /**
     * The statistics a metric's kind defines; undefined ones (NaN) are left out. A derived metric
     * is one value, written as {@code value} alone, because a write is billed by its size.
     */
    static Map<String, AttributeValue> stats(MetricStats m) {
        Map<String, AttributeValue> s = new LinkedHashMap<>();
        boolean derived = DerivedMetrics.isDerived(m.name);
        s.put("kind", AttributeValue.fromS(derived ? "derived" : m.metricKind().label()));
        if (m.unit != null) {
            s.put("unit", AttributeValue.fromS(m.unit));
        }
        if (derived) {
            s.put("value", Numbers.of(m.last));
            return s;
        }
        s.put("count", Numbers.of(m.count));
        switch (m.metricKind()) {
            case GAUGE:
                s.put("sum", Numbers.of(m.sum));
                s.put("min", Numbers.of(m.min));
                s.put("max", Numbers.of(m.max));
                s.put("avg", Numbers.of(m.avg()));
                s.put("last", Numbers.of(m.last));
                s.put("p50", Numbers.of(m.p50));
                s.put("p90", Numbers.of(m.p90));
                s.put("p95", Numbers.of(m.p95));
                s.put("p99", Numbers.of(m.p99));
                break;
            case COUNTER:
                s.put("first", Numbers.of(m.first));
                s.put("last", Numbers.of(m.last));
                s.put("increase", Numbers.of(m.increase));
                if (!Double.isNaN(m.rate)) {
                    s.put("rate", Numbers.of(m.rate));
                }
                break;
            case DISTINCT:
                s.put("distinct", Numbers.of(m.distinct));
                break;
            default:
                break;
        }
        return s;
    }

    @Override
    public List<String> keyAttributes() {
        return List.of(PARTITION_KEY, SORT_KEY);
    }

    @Override
    public String describe(WindowResult r) {
        return partitionKey(r.resourceKey, r.windowSizeMs) + "/" + r.windowStart;
    }

    @Override
    public long time(WindowResult r) {
        return r.windowStart;
    }
}
