package io.metricpipe.sinks.dynamodb;

import java.math.BigDecimal;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB numbers from doubles, in a form DynamoDB parses: plain digits, no exponent. */
final class Numbers {
    private Numbers() {}

    /** NaN and infinities are passed through as text so that the item guard rejects them. */
    static AttributeValue of(double v) {
        if (!Double.isFinite(v)) {
            return AttributeValue.fromN(Double.toString(v));
        }
        if (v == 0) {
            return AttributeValue.fromN("0");
        }
        return AttributeValue.fromN(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    }

    static AttributeValue of(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
