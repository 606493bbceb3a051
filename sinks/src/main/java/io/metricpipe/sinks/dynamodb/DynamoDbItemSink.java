package io.metricpipe.sinks.dynamodb;

import io.metricpipe.sinks.buffer.RecordSink;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.dynamodb.sink.client.DynamoDbAsyncClientProvider;
import org.apache.flink.util.Preconditions;

/**
 * Writes records to one DynamoDB table as {@code BatchWriteItem} puts (upserts under deterministic
 * keys), built on Flink's {@link AsyncSinkBase}: batching, in-flight limits, backpressure, and a
 * flush on every checkpoint.
 *
 * <p>Unlike flink-connector-dynamodb 4.x, whose writer fails the job on any {@code
 * ValidationException}, a batch DynamoDB rejects is split until the offending items are alone; each
 * of those is written to the dead-letter table as {@code item_rejected} and counted, and the rest
 * of the batch is written. See {@link DynamoDbItemWriter} for how every error is handled.
 *
 * <p>Defaults (the connector's): 25 items per batch (BatchWriteItem's limit), 50 batches in flight,
 * 10,000 buffered records; at most {@code dynamodb.maxTimeInBuffer} (5 s) in the buffer.
 */
public final class DynamoDbItemSink<T extends Serializable> extends RecordSink<T> {
    private static final long serialVersionUID = 1L;

    static final int MAX_BATCH_SIZE = 25;
    static final int MAX_IN_FLIGHT_REQUESTS = 50;
    static final int MAX_BUFFERED_REQUESTS = 10_000;
    static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
    static final long MAX_RECORD_BYTES = 400L * 1024;
    static final long REQUEST_TIMEOUT_MS = 10 * 60_000L;

    private final String table;
    private final ItemConverter<T> items;
    private final String deadLettersTable;
    private final DeadLetterItems deadLetterItems;
    private final Properties clientProperties;

    private DynamoDbItemSink(Builder<T> b) {
        super(
                Preconditions.checkNotNull(b.type, "Record type must be set"),
                MAX_BATCH_SIZE,
                MAX_IN_FLIGHT_REQUESTS,
                MAX_BUFFERED_REQUESTS,
                MAX_BATCH_BYTES,
                b.maxTimeInBufferMs,
                MAX_RECORD_BYTES,
                REQUEST_TIMEOUT_MS);
        this.table = Preconditions.checkNotNull(b.table, "Destination table name must be set");
        this.items = Preconditions.checkNotNull(b.items, "Item converter must be set");
        this.deadLettersTable =
                Preconditions.checkNotNull(b.deadLettersTable, "Dead-letter table must be set");
        this.deadLetterItems =
                Preconditions.checkNotNull(
                        b.deadLetterItems, "Dead-letter item converter must be set");
        this.clientProperties =
                Preconditions.checkNotNull(b.clientProperties, "Client properties must be set");
    }

    public static <T extends Serializable> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public DynamoDbItemWriter<T> restoreWriter(
            InitContext context, Collection<BufferedRequestState<T>> state) {
        return new DynamoDbItemWriter<>(
                getElementConverter(),
                context,
                writerConfiguration(),
                state,
                new DynamoDbItemWriter.Target<>(table, items, deadLettersTable, deadLetterItems),
                new DynamoDbAsyncClientProvider(clientProperties));
    }

    /** Builds a {@link DynamoDbItemSink}; every setting is required. */
    public static final class Builder<T extends Serializable> {
        private String table;
        private ItemConverter<T> items;
        private TypeInformation<T> type;
        private String deadLettersTable;
        private DeadLetterItems deadLetterItems;
        private Properties clientProperties;
        private long maxTimeInBufferMs = 5_000;

        public Builder<T> setTableName(String table) {
            this.table = table;
            return this;
        }

        public Builder<T> setItemConverter(ItemConverter<T> items) {
            this.items = items;
            return this;
        }

        /** The records' type, for the buffer in checkpoints. */
        public Builder<T> setRecordType(TypeInformation<T> type) {
            this.type = type;
            return this;
        }

        /** Where items DynamoDB rejects go, as {@code item_rejected} dead letters. */
        public Builder<T> setDeadLetters(String table, DeadLetterItems items) {
            this.deadLettersTable = table;
            this.deadLetterItems = items;
            return this;
        }

        /**
         * Region, endpoint and credentials, as flink-connector-aws's {@code AWSConfigConstants}.
         */
        public Builder<T> setClientProperties(Properties properties) {
            this.clientProperties = properties;
            return this;
        }

        /** How long an item waits at most for a fuller batch. */
        public Builder<T> setMaxTimeInBuffer(Duration maxTimeInBuffer) {
            this.maxTimeInBufferMs = maxTimeInBuffer.toMillis();
            return this;
        }

        public DynamoDbItemSink<T> build() {
            return new DynamoDbItemSink<>(this);
        }
    }
}
