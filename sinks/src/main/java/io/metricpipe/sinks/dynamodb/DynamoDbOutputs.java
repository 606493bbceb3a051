package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.RawEvent;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.io.Serializable;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Attaches the DynamoDB writers: aggregates, alert transitions, the resource inventory, dead
 * letters, and the optional {@code analytics-data} compatibility table. Every record passes the
 * {@link ItemGuard} first; what DynamoDB still rejects, the {@link DynamoDbItemSink} finds and
 * dead-letters without failing the job. Writes are upserts under deterministic keys; duplicates of
 * a key within one batch keep the last, which BatchWriteItem would otherwise reject.
 */
public final class DynamoDbOutputs {
    /**
     * The IAM actions of the writers: batches of items, and one dead letter at a time for an item
     * DynamoDB rejected ({@link DynamoDbItemWriter}).
     */
    public static final Set<String> IAM_ACTIONS =
            Set.of("dynamodb:BatchWriteItem", "dynamodb:PutItem");

    private final DynamoDbSection section;
    private final DynamoDbConnection connection;

    public DynamoDbOutputs(DynamoDbSection section, DynamoDbConnection connection) {
        this.section = section;
        this.connection = connection;
    }

    /** Writes aggregates; returns the items rejected by the guard, as dead letters. */
    public DataStream<DeadLetter> writeAggregates(DataStream<WindowResult> results) {
        return write(
                results, new AggregateItems(section.ttl), section.aggregatesTable, "aggregates");
    }

    /** Writes alert transitions; returns the items rejected by the guard, as dead letters. */
    public DataStream<DeadLetter> writeAlerts(DataStream<AlertEvaluation> transitions) {
        return write(transitions, new AlertItems(section.ttl), section.alertsTable, "alerts");
    }

    /** Writes the resource inventory; returns the items rejected by the guard, as dead letters. */
    public DataStream<DeadLetter> writeResources(DataStream<ResourceRecord> resources) {
        return write(
                resources, new ResourceItems(section.ttl), section.resourcesTable, "resources");
    }

    public DataStream<DeadLetter> writeCompatibility(DataStream<RawEvent> events) {
        return write(
                events, new CompatibilityItems(), section.compatibilityTable, "analytics-data");
    }

    /**
     * Writes dead letters. A dead letter the guard rejects is written again in a reduced form
     * (detail and payload dropped), which always fits, so none is lost.
     */
    public void writeDeadLetters(DataStream<DeadLetter> deadLetters) {
        DeadLetterItems items = new DeadLetterItems(section.ttl);
        SingleOutputStreamOperator<DeadLetter> guarded =
                deadLetters
                        .process(new GuardItems<>(items, section.deadLettersTable))
                        .name("guard dead-letters")
                        .uid("guard-dead-letters");
        DataStream<DeadLetter> all =
                guarded.union(
                        guarded.getSideOutput(GuardItems.REJECTED)
                                .map(DeadLetterItems::reduced)
                                .name("reduce rejected dead letters")
                                .uid("reduce-dead-letters"));
        all.sinkTo(sink(items, section.deadLettersTable, all.getType()))
                .name("dynamodb dead-letters")
                .uid("dynamodb-dead-letters");
    }

    private <T extends Serializable> DataStream<DeadLetter> write(
            DataStream<T> records, ItemConverter<T> items, String table, String name) {
        SingleOutputStreamOperator<T> guarded =
                records.process(new GuardItems<>(items, table))
                        .returns(records.getType())
                        .name("guard " + name)
                        .uid("guard-" + name);
        guarded.sinkTo(sink(items, table, records.getType()))
                .name("dynamodb " + name)
                .uid("dynamodb-" + name);
        return guarded.getSideOutput(GuardItems.REJECTED);
    }

    private <T extends Serializable> DynamoDbItemSink<T> sink(
            ItemConverter<T> items, String table, TypeInformation<T> type) {
        return DynamoDbItemSink.<T>builder()
                .setTableName(table)
                .setItemConverter(items)
                .setRecordType(type)
                .setDeadLetters(section.deadLettersTable, new DeadLetterItems(section.ttl))
                .setClientProperties(connection.sinkProperties())
                .setMaxTimeInBuffer(section.maxTimeInBuffer)
                .build();
    }
}
