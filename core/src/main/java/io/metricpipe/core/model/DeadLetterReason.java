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
    ITEM_REJECTED,
    /** The JSON nests deeper than the parser's limit. */
    TOO_DEEP,
    /** A JSON string is longer than the parser's limit. */
    STRING_TOO_LONG,
    /** A JSON field name is longer than the parser's limit. */
    NAME_TOO_LONG,
    /** A JSON number has more digits than the parser's limit. */
    NUMBER_TOO_LONG,
    /** A decoder failed in a way no rule foresaw; the detail names the exception. */
    DECODER_ERROR,
    /** The rest of an archive file could not be read (a truncated gzip, say), from this offset. */
    UNREADABLE,
    /** A field whose name is empty (dropped field only: DynamoDB and OTLP reject empty names). */
    EMPTY_NAME,
    /** An alert transition the notification webhook refused, or did not take in every attempt. */
    WEBHOOK_FAILED,
    /**
     * A rule of the watched alert rules file that does not parse or validate, or the whole file
     * when it cannot be read or parsed; the rules in force stay.
     */
    RULE_REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
