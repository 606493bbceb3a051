package io.metricpipe.sources.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeEnumeratorTest {
    static List<CloudWatchSplit> scopes() {
        List<CloudWatchSplit> splits = new ArrayList<>();
        for (String account : List.of("111111111111", "222222222222")) {
            for (String region : List.of("us-east-1", "eu-west-1", "ap-south-1")) {
                for (String collector : List.of("ec2", "rds", "s3", "lambda", "ebs", "elb")) {
                    splits.add(new CloudWatchSplit(account, region, collector, 0));
                }
            }
        }
        return splits;
    }

    static List<String> ids(List<CloudWatchSplit> splits) {
        List<String> ids = new ArrayList<>();
        splits.forEach(s -> ids.add(s.splitId()));
        return ids;
    }

    private static Map<Integer, List<CloudWatchSplit>> assigned(
            MockSplitEnumeratorContext<CloudWatchSplit> context) {
        Map<Integer, List<CloudWatchSplit>> all = new java.util.TreeMap<>();
        for (SplitsAssignment<CloudWatchSplit> a : context.getSplitsAssignmentSequence()) {
            a.assignment()
                    .forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void everyScopeGoesToExactlyOneReaderOnceThatReaderRegisters(int parallelism) throws Exception {
        // Given an enumerator with 36 scopes and no registered reader
        try (MockSplitEnumeratorContext<CloudWatchSplit> context =
                new MockSplitEnumeratorContext<>(parallelism)) {
            ScopeEnumerator<CloudWatchSplit> enumerator =
                    new ScopeEnumerator<>(context, scopes(), ids(scopes()));
            enumerator.start();
            assertThat(context.getSplitsAssignmentSequence()).isEmpty();

            // When the readers register one by one
            for (int i = 0; i < parallelism; i++) {
                context.registerReader(new ReaderInfo(i, "host"));
                enumerator.addReader(i);
            }

            // Then every scope is assigned once, to its owner, and nothing is left
            Map<Integer, List<CloudWatchSplit>> assigned = assigned(context);
            Set<CloudWatchSplit> seen = new HashSet<>();
            assigned.forEach(
                    (reader, splits) ->
                            splits.forEach(
                                    s -> {
                                        assertThat(seen.add(s)).isTrue();
                                        assertThat(ScopeEnumerator.owner(s, parallelism))
                                                .isEqualTo(reader);
                                    }));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(scopes());
            assertThat(enumerator.snapshotState(1).unassigned()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void splitsOfAFailedReaderGoBackToItAndSurviveACheckpoint(int parallelism) throws Exception {
        // Given reader 0 has not registered yet, so its scopes wait in the enumerator state
        List<CloudWatchSplit> ofReader0 = new ArrayList<>();
        ScopeEnumeratorState<CloudWatchSplit> state;
        try (MockSplitEnumeratorContext<CloudWatchSplit> context =
                new MockSplitEnumeratorContext<>(parallelism)) {
            ScopeEnumerator<CloudWatchSplit> enumerator =
                    new ScopeEnumerator<>(context, scopes(), ids(scopes()));
            for (int i = 1; i < parallelism; i++) {
                context.registerReader(new ReaderInfo(i, "host"));
                enumerator.addReader(i);
            }
            for (CloudWatchSplit s : scopes()) {
                if (ScopeEnumerator.owner(s, parallelism) == 0) {
                    ofReader0.add(s);
                }
            }
            // When a checkpoint is taken
            state = enumerator.snapshotState(7);
            assertThat(state.unassigned()).containsExactlyInAnyOrderElementsOf(ofReader0);
        }
        // Then a restored enumerator hands them to reader 0 when it registers
        try (MockSplitEnumeratorContext<CloudWatchSplit> context =
                new MockSplitEnumeratorContext<>(parallelism)) {
            ScopeEnumerator<CloudWatchSplit> restored =
                    new ScopeEnumerator<>(context, state.unassigned(), ids(scopes()));
            restored.start();
            context.registerReader(new ReaderInfo(0, "host"));
            restored.addReader(0);
            assertThat(assigned(context).get(0)).containsExactlyInAnyOrderElementsOf(ofReader0);

            // And splits given back after a reader failure, with their cursors, return to it
            CloudWatchSplit moved = ofReader0.get(0).withCursor(42);
            restored.addSplitsBack(List.of(moved), 0);
            List<SplitsAssignment<CloudWatchSplit>> seq = context.getSplitsAssignmentSequence();
            assertThat(seq.get(seq.size() - 1).assignment().get(0)).containsExactly(moved);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 8})
    void readersThatOwnNoScopeAreToldNoMoreSplits(int parallelism) throws Exception {
        // Given fewer scopes than readers
        List<CloudWatchSplit> two =
                List.of(
                        new CloudWatchSplit("111111111111", "us-east-1", "ec2", 0),
                        new CloudWatchSplit("111111111111", "eu-west-1", "ec2", 0));
        try (MockSplitEnumeratorContext<CloudWatchSplit> context =
                new MockSplitEnumeratorContext<>(parallelism)) {
            ScopeEnumerator<CloudWatchSplit> enumerator =
                    new ScopeEnumerator<>(context, two, ids(two));
            // When every reader registers
            for (int i = 0; i < parallelism; i++) {
                context.registerReader(new ReaderInfo(i, "host"));
                enumerator.addReader(i);
            }
            // Then exactly the readers without a scope are told that no split will come
            Set<Integer> owners = new HashSet<>();
            two.forEach(s -> owners.add(ScopeEnumerator.owner(s, parallelism)));
            for (int i = 0; i < parallelism; i++) {
                assertThat(context.hasNoMoreSplits(i))
                        .as("reader " + i)
                        .isEqualTo(!owners.contains(i));
            }
        }
    }
}
