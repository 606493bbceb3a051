package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lets through only records whose item DynamoDB will accept; the others become {@code
 * item_rejected} dead letters naming the problem, and are counted. Empty attribute names are
 * dropped from the item (the writer does the same) and counted as {@code droppedFields.empty_name}.
 */
final class GuardItems<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;

    static final OutputTag<DeadLetter> REJECTED =
            new OutputTag<>("rejected-items", TypeInformation.of(DeadLetter.class));

    private final ItemConverter<T> converter;
    private final String table;
    private transient ItemGuard guard;
    private transient DeadLetterCounters counters;

    GuardItems(ItemConverter<T> converter, String table) {
        this.converter = converter;
        this.table = table;
    }

    @Override
    public void open(OpenContext openContext) {
        guard = new ItemGuard(converter.keyAttributes());
        counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) {
        String problem;
        Map<String, AttributeValue> item = null;
        try {
            ItemGuard.Repaired repaired = ItemGuard.repair(converter.toItem(record));
            item = repaired.item;
            counters.droppedFields(DeadLetterReason.EMPTY_NAME, repaired.droppedNames);
            problem = guard.check(item);
        } catch (RuntimeException e) {
            problem = "cannot build the item: " + e.getMessage();
        }
        if (problem == null) {
            out.collect(record);
            return;
        }
        counters.deadLetter(DeadLetterReason.ITEM_REJECTED);
        ctx.output(REJECTED, DeadLetterItems.rejected(table, converter, record, item, problem));
    }
}
