package io.metricpipe.sources.inventory.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.sources.polling.ScopeEnumeratorState;
import io.metricpipe.sources.polling.ScopeEnumeratorStateSerializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventorySplitSerializerTest {
    private static final InventorySplit SPLIT =
            new InventorySplit(
                    "123456789012",
                    "eu-west-1",
                    "ec2",
                    1_763_856_000_000L,
                    List.of(
                            "arn:aws:ec2:eu-west-1:123456789012:instance/i-1",
                            "arn:aws:ec2:eu-west-1:123456789012:instance/i-2"));

    @Test
    void splitRoundTripsInEveryVersion() throws Exception {
        InventorySplitSerializer serializer = new InventorySplitSerializer();
        for (int version = 1; version <= InventorySplitSerializer.CURRENT_VERSION; version++) {
            assertThat(serializer.deserialize(version, serializer.serialize(SPLIT)))
                    .isEqualTo(SPLIT);
            InventorySplit fresh = InventorySplit.initial("210987654321", "us-east-1", "s3");
            assertThat(serializer.deserialize(version, serializer.serialize(fresh)))
                    .isEqualTo(fresh);
        }
        assertThat(SPLIT.splitId()).isEqualTo("123456789012/eu-west-1/ec2");
    }

    @Test
    void unknownVersionsAreRefused() throws Exception {
        byte[] bytes = new InventorySplitSerializer().serialize(SPLIT);
        assertThatThrownBy(() -> new InventorySplitSerializer().deserialize(2, bytes))
                .hasMessageContaining("inventory split version 2");
    }

    @Test
    void enumeratorStateRoundTrips() throws Exception {
        ScopeEnumeratorStateSerializer<InventorySplit> serializer =
                new ScopeEnumeratorStateSerializer<>(new InventorySplitSerializer(), "inventory");
        ScopeEnumeratorState<InventorySplit> state =
                new ScopeEnumeratorState<>(
                        List.of(SPLIT, InventorySplit.initial("210987654321", "us-east-1", "elb")));
        assertThat(
                        serializer
                                .deserialize(
                                        ScopeEnumeratorStateSerializer.CURRENT_VERSION,
                                        serializer.serialize(state))
                                .unassigned())
                .isEqualTo(state.unassigned());
    }

    @Test
    void aRefreshReplacesWhatTheSplitKnows() {
        InventorySplitState state = new InventorySplitState(SPLIT);
        state.refreshed(SPLIT.lastRefresh() + 900_000, List.of("arn:x"));
        assertThat(state.toSplit())
                .isEqualTo(
                        new InventorySplit(
                                "123456789012",
                                "eu-west-1",
                                "ec2",
                                SPLIT.lastRefresh() + 900_000,
                                List.of("arn:x")));
    }
}
