package io.metricpipe.sinks.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A DynamoDB map of strings from parallel key and value arrays, as the model keeps them. */
final class StringMaps {
    private StringMaps() {}

    static AttributeValue of(String[] keys, String[] values) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], AttributeValue.fromS(values[i]));
        }
        return AttributeValue.fromM(m);
    }
}
