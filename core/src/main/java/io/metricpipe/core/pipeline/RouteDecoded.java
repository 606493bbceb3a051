package io.metricpipe.core.pipeline;

import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.RawEvent;
import io.metricpipe.core.model.ResourceSamples;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded records: samples go on, dead letters to {@link #DEAD_LETTERS}. Counts every dead
 * letter and every dropped field by reason. Chained to the source, so it costs no network hop.
 */
public final class RouteDecoded extends ProcessFunction<DecodedRecord, ResourceSamples> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    public static final OutputTag<RawEvent> RAW_EVENTS =
            new OutputTag<>("raw-events", TypeInformation.of(RawEvent.class));

    private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

    private transient DeadLetterCounters counters;

    @Override
    public void open(OpenContext openContext) {
        counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(DecodedRecord r, Context ctx, Collector<ResourceSamples> out) {
        if (r.samples != null) {
            if (r.droppedFields != null) {
                for (int i = 0; i < r.droppedFields.length; i++) {
                    counters.droppedFields(REASONS[i], r.droppedFields[i]);
                }
            }
            if (r.rawJson != null) {
                ctx.output(
                        RAW_EVENTS,
                        RawEvent.of(r.samples.resourceKey, r.samples.timestamp, r.rawJson));
            }
            out.collect(r.samples);
        } else {
            counters.deadLetter(r.deadLetter.reason);
            ctx.output(DEAD_LETTERS, r.deadLetter);
        }
    }
}
