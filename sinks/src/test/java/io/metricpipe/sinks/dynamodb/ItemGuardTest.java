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

    /**
     * Sizes worked out by hand from DynamoDB's rules: names and strings by their UTF-8 bytes, a
     * number by (digits + 1) / 2 + 1, a map 3 bytes plus 1 per element.
     */
    @Test
    void writeUnitsFollowDynamoDbsSizeRules() {
        Map<String, AttributeValue> small =
                Map.of("id", AttributeValue.fromS("abc"), "n", AttributeValue.fromN("12345"));
        assertThat(ItemGuard.itemBytes(small)).isEqualTo(2 + 3 + 1 + 4);
        assertThat(ItemGuard.writeUnits(small)).isEqualTo(1);

        Map<String, AttributeValue> nested =
                Map.of("m", AttributeValue.fromM(Map.of("é", AttributeValue.fromN("1"))));
        assertThat(ItemGuard.itemBytes(nested)).isEqualTo(1 + 3 + (2 + 2 + 1));

        Map<String, AttributeValue> exactlyOneKb =
                Map.of("p", AttributeValue.fromS("x".repeat(1023)));
        assertThat(ItemGuard.writeUnits(exactlyOneKb)).isEqualTo(1);
        Map<String, AttributeValue> justOver = Map.of("p", AttributeValue.fromS("x".repeat(1024)));
        assertThat(ItemGuard.writeUnits(justOver)).isEqualTo(2);
    }

    // One test per DynamoDB item rule, named after the rule.

    @Test
    void keyAttributesMustBePresent() {
        Map<String, AttributeValue> noSort = item(null, null);
        noSort.remove("sk");
        assertThat(guard.check(noSort)).contains("'sk' is missing");
    }

    @Test
    void keyAttributesMustBeScalar() {
        Map<String, AttributeValue> mapKey = item(null, null);
        mapKey.put("sk", AttributeValue.fromM(Map.of("a", AttributeValue.fromS("b"))));
        assertThat(guard.check(mapKey)).contains("'sk' is not a string, number or binary");
    }

    @Test
    void keyStringsMustNotBeEmpty() {
        Map<String, AttributeValue> emptyPartition = item(null, null);
        emptyPartition.put("pk", AttributeValue.fromS(""));
        assertThat(guard.check(emptyPartition)).contains("'pk' is empty");
    }

    @Test
    void partitionKeyAtMost2048BytesAndSortKeyAtMost1024() {
        Map<String, AttributeValue> longPartition = item(null, null);
        longPartition.put("pk", AttributeValue.fromS("k".repeat(2048)));
        assertThat(guard.check(longPartition)).isNull();
        longPartition.put("pk", AttributeValue.fromS("k".repeat(2049)));
        assertThat(guard.check(longPartition)).contains("'pk' is longer than 2048 bytes");

        ItemGuard stringSort = new ItemGuard(List.of("pk", "sk"));
        Map<String, AttributeValue> longSort = item(null, null);
        longSort.put("sk", AttributeValue.fromS("é".repeat(513)));
        assertThat(stringSort.check(longSort)).contains("'sk' is longer than 1024 bytes");
    }

    @Test
    void attributeNamesMustNotBeEmptyAtAnyLevel() {
        assertThat(guard.check(item("", AttributeValue.fromS("y"))))
                .contains("has an empty attribute name");
        AttributeValue nested =
                AttributeValue.fromM(
                        Map.of(
                                "resource",
                                AttributeValue.fromM(Map.of("", AttributeValue.fromS("y")))));
        assertThat(guard.check(item("attributes", nested)))
                .contains("'attributes.resource.' has an empty attribute name");
    }

    @Test
    void attributeNamesAtMost64Kilobytes() {
        assertThat(guard.check(item("n".repeat(65535), AttributeValue.fromS("v")))).isNull();
        assertThat(guard.check(item("n".repeat(65536), AttributeValue.fromS("v"))))
                .contains("longer than 64 KB");
    }

    @Test
    void keyAttributeNamesAtMost255Bytes() {
        ItemGuard longKeyName = new ItemGuard(List.of("k".repeat(256)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("k".repeat(256), AttributeValue.fromS("a"));
        assertThat(longKeyName.check(item)).contains("key attribute name is longer than 255");
    }

    @Test
    void everyValueHasExactlyOneType() {
        assertThat(guard.check(item("v", AttributeValue.builder().build())))
                .contains("'v' has 0 types");
        assertThat(guard.check(item("v", AttributeValue.builder().s("a").n("1").build())))
                .contains("'v' has 2 types");
    }

    @Test
    void stringsAndNamesMustBeWellFormedUnicode() {
        assertThat(guard.check(item("v", AttributeValue.fromS("ok \ud83d\ude00")))).isNull();
        assertThat(guard.check(item("v", AttributeValue.fromS("lone \ud800"))))
                .contains("'v' is not well-formed Unicode");
        assertThat(guard.check(item("\udc00", AttributeValue.fromS("v"))))
                .contains("is not well-formed Unicode");
    }

    @Test
    void setsMustNotHoldDuplicates() {
        assertThat(guard.check(item("ss", AttributeValue.fromSs(List.of("a", "a")))))
                .contains("'ss' is a set with duplicate values");
        // 1 and 1.0 are the same number to DynamoDB.
        assertThat(guard.check(item("ns", AttributeValue.fromNs(List.of("1", "1.0")))))
                .contains("'ns' is a set with duplicate values");
        assertThat(guard.check(item("ns", AttributeValue.fromNs(List.of("1", "2"))))).isNull();
    }

    @Test
    void repairDropsEmptyNamesAtEveryLevelAndCountsThem() {
        Map<String, AttributeValue> item = item("", AttributeValue.fromS("top"));
        item.put(
                "attributes",
                AttributeValue.fromM(
                        Map.of(
                                "",
                                AttributeValue.fromS("y"),
                                "service.name",
                                AttributeValue.fromS("billing"),
                                "list",
                                AttributeValue.fromL(
                                        List.of(
                                                AttributeValue.fromM(
                                                        Map.of(
                                                                "",
                                                                AttributeValue.fromN("1"),
                                                                "a",
                                                                AttributeValue.fromN("2"))))))));
        ItemGuard.Repaired repaired = ItemGuard.repair(item);

        assertThat(repaired.droppedNames).isEqualTo(3);
        assertThat(guard.check(repaired.item)).isNull();
        assertThat(repaired.item).doesNotContainKey("").containsKeys("pk", "sk", "attributes");
        Map<String, AttributeValue> attributes = repaired.item.get("attributes").m();
        assertThat(attributes).containsOnlyKeys("service.name", "list");
        assertThat(attributes.get("list").l().get(0).m()).containsOnlyKeys("a");
    }

    @Test
    void repairLeavesAGoodItemAsItIs() {
        Map<String, AttributeValue> item = item("v", AttributeValue.fromN("1"));
        ItemGuard.Repaired repaired = ItemGuard.repair(item);
        assertThat(repaired.item).isSameAs(item);
        assertThat(repaired.droppedNames).isZero();
    }

    @Test
    void numbersFiniteWithinRangeAnd38Digits() {
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
    void rulesHoldInsideMapsAndLists() {
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
    void setsMustNotBeEmpty() {
        assertThat(guard.check(item("tags", AttributeValue.fromSs(List.of()))))
                .contains("'tags' is an empty set");
        assertThat(guard.check(item("ns", AttributeValue.fromNs(List.of("1", "NaN")))))
                .contains("not a finite");
    }

    @Test
    void itemAtMost400Kilobytes() {
        assertThat(guard.check(item("payload", AttributeValue.fromS("x".repeat(398 * 1024)))))
                .isNull();
        assertThat(guard.check(item("payload", AttributeValue.fromS("x".repeat(400 * 1024)))))
                .contains("over DynamoDB's 400 KB limit");
        // Multi-byte characters count by their UTF-8 length.
        assertThat(guard.check(item("payload", AttributeValue.fromS("é".repeat(201 * 1024)))))
                .contains("over DynamoDB's 400 KB limit");
    }

    @Test
    void nestingAtMost32Levels() {
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
