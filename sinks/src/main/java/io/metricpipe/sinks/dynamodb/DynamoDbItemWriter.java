package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.sinks.buffer.RetryBackoff;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.aws.util.AWSCredentialFatalExceptionClassifiers;
import org.apache.flink.connector.base.sink.throwable.FatalExceptionClassifier;
import org.apache.flink.connector.base.sink.writer.AsyncSinkFatalExceptionClassifiers;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.dynamodb.sink.DynamoDbSinkException;
import org.apache.flink.connector.dynamodb.sink.client.SdkClientProvider;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes a batch of records with one {@code BatchWriteItem}. What happens to each outcome:
 *
 * <ul>
 *   <li>written: done; items DynamoDB returns unprocessed (throttling) are sent again;
 *   <li>rejected as invalid ({@code ValidationException} and the other per-item errors, see {@link
 *       #rejectsItems}): the batch is split in halves and each half written on its own, until an
 *       item that is rejected alone is found; that item becomes an {@code item_rejected} dead
 *       letter in the dead-letter table, counted in {@code deadLetters.item_rejected}, and the rest
 *       is written;
 *   <li>a missing table or invalid credentials: the job fails, as with the connector, because no
 *       retry can mend it;
 *   <li>anything else (throttling beyond the SDK's retries, 5xx, network, a connection pool that
 *       cannot connect): the records are sent again after a backoff (0.5 s doubling to 30 s),
 *       within the same request, which stays in flight meanwhile, so an outage slows the job down
 *       and loses nothing. The connector instead fails the job on every {@code SdkClientException},
 *       network errors included.
 * </ul>
 *
 * <p>Newer records of an item are never overwritten by older ones: records with the same key in one
 * batch keep the last (BatchWriteItem rejects duplicates), and a request writes a key only after
 * the earlier requests holding it have ended ({@link KeyedWriteOrder}).
 */
final class DynamoDbItemWriter<T extends Serializable> extends AsyncSinkWriter<T, T> {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbItemWriter.class);

    /** Where a writer writes, and where its rejected items go. */
    static final class Target<T> implements Serializable {
        private static final long serialVersionUID = 1L;

        final String table;
        final ItemConverter<T> items;
        final String deadLettersTable;
        final DeadLetterItems deadLetterItems;

        Target(
                String table,
                ItemConverter<T> items,
                String deadLettersTable,
                DeadLetterItems deadLetterItems) {
            this.table = table;
            this.items = items;
            this.deadLettersTable = deadLettersTable;
            this.deadLetterItems = deadLetterItems;
        }
    }

    private static final FatalExceptionClassifier FATAL =
            FatalExceptionClassifier.createChain(
                    AsyncSinkFatalExceptionClassifiers.getInterruptedExceptionClassifier(),
                    AWSCredentialFatalExceptionClassifiers
                            .getInvalidCredentialsExceptionClassifier(),
                    FatalExceptionClassifier.withRootCauseOfType(
                            ResourceNotFoundException.class,
                            e ->
                                    new DynamoDbSinkException(
                                            "The DynamoDB table does not exist", e)));

    private final Target<T> target;
    private final ItemGuard deadLetterGuard;
    private final SdkClientProvider<DynamoDbAsyncClient> clients;
    private final DeadLetterCounters counters;
    private final Counter retries;
    private final Counter unwritable;
    private final RetryBackoff backoff = new RetryBackoff("dynamodb-sink-backoff");
    private final KeyedWriteOrder order = new KeyedWriteOrder();

    DynamoDbItemWriter(
            ElementConverter<T, T> converter,
            Sink.InitContext context,
            AsyncSinkWriterConfiguration configuration,
            Collection<BufferedRequestState<T>> state,
            Target<T> target,
            SdkClientProvider<DynamoDbAsyncClient> clients) {
        super(converter, context, configuration, state);
        this.target = target;
        this.deadLetterGuard = new ItemGuard(target.deadLetterItems.keyAttributes());
        this.clients = clients;
        this.counters = new DeadLetterCounters(context.metricGroup());
        this.retries = context.metricGroup().counter("recordsRetried");
        this.unwritable = context.metricGroup().counter("deadLettersUnwritable");
    }

    @Override
    protected void submitRequestEntries(List<T> records, ResultHandler<T> handler) {
        Map<String, Pending<T>> byKey = new LinkedHashMap<>();
        List<CompletableFuture<Void>> unbuildable = new ArrayList<>();
        for (T record : records) {
            Map<String, AttributeValue> item;
            try {
                item = ItemGuard.repair(target.items.toItem(record)).item;
            } catch (RuntimeException e) {
                unbuildable.add(
                        untilDone(
                                List.of(record),
                                again ->
                                        deadLetter(record, null, "cannot build the item: " + e)
                                                .thenApply(stored -> stored ? List.of() : again)));
                continue;
            }
            // GuardItems checked the item; whatever it let through and DynamoDB still rejects is
            // found by splitting the batch.
            String key = key(item);
            byKey.remove(key); // the last record of a key is written, in its place in the batch
            byKey.put(key, new Pending<>(record, item));
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        List<Pending<T>> batch = new ArrayList<>(byKey.values());
        CompletableFuture<Void> written =
                order.register(byKey.keySet(), ended)
                        .thenCompose(earlierEnded -> untilDone(batch, this::writeBatch));
        unbuildable.add(written);
        CompletableFuture.allOf(unbuildable.toArray(new CompletableFuture[0]))
                .whenComplete(
                        (ok, failure) -> {
                            ended.complete(null);
                            if (failure != null) {
                                handler.completeExceptionally(asException(failure));
                            } else {
                                handler.complete();
                            }
                        });
    }

    /**
     * Writes until nothing is left to send again, backing off between attempts. Retries stay in the
     * request rather than going back to the buffer, where they would be sent after newer records of
     * the same keys; completes exceptionally when the job must fail.
     */
    private <P> CompletableFuture<Void> untilDone(
            List<P> pending, Function<List<P>, CompletableFuture<List<P>>> attempt) {
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return attempt.apply(pending)
                .thenCompose(
                        again -> {
                            if (again.isEmpty()) {
                                backoff.succeeded();
                                return CompletableFuture.completedFuture(null);
                            }
                            retries.inc(again.size());
                            return backoff.pause().thenCompose(paused -> untilDone(again, attempt));
                        });
    }

    /** Writes the batch; completes with what to send again. */
    private CompletableFuture<List<Pending<T>>> writeBatch(List<Pending<T>> batch) {
        List<WriteRequest> writes = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            writes.add(
                    WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(p.item).build())
                            .build());
        }
        return call(() ->
                        clients.getClient()
                                .batchWriteItem(
                                        BatchWriteItemRequest.builder()
                                                .requestItems(Map.of(target.table, writes))
                                                .build()))
                .handle((response, error) -> afterBatch(batch, response, error))
                .thenCompose(f -> f);
    }

    private CompletableFuture<List<Pending<T>>> afterBatch(
            List<Pending<T>> batch, BatchWriteItemResponse response, Throwable error) {
        if (error == null) {
            return CompletableFuture.completedFuture(unprocessed(batch, response));
        }
        Throwable cause = unwrap(error);
        if (rejectsItems(cause)) {
            if (batch.size() == 1) {
                Pending<T> p = batch.get(0);
                return deadLetter(p.record, p.item, "DynamoDB rejected the item: " + message(cause))
                        .thenApply(stored -> stored ? List.of() : batch);
            }
            int half = batch.size() / 2;
            return writeBatch(new ArrayList<>(batch.subList(0, half)))
                    .thenCombine(
                            writeBatch(new ArrayList<>(batch.subList(half, batch.size()))),
                            DynamoDbItemWriter::concat);
        }
        Exception[] fatal = {null};
        if (!FATAL.isFatal(cause, e -> fatal[0] = e)) {
            return CompletableFuture.failedFuture(fatal[0]);
        }
        LOG.warn(
                "DynamoDB write of {} items to {} failed ({}); they will be sent again",
                batch.size(),
                target.table,
                message(cause));
        return CompletableFuture.completedFuture(batch);
    }

    private List<Pending<T>> unprocessed(List<Pending<T>> batch, BatchWriteItemResponse response) {
        List<WriteRequest> left =
                response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(target.table, List.of())
                        : List.of();
        if (left.isEmpty()) {
            return List.of();
        }
        Map<String, Pending<T>> byKey = new LinkedHashMap<>();
        batch.forEach(p -> byKey.put(key(p.item), p));
        List<Pending<T>> again = new ArrayList<>(left.size());
        for (WriteRequest w : left) {
            Pending<T> p = byKey.get(key(w.putRequest().item()));
            if (p != null) {
                again.add(p);
            }
        }
        return again;
    }

    /**
     * Writes the record's {@code item_rejected} dead letter; completes with false when the
     * dead-letter table could not be reached, so that the record is sent again, not lost.
     */
    private CompletableFuture<Boolean> deadLetter(
            T record, Map<String, AttributeValue> item, String problem) {
        DeadLetter d = DeadLetterItems.rejected(target.table, target.items, record, item, problem);
        LOG.warn("Item rejected, written as a dead letter: {} ({})", d.position, problem);
        return putDeadLetter(d, true)
                .thenApply(
                        stored -> {
                            if (stored) {
                                counters.deadLetter(DeadLetterReason.ITEM_REJECTED);
                            }
                            return stored;
                        });
    }

    /**
     * Completes with true once the dead letter is stored (or, when even its reduced form is
     * rejected, logged and counted in {@code deadLettersUnwritable}), false to try again later.
     */
    private CompletableFuture<Boolean> putDeadLetter(DeadLetter d, boolean full) {
        Map<String, AttributeValue> item =
                ItemGuard.repair(
                                target.deadLetterItems.toItem(
                                        full ? d : DeadLetterItems.reduced(d)))
                        .item;
        if (deadLetterGuard.check(item) != null) {
            return full ? putDeadLetter(d, false) : unwritable(d, "it breaks DynamoDB's rules");
        }
        return call(() ->
                        clients.getClient()
                                .putItem(
                                        PutItemRequest.builder()
                                                .tableName(target.deadLettersTable)
                                                .item(item)
                                                .build()))
                .handle(
                        (ok, error) -> {
                            if (error == null) {
                                return CompletableFuture.completedFuture(true);
                            }
                            Throwable cause = unwrap(error);
                            if (rejectsItems(cause)) {
                                return full
                                        ? putDeadLetter(d, false)
                                        : unwritable(d, message(cause));
                            }
                            LOG.warn(
                                    "Writing a dead letter to {} failed ({}); will try again",
                                    target.deadLettersTable,
                                    message(cause));
                            return CompletableFuture.completedFuture(false);
                        })
                .thenCompose(f -> f);
    }

    /** The call's future; an exception the SDK throws at once (not in the future) fails it too. */
    private static <R> CompletableFuture<R> call(Supplier<CompletableFuture<R>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Boolean> unwritable(DeadLetter d, String why) {
        unwritable.inc();
        LOG.error("A dead letter could not be written even without its payload ({}): {}", why, d);
        return CompletableFuture.completedFuture(true);
    }

    /**
     * Errors that say the request's items are invalid, not that DynamoDB is unavailable: a smaller
     * batch without the offending item succeeds.
     */
    static boolean rejectsItems(Throwable e) {
        if (e instanceof DynamoDbException && ((DynamoDbException) e).awsErrorDetails() != null) {
            String code = ((DynamoDbException) e).awsErrorDetails().errorCode();
            return "ValidationException".equalsIgnoreCase(code)
                    || "ItemCollectionSizeLimitExceededException".equalsIgnoreCase(code);
        }
        // The SDK could not serialize the request (for example, a lone surrogate in a string).
        return e instanceof SdkClientException
                && String.valueOf(e.getMessage()).startsWith("Unable to marshall");
    }

    private String key(Map<String, AttributeValue> item) {
        StringBuilder k = new StringBuilder();
        for (String name : target.items.keyAttributes()) {
            k.append(item.get(name)).append('\u0000');
        }
        return k.toString();
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The error code and message, without request ids: a dead letter's detail must not vary. */
    private static String message(Throwable e) {
        if (e instanceof AwsServiceException
                && ((AwsServiceException) e).awsErrorDetails() != null) {
            AwsErrorDetails details = ((AwsServiceException) e).awsErrorDetails();
            return details.errorCode() + ": " + details.errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Exception asException(Throwable t) {
        Throwable e = unwrap(t);
        return e instanceof Exception ? (Exception) e : new RuntimeException(e);
    }

    private static <R> List<R> concat(List<R> a, List<R> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<R> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    protected long getSizeInBytes(T record) {
        // Items are at most 400 KB, 25 to a batch: BatchWriteItem's 16 MB never binds.
        return 0;
    }

    @Override
    public void close() {
        super.close();
        backoff.close();
        try {
            clients.close();
        } catch (Exception e) {
            LOG.warn("Closing the DynamoDB client failed", e);
        }
    }

    private static final class Pending<T> {
        final T record;
        final Map<String, AttributeValue> item;

        Pending(T record, Map<String, AttributeValue> item) {
            this.record = record;
            this.item = item;
        }
    }
}
