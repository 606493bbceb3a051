package io.metricpipe.core.model;

import java.util.Locale;

/** Why a record, a field or an output item was set aside. The code is stable: it is stored. */
public enum DeadLetterReason {
    OVERSIZED,
    NOT_UTF8,
    NOT_JSON,
    NOT_OBJECT,
    UNKNOWN_TYPE,
    MISSING_FIELD,
    MISSING_TIMESTAMP,
    INVALID_TIMESTAMP,
    FUTURE_TIMESTAMP,
    WRONG_TYPE,
    NON_FINITE,
    NO_METRICS,
    LATE,
    ITEM_REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
