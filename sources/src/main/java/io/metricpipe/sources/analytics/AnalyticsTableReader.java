package io.metricpipe.sources.analytics;

import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.model.DecodedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Scans its segments one page per poll and decodes each item's event as the Kinesis source decodes
 * a record. A page is emitted whole within one poll, so a checkpoint's split state (the key of the
 * page's last item) is exactly what was emitted. Items carry their own event time; the job sets no
 * watermark from them, so every window fires when the table ends.
 */
final class AnalyticsTableReader implements SourceReader<DecodedRecord, ScanSegmentSplit> {
    private final SourceReaderContext context;
    private final Supplier<DynamoDbClient> clients;
    private final String table;
    private final int pageSize;
    private final EventDecoder decoder;
    private final boolean keepRawJson;
    private final List<ScanSegmentSplit> assigned = new ArrayList<>();
    private DynamoDbClient client;
    private ScanSegmentSplit current;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    AnalyticsTableReader(
            SourceReaderContext context,
            Supplier<DynamoDbClient> clients,
            String table,
            int pageSize,
            DecoderSettings settings,
            boolean keepRawJson) {
        this.context = context;
        this.clients = clients;
        this.table = table;
        this.pageSize = pageSize;
        this.decoder = new EventDecoder(settings);
        this.keepRawJson = keepRawJson;
    }

    @Override
    public void start() {
        client = clients.get();
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<DecodedRecord> output) {
        if (current == null && !assigned.isEmpty()) {
            current = assigned.remove(0);
        }
        if (current == null) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            available = new CompletableFuture<>();
            return InputStatus.NOTHING_AVAILABLE;
        }
        ScanRequest.Builder scan =
                ScanRequest.builder()
                        .tableName(table)
                        .segment(current.segment)
                        .totalSegments(current.totalSegments)
                        .limit(pageSize)
                        .consistentRead(true);
        if (current.lastId != null) {
            scan.exclusiveStartKey(
                    Map.of(
                            "id", AttributeValue.fromS(current.lastId),
                            "timestamp", AttributeValue.fromN(current.lastTimestamp)));
        }
        ScanResponse page = client.scan(scan.build());
        for (Map<String, AttributeValue> item : page.items()) {
            output.collect(decode(item));
        }
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        if (last == null || last.isEmpty()) {
            current = null;
            context.sendSplitRequest();
        } else {
            current = current.after(last.get("id").s(), last.get("timestamp").n());
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private DecodedRecord decode(Map<String, AttributeValue> item) {
        byte[] json = ItemJson.toJson(item);
        String id = item.containsKey("id") ? item.get("id").s() : "";
        String timestamp = item.containsKey("timestamp") ? item.get("timestamp").n() : "0";
        long time;
        try {
            time = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            time = 0;
        }
        // The stored event passed the future-time rule when it was first written.
        return decoder.record(json, "dynamodb:" + table, id + "/" + timestamp, time, keepRawJson);
    }

    @Override
    public List<ScanSegmentSplit> snapshotState(long checkpointId) {
        List<ScanSegmentSplit> state = new ArrayList<>(assigned);
        if (current != null) {
            state.add(0, current);
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<ScanSegmentSplit> splits) {
        assigned.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
