package io.metricpipe.sources.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.testing.DynamoDbLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table source restored from a checkpoint reads every item once: what a reader emitted before
 * the checkpoint is not read again, and what neither the reader nor the enumerator had finished is.
 * The items are no events (each becomes a dead letter named by its key, {@code id/timestamp}),
 * which keeps the check to positions.
 */
class AnalyticsTableSourceITCase {
    private static final String TABLE = "analytics-data";
    private static final int ITEMS = 90;
    private static final int PAGE = 7;
    private static DynamoDbLocal dynamodb;

    @BeforeAll
    static void startAndFill() throws Exception {
        dynamodb = DynamoDbLocal.start();
        dynamodb.client()
                .createTable(
                        b ->
                                b.tableName(TABLE)
                                        .billingMode(BillingMode.PAY_PER_REQUEST)
                                        .keySchema(
                                                k -> k.attributeName("id").keyType(KeyType.HASH),
                                                k ->
                                                        k.attributeName("timestamp")
                                                                .keyType(KeyType.RANGE))
                                        .attributeDefinitions(
                                                a ->
                                                        a.attributeName("id")
                                                                .attributeType(
                                                                        ScalarAttributeType.S),
                                                a ->
                                                        a.attributeName("timestamp")
                                                                .attributeType(
                                                                        ScalarAttributeType.N)));
        for (int i = 0; i < ITEMS; i++) {
            String id = String.format("event-%03d", i);
            long timestamp = 1_764_000_000_000L + i * 1_000L;
            dynamodb.client()
                    .putItem(
                            b ->
                                    b.tableName(TABLE)
                                            .item(
                                                    Map.of(
                                                            "id", AttributeValue.fromS(id),
                                                            "timestamp",
                                                                    AttributeValue.fromN(
                                                                            Long.toString(
                                                                                    timestamp)),
                                                            "note", AttributeValue.fromS("x"))));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        dynamodb.close();
    }

    @Test
    void aRestoredSourceReadsWhatWasNotCheckpointedAndNothingTwice() throws Exception {
        AnalyticsTableSource source =
                AnalyticsTableSource.builder()
                        .setTable(TABLE)
                        .setEndpoint(dynamodb.endpoint())
                        .setStaticCredentials(DynamoDbLocal.ACCESS_KEY, DynamoDbLocal.SECRET_KEY)
                        .setSegments(3)
                        .setPageSize(PAGE)
                        .build();

        // Before the failure: the enumerator has handed out one segment, its reader two pages.
        TestingSplitEnumeratorContext<ScanSegmentSplit> enumContext =
                new TestingSplitEnumeratorContext<>(1);
        SplitEnumerator<ScanSegmentSplit, List<ScanSegmentSplit>> enumerator =
                source.createEnumerator(enumContext);
        enumerator.handleSplitRequest(0, "localhost");
        List<ScanSegmentSplit> assigned =
                enumContext.getSplitAssignments().get(0).getAssignedSplits();
        assertThat(assigned).hasSize(1);

        SourceReader<DecodedRecord, ScanSegmentSplit> before =
                source.createReader(new TestingReaderContext());
        before.start();
        before.addSplits(assigned);
        TestingReaderOutput<DecodedRecord> beforeOutput = new TestingReaderOutput<>();
        for (int page = 0; page < 2; page++) {
            assertThat(before.pollNext(beforeOutput)).isEqualTo(InputStatus.MORE_AVAILABLE);
        }
        List<ScanSegmentSplit> readerState =
                roundTripEach(source.getSplitSerializer(), before.snapshotState(1));
        List<ScanSegmentSplit> enumeratorState =
                roundTrip(source.getEnumeratorCheckpointSerializer(), enumerator.snapshotState(1));
        before.close();
        assertThat(beforeOutput.getEmittedRecords()).hasSize(2 * PAGE);
        assertThat(enumeratorState).hasSize(2);

        // After the restart: the restored reader goes on; the restored enumerator hands out the
        // segments nobody had.
        TestingSplitEnumeratorContext<ScanSegmentSplit> restoredContext =
                new TestingSplitEnumeratorContext<>(1);
        SplitEnumerator<ScanSegmentSplit, List<ScanSegmentSplit>> restoredEnumerator =
                source.restoreEnumerator(restoredContext, enumeratorState);
        SourceReader<DecodedRecord, ScanSegmentSplit> after =
                source.createReader(new TestingReaderContext());
        after.start();
        after.addSplits(readerState);
        for (int i = 0; i < 3; i++) {
            restoredEnumerator.handleSplitRequest(0, "localhost");
        }
        after.addSplits(restoredContext.getSplitAssignments().get(0).getAssignedSplits());
        after.notifyNoMoreSplits();
        TestingReaderOutput<DecodedRecord> afterOutput = new TestingReaderOutput<>();
        int polls = 0;
        while (after.pollNext(afterOutput) != InputStatus.END_OF_INPUT) {
            assertThat(++polls).as("polls until the end").isLessThan(1_000);
        }
        after.close();

        List<String> read = new ArrayList<>(positions(beforeOutput));
        read.addAll(positions(afterOutput));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            expected.add(String.format("event-%03d/%d", i, 1_764_000_000_000L + i * 1_000L));
        }
        assertThat(read).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<String> positions(TestingReaderOutput<DecodedRecord> output) {
        return output.getEmittedRecords().stream()
                .map(r -> r.deadLetter.position)
                .collect(Collectors.toList());
    }

    private static <T> T roundTrip(SimpleVersionedSerializer<T> serializer, T state)
            throws Exception {
        return serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
    }

    private static List<ScanSegmentSplit> roundTripEach(
            SimpleVersionedSerializer<ScanSegmentSplit> serializer, List<ScanSegmentSplit> splits)
            throws Exception {
        List<ScanSegmentSplit> out = new ArrayList<>();
        for (ScanSegmentSplit s : splits) {
            out.add(roundTrip(serializer, s));
        }
        return out;
    }
}
