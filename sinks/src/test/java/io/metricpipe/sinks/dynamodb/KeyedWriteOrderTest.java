package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KeyedWriteOrderTest {
    private final KeyedWriteOrder order = new KeyedWriteOrder();

    @Test
    void aRequestWaitsOnlyForEarlierRequestsThatShareAKey() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> third = new CompletableFuture<>();
        CompletableFuture<Void> other = new CompletableFuture<>();

        assertThat(order.register(List.of("a", "b"), first)).isDone();
        CompletableFuture<Void> secondMayWrite = order.register(List.of("b", "c"), second);
        CompletableFuture<Void> thirdMayWrite = order.register(List.of("c"), third);
        assertThat(order.register(List.of("d"), other)).as("no shared key").isDone();

        assertThat(secondMayWrite).isNotDone();
        assertThat(thirdMayWrite).isNotDone();
        first.complete(null);
        assertThat(secondMayWrite).isDone();
        assertThat(thirdMayWrite).as("waits for the second, which holds c").isNotDone();
        second.completeExceptionally(new IllegalStateException("failed"));
        assertThat(thirdMayWrite).as("a failed request has ended too").isDone();
        assertThat(thirdMayWrite).isNotCompletedExceptionally();
    }

    @Test
    void onlyKeysOfRequestsInFlightAreHeld() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        order.register(List.of("a", "b"), first);
        order.register(List.of("b"), second);
        assertThat(order.heldKeys()).isEqualTo(2);
        first.complete(null);
        assertThat(order.heldKeys()).as("b is still the second's").isEqualTo(1);
        second.complete(null);
        assertThat(order.heldKeys()).isZero();
    }
}
