package io.metricpipe.sinks.dynamodb;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns a record into the DynamoDB item it is written as, under a deterministic key. */
public interface ItemConverter<T> extends Serializable {
    Map<String, AttributeValue> toItem(T record);

    /** Partition key, then sort key. */
    List<String> keyAttributes();

    /** A short, stable description of the record for dead letters: its key. */
    String describe(T record);

    /** Event time of the record, the time of its dead letter if it is rejected. */
    long time(T record);
}
