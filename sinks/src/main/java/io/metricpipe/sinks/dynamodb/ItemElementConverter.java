package io.metricpipe.sinks.dynamodb;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequest;
import org.apache.flink.connector.dynamodb.sink.DynamoDbWriteRequestType;

/** Adapts an {@link ItemConverter} to the DynamoDB sink: every record is a PutItem (an upsert). */
final class ItemElementConverter<T> implements ElementConverter<T, DynamoDbWriteRequest> {
    private static final long serialVersionUID = 1L;

    private final ItemConverter<T> converter;

    ItemElementConverter(ItemConverter<T> converter) {
        this.converter = converter;
    }

    @Override
    public DynamoDbWriteRequest apply(T element, SinkWriter.Context context) {
        return DynamoDbWriteRequest.builder()
                .setType(DynamoDbWriteRequestType.PUT)
                .setItem(converter.toItem(element))
                .build();
    }
}
