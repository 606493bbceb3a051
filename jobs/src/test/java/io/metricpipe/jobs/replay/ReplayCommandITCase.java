package io.metricpipe.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.KinesisMock;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.ThrottlingProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code bin/replay} against kinesis-mock: a Firehose-style archive (concatenated JSON, gzipped,
 * three files, malformed records among the events) pushed as fast as a one-shard stream takes.
 * Every record arrives once, under its agent's partition key, in event-time order per key; the
 * pushes the stream throttles are counted and sent again.
 */
class ReplayCommandITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KinesisMock kinesis;

    @BeforeAll
    static void start() throws IOException {
        kinesis = KinesisMock.start();
        System.setProperty("aws.accessKeyId", KinesisMock.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", KinesisMock.SECRET_KEY);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
    }

    @Test
    void everyEventArrivesOnceInOrderPerKeyAndThrottlingIsRetried(@TempDir Path dir)
            throws Exception {
        long start = System.currentTimeMillis() - 3_600_000;
        List<SimulatedRecord> records = new CollectorSimulator(start).seed(4).ticks(90).records();
        int third = records.size() / 3;
        write(dir.resolve("2026/11/30/10/events-1.gz"), records.subList(0, third));
        write(dir.resolve("2026/11/30/10/events-2.gz"), records.subList(third, 2 * third));
        write(dir.resolve("2026/11/30/11/events-1.gz"), records.subList(2 * third, records.size()));
        kinesis.createStream("replayed", 1);

        ReplayCommand.Summary summary;
        int throttledByTheStream;
        // kinesis-mock does not throttle puts: a proxy refuses every fifth PutRecords as an
        // over-used shard would.
        try (ThrottlingProxy shard = new ThrottlingProxy(kinesis.endpoint(), "PutRecords", 5)) {
            summary =
                    new ReplayCommand(
                                    new String[] {
                                        "--stream",
                                        "replayed",
                                        "--endpoint",
                                        shard.endpoint(),
                                        dir.toString()
                                    })
                            .run(false);
            throttledByTheStream = shard.throttled();
        }

        List<Record> arrived = readAll("replayed");
        assertThat(summary.failed).isZero();
        assertThat(summary.unreadable).isEmpty();
        assertThat(summary.sent).isEqualTo(records.size());
        assertThat(arrived).hasSize(records.size());
        Map<String, Integer> expected = new HashMap<>();
        // Bytes as Latin-1 text: one record is no UTF-8 on purpose.
        records.forEach(
                r ->
                        expected.merge(
                                new String(r.data(), StandardCharsets.ISO_8859_1),
                                1,
                                Integer::sum));
        Map<String, Integer> got = new HashMap<>();
        arrived.forEach(
                r ->
                        got.merge(
                                new String(r.data().asByteArray(), StandardCharsets.ISO_8859_1),
                                1,
                                Integer::sum));
        assertThat(got).isEqualTo(expected);

        Map<String, Long> lastTimeByKey = new HashMap<>();
        for (Record r : arrived) {
            JsonNode event = parse(r.data().asByteArray());
            if (event == null || !event.path("timestamp").canConvertToLong()) {
                continue;
            }
            if (event.path("id").isTextual()) {
                assertThat(r.partitionKey()).isEqualTo(event.path("id").asText());
            }
            long t = event.path("timestamp").asLong();
            Long before = lastTimeByKey.put(r.partitionKey(), t);
            assertThat(before == null || before <= t)
                    .as("event time order under key %s", r.partitionKey())
                    .isTrue();
        }
        assertThat(lastTimeByKey.get("global-app-events")).isNotNull();
        assertThat(throttledByTheStream).isPositive();
        assertThat(summary.throttled).isEqualTo(throttledByTheStream);
        assertThat(summary.retried).isGreaterThanOrEqualTo(summary.throttled);
    }

    private static JsonNode parse(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path file, List<SimulatedRecord> records) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (SimulatedRecord r : records) {
                out.write(r.data()); // concatenated, as Firehose writes them
            }
        }
    }

    private static List<Record> readAll(String stream) {
        KinesisClient client = kinesis.client();
        List<Record> all = new ArrayList<>();
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            String iterator =
                    client.getShardIterator(
                                    b ->
                                            b.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String it = iterator;
                GetRecordsResponse page = client.getRecords(b -> b.shardIterator(it).limit(10_000));
                all.addAll(page.records());
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return all;
    }
}
