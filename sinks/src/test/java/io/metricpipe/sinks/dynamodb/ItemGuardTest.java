package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemGuardTest {
    private final ItemGuard guard = new ItemGuard(List.of("pk", "sk"));

    private static Map<String, AttributeValue> item(String key, AttributeValue value) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("host/a#1m"));
        item.put("sk", AttributeValue.fromN("1763856000000"));
        if (key != null) {
            item.put(key, value);
        }
        return item;
    }

    @Test
    void acceptsAnOrdinaryItem() {
        assertThat(guard.check(item("v", AttributeValue.fromN("12.5")))).isNull();
        assertThat(guard.check(item("empty", AttributeValue.fromS("")))).isNull();
    }

    @Test
    void rejectsMissingOrEmptyKeys() {
        Map<String, AttributeValue> noSort = item(null, null);
        noSort.remove("sk");
        assertThat(guard.check(noSort)).contains("'sk' is missing");

        Map<String, AttributeValue> emptyPartition = item(null, null);
        emptyPartition.put("pk", AttributeValue.fromS(""));
        assertThat(guard.check(emptyPartition)).contains("'pk' is an empty string");

        Map<String, AttributeValue> longKey = item(null, null);
        longKey.put("pk", AttributeValue.fromS("k".repeat(1025)));
        assertThat(guard.check(longKey)).contains("longer than 1024 bytes");
    }

    @Test
    void rejectsNumbersDynamoDbCannotStore() {
        assertThat(guard.check(item("v", Numbers.of(Double.NaN)))).contains("'v' is not a finite");
        assertThat(guard.check(item("v", Numbers.of(Double.POSITIVE_INFINITY))))
                .contains("not a finite");
        assertThat(guard.check(item("v", AttributeValue.fromN("1E+126"))))
                .contains("outside DynamoDB's number range");
        assertThat(guard.check(item("v", AttributeValue.fromN("1E-131"))))
                .contains("outside DynamoDB's number range");
        assertThat(
                        guard.check(
                                item(
                                        "v",
                                        AttributeValue.fromN(
                                                "1.000000000000000000000000000000000000001"))))
                .contains("more than 38 significant digits");
        assertThat(guard.check(item("v", Numbers.of(9.9e125)))).isNull();
        assertThat(guard.check(item("v", Numbers.of(Double.MAX_VALUE))))
                .contains("outside DynamoDB's number range");
        assertThat(guard.check(item("v", Numbers.of(Double.MIN_VALUE))))
                .contains("outside DynamoDB's number range");
    }

    @Test
    void findsBadValuesInsideMapsAndLists() {
        AttributeValue nested =
                AttributeValue.fromM(
                        Map.of(
                                "cpu",
                                AttributeValue.fromL(
                                        List.of(
                                                AttributeValue.fromN("1"),
                                                Numbers.of(Double.NaN)))));
        assertThat(guard.check(item("metrics", nested))).contains("'metrics.cpu[1]'");
    }

    @Test
    void rejectsEmptySets() {
        assertThat(guard.check(item("tags", AttributeValue.fromSs(List.of()))))
                .contains("'tags' is an empty set");
        assertThat(guard.check(item("ns", AttributeValue.fromNs(List.of("1", "NaN")))))
                .contains("not a finite");
    }

    @Test
    void rejectsItemsOverFourHundredKilobytes() {
        assertThat(guard.check(item("payload", AttributeValue.fromS("x".repeat(398 * 1024)))))
                .isNull();
        assertThat(guard.check(item("payload", AttributeValue.fromS("x".repeat(400 * 1024)))))
                .contains("over DynamoDB's 400 KB limit");
        // Multi-byte characters count by their UTF-8 length.
        assertThat(guard.check(item("payload", AttributeValue.fromS("é".repeat(201 * 1024)))))
                .contains("over DynamoDB's 400 KB limit");
    }

    @Test
    void rejectsNestingDeeperThanDynamoDbAllows() {
        AttributeValue v = AttributeValue.fromS("leaf");
        for (int i = 0; i < 33; i++) {
            v = AttributeValue.fromM(Map.of("m", v));
        }
        assertThat(guard.check(item("deep", v))).contains("nested deeper than 32");
    }

    @Test
    void sizeFollowsDynamoDbRules() {
        assertThat(ItemGuard.size(AttributeValue.fromS("abc"))).isEqualTo(3);
        // Numbers: one byte per two significant digits plus one.
        assertThat(ItemGuard.size(AttributeValue.fromN("12345"))).isEqualTo(4);
        assertThat(ItemGuard.size(AttributeValue.fromBool(true))).isEqualTo(1);
        // Map: 3 bytes overhead, and name + value + 1 per element.
        assertThat(ItemGuard.size(AttributeValue.fromM(Map.of("ab", AttributeValue.fromS("cd")))))
                .isEqualTo(3 + 2 + 2 + 1);
    }
}
