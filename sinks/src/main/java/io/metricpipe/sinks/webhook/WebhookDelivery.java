package io.metricpipe.sinks.webhook;

import io.metricpipe.core.model.AlertEvaluation;
import java.io.Serializable;

/**
 * What became of one transition's POST: delivered, worth another attempt, or refused for good. A
 * POJO: Flink serializes it, in flight and in checkpoints, without Kryo.
 */
public class WebhookDelivery implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Outcome {
        DELIVERED,
        /** 5xx, 429, a timeout or no connection: another attempt may succeed. */
        RETRYABLE,
        /** Any other answer (a 4xx): the same request would be refused again. */
        REFUSED
    }

    public AlertEvaluation transition;
    public Outcome outcome;

    /** The HTTP status and the start of the answer, or the error; empty when delivered. */
    public String detail;

    public WebhookDelivery() {}

    public WebhookDelivery(AlertEvaluation transition, Outcome outcome, String detail) {
        this.transition = transition;
        this.outcome = outcome;
        this.detail = detail;
    }

    public boolean isRetryable() {
        return outcome == Outcome.RETRYABLE;
    }

    /** The outcome of an HTTP answer. */
    static Outcome of(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.DELIVERED;
        }
        return status == 429 || status >= 500 ? Outcome.RETRYABLE : Outcome.REFUSED;
    }
}
