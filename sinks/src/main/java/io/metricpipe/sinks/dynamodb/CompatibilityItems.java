package io.metricpipe.sinks.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.model.RawEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code analytics-data} item of the Kinesis→Lambda processor this job replaces: partition key
 * {@code id} (S), sort key {@code timestamp} (N), and every field of the event spread into the item
 * (objects as maps, arrays as lists, numbers as numbers; integers beyond 38 digits rounded as
 * doubles). An event without an {@code id} ({@code http-request}, {@code metrics}) uses its
 * resource key.
 */
public final class CompatibilityItems implements ItemConverter<RawEvent> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Map<String, AttributeValue> toItem(RawEvent e) {
        JsonNode event;
        try {
            event = JSON.readTree(e.json);
        } catch (IOException ex) {
            throw new UncheckedIOException("a decoded event is no longer JSON", ex);
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = event.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            item.put(f.getKey(), value(f.getValue()));
        }
        JsonNode id = event.get("id");
        item.put(
                "id",
                AttributeValue.fromS(
                        id != null && (id.isTextual() || id.isNumber())
                                ? id.asText()
                                : e.resourceKey));
        item.put("timestamp", Numbers.of(e.timestamp));
        return item;
    }

    private static AttributeValue value(JsonNode n) {
        if (n.isObject()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), value(f.getValue())));
            return AttributeValue.fromM(m);
        }
        if (n.isArray()) {
            List<AttributeValue> l = new ArrayList<>();
            n.forEach(e -> l.add(value(e)));
            return AttributeValue.fromL(l);
        }
        if (n.isNumber()) {
            // An integer of more than DynamoDB's 38 digits is stored rounded, as a double is.
            return n.isIntegralNumber() && n.bigIntegerValue().abs().bitLength() < 126
                    ? AttributeValue.fromN(n.bigIntegerValue().toString())
                    : Numbers.of(n.doubleValue());
        }
        if (n.isBoolean()) {
            return AttributeValue.fromBool(n.booleanValue());
        }
        if (n.isNull()) {
            return AttributeValue.fromNul(true);
        }
        return AttributeValue.fromS(n.asText());
    }

    @Override
    public List<String> keyAttributes() {
        return List.of("id", "timestamp");
    }

    @Override
    public String describe(RawEvent e) {
        return e.resourceKey + "/" + e.timestamp;
    }

    @Override
    public long time(RawEvent e) {
        return e.timestamp;
    }
}
