package io.metricpipe.sinks.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Orders a writer's concurrent requests per item key: a request may write a key only after every
 * earlier request holding that key has ended, retries included. Requests for other keys go on in
 * parallel. Without it an older revision of an item, sent again after a throttle, can land after a
 * newer one and replace it.
 *
 * <p>Requests are registered from the writer's task thread, in the order their records left the
 * buffer; they end on SDK threads. Only keys of requests in flight are held.
 */
final class KeyedWriteOrder {
    private final Map<String, CompletableFuture<Void>> lastWriter = new ConcurrentHashMap<>();

    /**
     * Registers a request for {@code keys} that ends when {@code ended} completes; returns a future
     * that completes once every earlier request for any of the keys has ended.
     */
    CompletableFuture<Void> register(Collection<String> keys, CompletableFuture<Void> ended) {
        List<CompletableFuture<Void>> earlier = new ArrayList<>();
        for (String key : keys) {
            CompletableFuture<Void> previous = lastWriter.put(key, ended);
            if (previous != null) {
                // However the earlier request ended: a failed one fails the job on its own.
                earlier.add(previous.exceptionally(e -> null));
            }
        }
        List<String> held = List.copyOf(keys);
        ended.whenComplete((ok, e) -> held.forEach(key -> lastWriter.remove(key, ended)));
        return CompletableFuture.allOf(earlier.toArray(new CompletableFuture[0]));
    }

    /** Keys held by requests in flight. */
    int heldKeys() {
        return lastWriter.size();
    }
}
