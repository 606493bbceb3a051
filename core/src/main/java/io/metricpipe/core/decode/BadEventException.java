package io.metricpipe.core.decode;

import io.metricpipe.core.model.DeadLetterReason;

/**
 * Thrown by a type decoder when the whole event is unusable. Carries no stack trace: it is flow.
 */
final class BadEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    BadEventException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
