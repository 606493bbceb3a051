package io.metricpipe.sinks.webhook;

import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.DeadLetter;
import java.io.Serializable;
import java.net.URI;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.util.retryable.AsyncRetryStrategies;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Alert transitions to the notification webhook. One POST at a time per subtask, in order, so an
 * {@code OK} never overtakes the {@code ALARM} it ends; Flink's async retry strategy retries a
 * retryable answer with exponential backoff; what is still undelivered after the last attempt, or
 * refused, becomes a dead letter. In-flight transitions are in the checkpoint, so a restart posts
 * them again: delivery is at least once.
 */
public final class WebhookNotifications {
    private WebhookNotifications() {}

    /**
     * Posts every transition to {@code target} ({@link WebhookNotifier#fromEnvironment} for the URL
     * in {@code webhook.urlEnv}); returns the dead letters of those not delivered.
     */
    public static DataStream<DeadLetter> deliver(
            DataStream<AlertEvaluation> transitions,
            WebhookSection config,
            SerializableSupplier<URI> target) {
        long attemptMs = config.timeout.toMillis();
        // Every attempt with its backoff, so the operator's own time limit never cuts retries
        // short.
        long totalMs = config.maxAttempts * (attemptMs + config.maxBackoff.toMillis());
        return AsyncDataStream.orderedWaitWithRetry(
                        transitions,
                        new WebhookNotifier(target, config.timeout),
                        totalMs,
                        TimeUnit.MILLISECONDS,
                        1,
                        new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<
                                        WebhookDelivery>(
                                        config.maxAttempts - 1,
                                        config.initialBackoff.toMillis(),
                                        config.maxBackoff.toMillis(),
                                        2.0)
                                .ifResult(new AnyRetryable())
                                .build())
                .returns(TypeInformation.of(WebhookDelivery.class))
                .name("webhook")
                .uid("webhook-notifications")
                .process(new UndeliveredToDeadLetter())
                .name("undelivered notifications")
                .uid("webhook-undelivered");
    }

    /** Whether an attempt's answer is worth another; serializable, as the strategy is. */
    private static final class AnyRetryable
            implements Predicate<Collection<WebhookDelivery>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean test(Collection<WebhookDelivery> results) {
            return results.stream().anyMatch(WebhookDelivery::isRetryable);
        }
    }
}
