package io.metricpipe.sinks.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates missing tables with the key schema the README documents (on-demand billing), and the
 * aggregates' index by ARN, waits until they are active, and turns on TTL for {@code expiresAt}.
 * Existing tables are left as they are.
 */
public final class TableProvisioner {
    /** The IAM actions of creating tables (only when asked to: MSF's template creates them). */
    public static final Set<String> IAM_ACTIONS =
            Set.of("dynamodb:DescribeTable", "dynamodb:CreateTable", "dynamodb:UpdateTimeToLive");

    private final DynamoDbClient client;

    public TableProvisioner(DynamoDbClient client) {
        this.client = client;
    }

    /**
     * @return the tables it created
     */
    public List<String> ensureTables(DynamoDbSection section) {
        List<String> created = new ArrayList<>();
        if (ensure(
                section.aggregatesTable,
                AggregateItems.PARTITION_KEY,
                ScalarAttributeType.S,
                AggregateItems.SORT_KEY,
                ScalarAttributeType.N,
                true,
                arnIndex())) {
            created.add(section.aggregatesTable);
        }
        if (ensure(
                section.deadLettersTable,
                DeadLetterItems.PARTITION_KEY,
                ScalarAttributeType.S,
                DeadLetterItems.SORT_KEY,
                ScalarAttributeType.S,
                true)) {
            created.add(section.deadLettersTable);
        }
        if (ensure(
                section.alertsTable,
                AlertItems.PARTITION_KEY,
                ScalarAttributeType.S,
                AlertItems.SORT_KEY,
                ScalarAttributeType.N,
                true)) {
            created.add(section.alertsTable);
        }
        if (ensure(
                section.resourcesTable,
                ResourceItems.PARTITION_KEY,
                ScalarAttributeType.S,
                ResourceItems.SORT_KEY,
                ScalarAttributeType.S,
                true)) {
            created.add(section.resourcesTable);
        }
        if (section.compatibilityEnabled
                && ensure(
                        section.compatibilityTable,
                        "id",
                        ScalarAttributeType.S,
                        "timestamp",
                        ScalarAttributeType.N,
                        false)) {
            created.add(section.compatibilityTable);
        }
        return created;
    }

    /** The aggregates' index by ARN (README "DynamoDB tables"), keys only. */
    private static GlobalSecondaryIndex arnIndex() {
        return GlobalSecondaryIndex.builder()
                .indexName(AggregateItems.ARN_INDEX)
                .keySchema(
                        key(AggregateItems.ARN_KEY, KeyType.HASH),
                        key(AggregateItems.SORT_KEY, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private boolean ensure(
            String table,
            String pk,
            ScalarAttributeType pkType,
            String sk,
            ScalarAttributeType skType,
            boolean ttl,
            GlobalSecondaryIndex... indexes) {
        try {
            client.describeTable(b -> b.tableName(table));
            return false;
        } catch (ResourceNotFoundException missing) {
            List<AttributeDefinition> attributes = new ArrayList<>();
            attributes.add(attribute(pk, pkType));
            attributes.add(attribute(sk, skType));
            for (GlobalSecondaryIndex index : indexes) {
                // The index's partition key is a string attribute; its sort key is the table's.
                attributes.add(
                        attribute(index.keySchema().get(0).attributeName(), ScalarAttributeType.S));
            }
            client.createTable(
                    b -> {
                        b.tableName(table)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .attributeDefinitions(attributes)
                                .keySchema(key(pk, KeyType.HASH), key(sk, KeyType.RANGE));
                        if (indexes.length > 0) {
                            b.globalSecondaryIndexes(indexes);
                        }
                    });
            client.waiter().waitUntilTableExists(b -> b.tableName(table));
            if (ttl) {
                client.updateTimeToLive(
                        b ->
                                b.tableName(table)
                                        .timeToLiveSpecification(
                                                s ->
                                                        s.attributeName(
                                                                        AggregateItems
                                                                                .TTL_ATTRIBUTE)
                                                                .enabled(true)));
            }
            return true;
        }
    }
}
