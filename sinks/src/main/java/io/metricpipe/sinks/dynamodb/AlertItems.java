package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.model.AlertEvaluation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per alert transition. Partition key {@code alert} = rule + {@code #} + resource key;
 * sort key {@code time} = the end of the evaluated period (epoch ms). So "the history of rule R on
 * resource X between t1 and t2" is one Query, and a replay rewrites the same items.
 */
public final class AlertItems implements ItemConverter<AlertEvaluation> {
    private static final long serialVersionUID = 1L;

    public static final String PARTITION_KEY = "alert";
    public static final String SORT_KEY = "time";

    private final long ttlSeconds;

    public AlertItems(Duration ttl) {
        this.ttlSeconds = ttl.getSeconds();
    }

    public static String partitionKey(String rule, String resourceKey) {
        return rule + "#" + resourceKey;
    }

    @Override
    public Map<String, AttributeValue> toItem(AlertEvaluation e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(partitionKey(e.rule, e.resourceKey)));
        item.put(SORT_KEY, Numbers.of(e.periodEnd));
        item.put("rule", AttributeValue.fromS(e.rule));
        item.put("resourceKey", AttributeValue.fromS(e.resourceKey));
        item.put("from", AttributeValue.fromS(e.previousState));
        item.put("to", AttributeValue.fromS(e.state));
        item.put("periodStart", Numbers.of(e.periodStart));
        if (!Double.isNaN(e.value)) {
            item.put("value", Numbers.of(e.value));
        }
        item.put("threshold", Numbers.of(e.threshold));
        item.put("breachingDatapoints", Numbers.of(e.breaching));
        item.put("evaluationPeriods", Numbers.of(e.evaluationPeriods));
        item.put("reason", AttributeValue.fromS(e.reason));
        if (e.attributeKeys.length > 0) {
            item.put("attributes", StringMaps.of(e.attributeKeys, e.attributeValues));
        }
        item.put(AggregateItems.TTL_ATTRIBUTE, Numbers.of(e.periodEnd / 1000 + ttlSeconds));
        return item;
    }

    @Override
    public List<String> keyAttributes() {
        return List.of(PARTITION_KEY, SORT_KEY);
    }

    @Override
    public String describe(AlertEvaluation e) {
        return partitionKey(e.rule, e.resourceKey) + "/" + e.periodEnd;
    }

    @Override
    public long time(AlertEvaluation e) {
        return e.periodEnd;
    }
}
