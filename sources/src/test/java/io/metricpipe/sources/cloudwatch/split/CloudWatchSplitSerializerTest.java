package io.metricpipe.sources.cloudwatch.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.sources.polling.ScopeEnumeratorState;
import io.metricpipe.sources.polling.ScopeEnumeratorStateSerializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudWatchSplitSerializerTest {
    private static final CloudWatchSplit SPLIT =
            new CloudWatchSplit("123456789012", "eu-west-1", "ec2", 1_763_856_000_000L);

    @Test
    void splitRoundTripsInEveryVersion() throws Exception {
        CloudWatchSplitSerializer serializer = new CloudWatchSplitSerializer();
        for (int version = 1; version <= CloudWatchSplitSerializer.CURRENT_VERSION; version++) {
            byte[] bytes = serializer.serialize(SPLIT);
            assertThat(serializer.deserialize(version, bytes)).isEqualTo(SPLIT);
        }
        assertThat(SPLIT.splitId()).isEqualTo("123456789012/eu-west-1/ec2");
    }

    @Test
    void unknownVersionsAreRefused() throws Exception {
        byte[] bytes = new CloudWatchSplitSerializer().serialize(SPLIT);
        assertThatThrownBy(() -> new CloudWatchSplitSerializer().deserialize(99, bytes))
                .hasMessageContaining("version 99");
        assertThatThrownBy(
                        () ->
                                new ScopeEnumeratorStateSerializer<>(
                                                new CloudWatchSplitSerializer(), "CloudWatch")
                                        .deserialize(0, new byte[4]))
                .hasMessageContaining("version 0");
    }

    @Test
    void enumeratorStateRoundTrips() throws Exception {
        ScopeEnumeratorStateSerializer<CloudWatchSplit> serializer =
                new ScopeEnumeratorStateSerializer<>(new CloudWatchSplitSerializer(), "CloudWatch");
        ScopeEnumeratorState<CloudWatchSplit> state =
                new ScopeEnumeratorState<>(
                        List.of(SPLIT, new CloudWatchSplit("210987654321", "us-east-1", "rds", 7)));
        ScopeEnumeratorState<CloudWatchSplit> back =
                serializer.deserialize(
                        ScopeEnumeratorStateSerializer.CURRENT_VERSION,
                        serializer.serialize(state));
        assertThat(back.unassigned()).isEqualTo(state.unassigned());
        assertThat(
                        serializer
                                .deserialize(
                                        ScopeEnumeratorStateSerializer.CURRENT_VERSION,
                                        serializer.serialize(new ScopeEnumeratorState<>(List.of())))
                                .unassigned())
                .isEmpty();
    }

    @Test
    void theCursorOnlyMovesForward() {
        CloudWatchSplitState state = new CloudWatchSplitState(SPLIT);
        state.advanceTo(SPLIT.cursor() + 60_000);
        state.advanceTo(SPLIT.cursor());
        assertThat(state.toSplit().cursor()).isEqualTo(SPLIT.cursor() + 60_000);
        assertThat(state.toSplit().splitId()).isEqualTo(SPLIT.splitId());
    }
}
