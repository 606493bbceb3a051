package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per dead letter. Partition key {@code reason}; sort key {@code id} = 13-digit epoch ms,
 * source and position, so "dead letters of reason R between t1 and t2" is one Query with {@code id
 * BETWEEN}, and a replay rewrites the same items.
 */
public final class DeadLetterItems implements ItemConverter<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public static final String PARTITION_KEY = "reason";
    public static final String SORT_KEY = "id";

    private final long ttlSeconds;

    public DeadLetterItems(Duration ttl) {
        this.ttlSeconds = ttl.getSeconds();
    }

    /** The payload kept of a rejected item: its text, truncated. */
    private static final int REJECTED_PAYLOAD_CHARS = 4096;

    /** The longest detail a reduced dead letter keeps. */
    private static final int REDUCED_DETAIL_CHARS = 1024;

    /**
     * The {@code item_rejected} dead letter of a record whose item DynamoDB would reject, or did:
     * positioned by the record's key, timed by its event time, the item (or, when it could not be
     * built, the record) as payload.
     */
    static <T> DeadLetter rejected(
            String table,
            ItemConverter<T> items,
            T record,
            Map<String, AttributeValue> item,
            String problem) {
        String payload = item == null ? String.valueOf(record) : item.toString();
        return DeadLetter.of(
                DeadLetterReason.ITEM_REJECTED,
                "dynamodb:" + table,
                items.describe(record),
                items.time(record),
                problem,
                payload.length() > REJECTED_PAYLOAD_CHARS
                        ? payload.substring(0, REJECTED_PAYLOAD_CHARS)
                        : payload);
    }

    /** A rejected dead letter without its payload and with a short detail: a form that fits. */
    static DeadLetter reduced(DeadLetter d) {
        return DeadLetter.of(
                DeadLetterReason.ITEM_REJECTED,
                d.source,
                d.position,
                d.time,
                d.detail == null || d.detail.length() <= REDUCED_DETAIL_CHARS
                        ? d.detail
                        : d.detail.substring(0, REDUCED_DETAIL_CHARS),
                "");
    }

    public static String id(DeadLetter d) {
        return utf8(String.format("%013d", d.time) + "#" + d.source + "#" + d.position);
    }

    @Override
    public Map<String, AttributeValue> toItem(DeadLetter d) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(d.reason));
        item.put(SORT_KEY, AttributeValue.fromS(id(d)));
        item.put("time", Numbers.of(d.time));
        item.put("source", AttributeValue.fromS(utf8(d.source)));
        item.put("position", AttributeValue.fromS(utf8(d.position)));
        item.put("detail", AttributeValue.fromS(utf8(d.detail)));
        item.put("payload", AttributeValue.fromS(utf8(d.payload)));
        item.put(AggregateItems.TTL_ATTRIBUTE, Numbers.of(d.time / 1000 + ttlSeconds));
        return item;
    }

    /**
     * The text as UTF-8 can carry it: a lone surrogate (from a {@code "\\ud800"} escape in the bad
     * record itself) becomes {@code ?}, so the dead letter of such a record is still written.
     */
    private static String utf8(String s) {
        return new String(
                String.valueOf(s).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Override
    public List<String> keyAttributes() {
        return List.of(PARTITION_KEY, SORT_KEY);
    }

    @Override
    public String describe(DeadLetter d) {
        return d.reason + "/" + id(d);
    }

    @Override
    public long time(DeadLetter d) {
        return d.time;
    }
}
