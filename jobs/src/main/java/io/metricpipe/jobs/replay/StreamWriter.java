package io.metricpipe.jobs.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts events on a stream with PutRecords, keeping each partition key's order: a request carries at
 * most one event per key, and a key's next event waits until its last one is in. Records the stream
 * refuses (throttled, or an internal error) are sent again after a backoff that doubles up to 5 s,
 * a number of times; whole-request failures are the SDK retry strategy's.
 */
final class StreamWriter {
    private static final int MAX_RECORDS = 500;
    private static final int MAX_BYTES = 5 << 20;

    private final KinesisClient kinesis;
    private final String stream;
    private final int maxAttempts;
    private final List<ArchivedEvent> pending = new ArrayList<>();
    private final Set<String> pendingKeys = new HashSet<>();
    private long pendingBytes;

    long sent;
    long sentBytes;
    long throttled;
    long retried;
    long failed;

    StreamWriter(KinesisClient kinesis, String stream, int maxAttempts) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.maxAttempts = maxAttempts;
    }

    void write(ArchivedEvent e) throws InterruptedException {
        int size = e.data.length + e.partitionKey.length();
        if (pendingKeys.contains(e.partitionKey)
                || pending.size() == MAX_RECORDS
                || pendingBytes + size > MAX_BYTES) {
            flush();
        }
        pending.add(e);
        pendingKeys.add(e.partitionKey);
        pendingBytes += size;
    }

    void flush() throws InterruptedException {
        List<ArchivedEvent> batch = new ArrayList<>(pending);
        pending.clear();
        pendingKeys.clear();
        pendingBytes = 0;
        long backoffMs = 100;
        for (int attempt = 1; !batch.isEmpty(); attempt++) {
            List<ArchivedEvent> refused = put(batch);
            if (refused.isEmpty()) {
                return;
            }
            if (attempt == maxAttempts) {
                failed += refused.size();
                return;
            }
            retried += refused.size();
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, Duration.ofSeconds(5).toMillis());
            batch = refused;
        }
    }

    /** Puts one request; returns the events the stream refused. */
    private List<ArchivedEvent> put(List<ArchivedEvent> batch) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
        for (ArchivedEvent e : batch) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey(e.partitionKey)
                            .data(SdkBytes.fromByteArrayUnsafe(e.data))
                            .build());
        }
        PutRecordsResponse response =
                kinesis.putRecords(
                        PutRecordsRequest.builder().streamName(stream).records(entries).build());
        List<ArchivedEvent> refused = new ArrayList<>();
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            String error = results.get(i).errorCode();
            if (error == null) {
                sent++;
                sentBytes += batch.get(i).data.length;
            } else {
                if ("ProvisionedThroughputExceededException".equals(error)) {
                    throttled++;
                }
                refused.add(batch.get(i));
            }
        }
        return refused;
    }
}
