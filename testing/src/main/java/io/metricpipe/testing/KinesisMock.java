package io.metricpipe.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * kinesis-mock (npm {@code kinesis-local}) as a child process on a free plain-HTTP port. Needs
 * {@code npm ci} at the repository root. The process is stopped on {@link #close()} and when the
 * JVM exits.
 */
public final class KinesisMock implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final Process process;
    private final int port;
    private final KinesisClient client;

    private KinesisMock(Process process, int port) {
        this.process = process;
        this.port = port;
        this.client =
                KinesisClient.builder()
                        .endpointOverride(URI.create(endpoint()))
                        .region(Region.of(REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
    }

    public static KinesisMock start() throws IOException {
        Path main = locate();
        int plain = Ports.free();
        int tls = Ports.free();
        ProcessBuilder pb = new ProcessBuilder("node", main.toString());
        pb.environment()
                .put("KINESIS_MOCK_CERT_PATH", main.resolveSibling("server.json").toString());
        pb.environment().put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plain));
        pb.environment().put("KINESIS_MOCK_TLS_PORT", String.valueOf(tls));
        pb.environment().put("CREATE_STREAM_DURATION", "0ms");
        pb.environment().put("DELETE_STREAM_DURATION", "0ms");
        pb.environment().put("UPDATE_STREAM_DURATION", "0ms");
        pb.environment().put("LOG_LEVEL", "WARN");
        Process process = Ports.startChild(pb, "kinesis-mock.log", plain, Duration.ofSeconds(60));
        return new KinesisMock(process, plain);
    }

    static Path locate() {
        return RepositoryFiles.locate(
                "node_modules/kinesis-local/main.js",
                "kinesis-mock is not installed; run 'npm ci' at the repository root");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public KinesisClient client() {
        return client;
    }

    public void createStream(String stream, int shards) {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " did not become ACTIVE");
            }
            sleep(100);
        }
    }

    /**
     * Puts the records one by one, in order, as agents do, retrying a throttled put before the next
     * record. (PutRecords would reorder: its rejected entries can only be retried after the
     * accepted ones, which turns throttling into out-of-order events.)
     */
    public void put(String stream, List<SimulatedRecord> records) {
        for (SimulatedRecord r : records) {
            for (int attempt = 0; ; attempt++) {
                try {
                    client.putRecord(
                            b ->
                                    b.streamName(stream)
                                            .partitionKey(r.partitionKey())
                                            .data(SdkBytes.fromByteArray(r.data())));
                    break;
                } catch (ProvisionedThroughputExceededException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    sleep(20L * (attempt + 1));
                }
            }
        }
    }

    /**
     * Puts many records with {@code PutRecords}, 500 or 4 MB a call, sending again the entries the
     * emulator throttled (which may then follow later records of their call).
     */
    public void putMany(String stream, List<SimulatedRecord> records) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        long bytes = 0;
        for (SimulatedRecord r : records) {
            if (batch.size() == 500 || bytes + r.data().length > 4_000_000) {
                putRecords(stream, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey(r.partitionKey())
                            .data(SdkBytes.fromByteArray(r.data()))
                            .build());
            bytes += r.data().length;
        }
        if (!batch.isEmpty()) {
            putRecords(stream, batch);
        }
    }

    private void putRecords(String stream, List<PutRecordsRequestEntry> entries) {
        for (int attempt = 0; !entries.isEmpty(); attempt++) {
            List<PutRecordsRequestEntry> sent = entries;
            List<PutRecordsResultEntry> results =
                    client.putRecords(b -> b.streamName(stream).records(sent)).records();
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    failed.add(sent.get(i));
                }
            }
            if (!failed.isEmpty() && attempt > 50) {
                throw new IllegalStateException(
                        failed.size() + " records still refused: " + results.get(0).errorCode());
            }
            entries = failed;
            if (!failed.isEmpty()) {
                sleep(20L * (attempt + 1));
            }
        }
    }

    /**
     * Puts a copy of the record on every shard (by explicit hash key). A record stamped after all
     * data on every shard moves every shard's watermark past the data, closing its windows.
     */
    public void putOnEveryShard(String stream, SimulatedRecord record) {
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            putOnShard(stream, shard, record);
        }
    }

    /** Puts the record on the shard (by explicit hash key). */
    public void putOnShard(String stream, Shard shard, SimulatedRecord record) {
        client.putRecord(
                b ->
                        b.streamName(stream)
                                .partitionKey(record.partitionKey())
                                .explicitHashKey(shard.hashKeyRange().startingHashKey())
                                .data(SdkBytes.fromByteArray(record.data())));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        Ports.stop(process);
    }
}
