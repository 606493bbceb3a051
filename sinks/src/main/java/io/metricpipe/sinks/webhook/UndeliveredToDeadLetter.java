package io.metricpipe.sinks.webhook;

import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the deliveries, and turns each transition the webhook did not take into a {@code
 * webhook_failed} dead letter with the last answer, under a key of its own (rule, resource, period
 * end), so a notification is never lost silently.
 */
public final class UndeliveredToDeadLetter extends ProcessFunction<WebhookDelivery, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private transient DeadLetterCounters deadLetters;
    private transient Counter delivered;

    @Override
    public void open(OpenContext context) {
        deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
        delivered = getRuntimeContext().getMetricGroup().counter("webhookDelivered");
    }

    @Override
    public void processElement(WebhookDelivery d, Context ctx, Collector<DeadLetter> out) {
        if (d.outcome == WebhookDelivery.Outcome.DELIVERED) {
            delivered.inc();
            return;
        }
        AlertEvaluation t = d.transition;
        deadLetters.deadLetter(DeadLetterReason.WEBHOOK_FAILED);
        out.collect(
                DeadLetter.of(
                        DeadLetterReason.WEBHOOK_FAILED,
                        "webhook",
                        t.rule + "/" + t.resourceKey + "@" + t.periodEnd,
                        t.periodEnd,
                        d.outcome + ": " + d.detail,
                        new String(SlackMessage.of(t), StandardCharsets.UTF_8)));
    }
}
