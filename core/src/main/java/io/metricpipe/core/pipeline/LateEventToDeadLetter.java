package io.metricpipe.core.pipeline;

import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.ResourceSamples;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** An event that arrived after its window's allowed lateness becomes a {@code late} dead letter. */
final class LateEventToDeadLetter extends RichMapFunction<ResourceSamples, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int payloadChars;
    private transient DeadLetterCounters counters;

    LateEventToDeadLetter(String source, int payloadChars) {
        this.source = source;
        this.payloadChars = payloadChars;
    }

    @Override
    public void open(OpenContext openContext) {
        counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public DeadLetter map(ResourceSamples s) {
        counters.deadLetter(DeadLetterReason.LATE);
        return DeadLetter.of(
                DeadLetterReason.LATE,
                source,
                s.sourcePosition,
                s.timestamp,
                "event of " + s.resourceKey + " arrived after its window's allowed lateness",
                EventDecoder.printable(
                        s.toString().getBytes(StandardCharsets.UTF_8), payloadChars));
    }
}
