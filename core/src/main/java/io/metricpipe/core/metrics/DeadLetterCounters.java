package io.metricpipe.core.metrics;

import io.metricpipe.core.model.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Flink counters per dead-letter reason ({@code deadLetters.<reason>}) and per dropped-field reason
 * ({@code droppedFields.<reason>}). Each operator that sets something aside counts it here, so the
 * metric names are the same wherever the drop happens.
 */
public final class DeadLetterCounters {
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String DROPPED_FIELDS = "droppedFields";

    private final Map<DeadLetterReason, Counter> deadLetters =
            new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, Counter> droppedFields =
            new EnumMap<>(DeadLetterReason.class);
    private final MetricGroup group;

    public DeadLetterCounters(MetricGroup group) {
        this.group = group;
    }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters
                .computeIfAbsent(reason, r -> group.addGroup(DEAD_LETTERS).counter(r.code()))
                .inc();
    }

    public void deadLetter(String reasonCode) {
        deadLetter(DeadLetterReason.valueOf(reasonCode.toUpperCase(java.util.Locale.ROOT)));
    }

    public void droppedFields(DeadLetterReason reason, int n) {
        if (n > 0) {
            droppedFields
                    .computeIfAbsent(reason, r -> group.addGroup(DROPPED_FIELDS).counter(r.code()))
                    .inc(n);
        }
    }
}
