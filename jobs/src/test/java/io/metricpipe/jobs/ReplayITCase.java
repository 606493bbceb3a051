package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.S3Mock;
import io.metricpipe.testing.SimulatedRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replays write what the live run wrote. One scenario's events (a reboot, out-of-order events) go
 * live through Kinesis, again through a stream read from a point in time ({@code AT_TIMESTAMP},
 * after older events of the same hosts that it must skip), from a gzipped JSONL archive in
 * Firehose's dated folders (a bounded job that ends by itself), from a Firehose-style archive of
 * concatenated records on the S3 emulator, and from the analytics-data table the live run wrote.
 * The aggregate tables are equal item by item, but for {@code revision}: it counts a window's
 * emissions, which depends on how the input interleaves (README "Replay").
 */
class ReplayITCase extends EmulatorITCase {
    private static final String BUCKET = "archive";
    private static final int OBJECT_RECORDS = 100;
    private static final DateTimeFormatter HOUR_FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    @Test
    void liveAtTimestampAndArchiveReplaysWriteTheSameAggregates(@TempDir Path dir)
            throws Exception {
        long fiveMinutes = 5 * MINUTE;
        long start = (System.currentTimeMillis() - 30 * MINUTE) / fiveMinutes * fiveMinutes;
        int ticks = 48;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(21).ticks(ticks).rebootTick(24).records();
        SimulatedRecord flush =
                CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS);
        int expectedItems = ExpectedAggregates.itemCount(records);

        kinesis.createStream("replay-live", 2);
        kinesis.put("replay-live", records);
        kinesis.putOnEveryShard("replay-live", flush);
        PipelineScenario live = new PipelineScenario(kinesis, dynamodb, "replay-live", "live");
        live.runUntil(expectedItems);

        // Older events of the same hosts, then the scenario: AT_TIMESTAMP must skip the former.
        kinesis.createStream("replay-at", 2);
        kinesis.put(
                "replay-at",
                new CollectorSimulator(start - 60 * MINUTE).seed(5).ticks(12).records());
        Thread.sleep(2_000);
        Instant replayFrom = Instant.now();
        Thread.sleep(2_000);
        kinesis.put("replay-at", records);
        kinesis.putOnEveryShard("replay-at", flush);
        PipelineScenario atTimestamp =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        "replay-at",
                        "at-timestamp",
                        Map.of(
                                "kinesis.initialPosition",
                                "AT_TIMESTAMP",
                                "kinesis.atTimestamp",
                                replayFrom.toString()));
        atTimestamp.runUntil(expectedItems);

        Path archive = dir.resolve("archive");
        writeArchive(archive, records);
        PipelineScenario fromFiles =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        "not-read",
                        "archive",
                        Map.of("archive.paths", archive.toUri().toString()));
        JobClient bounded = fromFiles.start();
        bounded.getJobExecutionResult().get(150, TimeUnit.SECONDS);

        PipelineScenario fromS3 =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        "not-read",
                        "s3",
                        Map.of("archive.paths", "s3://" + BUCKET + "/firehose/"));
        try (S3Mock s3 = S3Mock.start(BUCKET)) {
            writeFirehoseArchive(s3, records);
            FileSystem.initialize(Configuration.fromMap(s3.flinkOptions()), null);
            fromS3.start().getJobExecutionResult().get(150, TimeUnit.SECONDS);
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }

        // The live run's analytics-data table (compatibility mode), replayed by a parallel Scan.
        PipelineScenario fromTable =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        "not-read",
                        "table",
                        Map.of(
                                "archive.table",
                                live.config.dynamodb.compatibilityTable,
                                "archive.segments",
                                "3"));
        fromTable.start().getJobExecutionResult().get(150, TimeUnit.SECONDS);

        assertThat(live.aggregates()).hasSize(expectedItems);
        // The table holds the live run's flush event too, whose windows only a finished replay
        // fires: the rest is equal.
        assertThat(comparableWithoutRevision(withoutFlush(fromTable.aggregates())))
                .isEqualTo(comparableWithoutRevision(live.aggregates()));
        assertThat(withoutFlush(fromTable.aggregates())).hasSize(fromTable.aggregates().size() - 2);
        assertThat(comparableWithoutRevision(atTimestamp.aggregates()))
                .isEqualTo(comparableWithoutRevision(live.aggregates()));
        assertThat(comparableWithoutRevision(fromFiles.aggregates()))
                .isEqualTo(comparableWithoutRevision(live.aggregates()));
        assertThat(comparableWithoutRevision(fromS3.aggregates()))
                .isEqualTo(comparableWithoutRevision(live.aggregates()));
        // The malformed records among them are dead letters for the same reasons in every run.
        assertThat(reasons(fromFiles.deadLetters())).isEqualTo(reasons(live.deadLetters()));
        assertThat(reasons(atTimestamp.deadLetters())).isEqualTo(reasons(live.deadLetters()));
        assertThat(reasons(fromS3.deadLetters())).isEqualTo(reasons(live.deadLetters()));
    }

    /**
     * A non-JSON line, a truncated gzip and a record split across two files: each is a dead letter
     * naming its file and byte offset, the good records around them are aggregated, and the job
     * ends by itself.
     */
    @Test
    void badArchiveInputBecomesDeadLettersWithFileAndOffsetAndTheJobEnds(@TempDir Path dir)
            throws Exception {
        long start = (System.currentTimeMillis() - 20 * MINUTE) / MINUTE * MINUTE;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(8).ticks(12).malformed(false).records();
        byte[] good = lines(records);
        int third = good.length / 3;
        int lineEnd = indexAfter(good, third, (byte) '\n');

        Path archive = dir.resolve("bad");
        Files.createDirectories(archive);
        // 1: a non-JSON line between good ones.
        ByteArrayOutputStream withBadLine = new ByteArrayOutputStream();
        withBadLine.write(good, 0, lineEnd);
        withBadLine.writeBytes("this is no JSON\n".getBytes(StandardCharsets.UTF_8));
        withBadLine.write(good, lineEnd, good.length - lineEnd);
        Files.write(archive.resolve("a-lines.jsonl"), withBadLine.toByteArray());
        // 2: a gzip cut in half.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(good);
        }
        byte[] zipped = gz.toByteArray();
        Files.write(
                archive.resolve("b-truncated.jsonl.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        // 3: one record split across two files, mid-object.
        int cut = lineEnd + 30;
        Files.write(archive.resolve("c-part-1.jsonl"), Arrays.copyOfRange(good, 0, cut));
        Files.write(archive.resolve("c-part-2.jsonl"), Arrays.copyOfRange(good, cut, good.length));

        PipelineScenario replay =
                new PipelineScenario(
                        kinesis,
                        dynamodb,
                        "not-read",
                        "bad-archive",
                        Map.of("archive.paths", archive.toUri().toString()));
        replay.start().getJobExecutionResult().get(150, TimeUnit.SECONDS);

        Map<String, String> byFile = new TreeMap<>();
        List<Map<String, AttributeValue>> deadLetters = replay.deadLetters();
        for (Map<String, AttributeValue> d : deadLetters) {
            String file = d.get("source").s().replaceAll(".*/", "");
            byFile.merge(
                    file, d.get("reason").s() + "@" + d.get("position").s(), (a, b) -> a + "," + b);
        }
        assertThat(byFile)
                .containsEntry("a-lines.jsonl", "not_json@" + lineEnd)
                .containsEntry("c-part-1.jsonl", "not_json@" + lineEnd)
                .containsEntry("c-part-2.jsonl", "not_json@0")
                .containsKey("b-truncated.jsonl.gz");
        assertThat(byFile.get("b-truncated.jsonl.gz")).matches("(unreadable|not_json)@\\d+");
        assertThat(deadLetters)
                .allSatisfy(d -> assertThat(d.get("source").s()).startsWith("archive:file:"));
        assertThat(replay.aggregates()).isNotEmpty();
    }

    private static byte[] lines(List<SimulatedRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SimulatedRecord r : records) {
            out.writeBytes(r.data());
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static int indexAfter(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i + 1;
            }
        }
        throw new AssertionError("no line break after " + from);
    }

    /** Firehose's layout: gzipped objects in dated folders of the hour they arrived. */
    private static void writeArchive(Path root, List<SimulatedRecord> records) throws IOException {
        for (Map.Entry<String, List<SimulatedRecord>> hour : byHour(records).entrySet()) {
            Path file = root.resolve(hour.getKey()).resolve("collector-events-1.jsonl.gz");
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                for (SimulatedRecord r : hour.getValue()) {
                    out.write(r.data());
                    out.write('\n');
                }
            }
        }
    }

    /**
     * What Kinesis Data Firehose writes by default: uncompressed objects of records concatenated
     * with no separator, in dated folders of the hour, a new object every {@code OBJECT_RECORDS}.
     */
    private static void writeFirehoseArchive(S3Mock s3, List<SimulatedRecord> records) {
        for (Map.Entry<String, List<SimulatedRecord>> hour : byHour(records).entrySet()) {
            List<SimulatedRecord> inHour = hour.getValue();
            for (int from = 0; from < inHour.size(); from += OBJECT_RECORDS) {
                ByteArrayOutputStream object = new ByteArrayOutputStream();
                inHour.subList(from, Math.min(from + OBJECT_RECORDS, inHour.size()))
                        .forEach(r -> object.writeBytes(r.data()));
                String name =
                        String.format(
                                "firehose/%s/metricpipe-archive-1-%s-%04d",
                                hour.getKey(), hour.getKey().replace('/', '-'), from);
                s3.put(BUCKET, name, object.toByteArray());
            }
        }
    }

    /** Records by the hour folder ({@code yyyy/MM/dd/HH}) of their event time, in order. */
    private static Map<String, List<SimulatedRecord>> byHour(List<SimulatedRecord> records) {
        return records.stream()
                .collect(
                        Collectors.groupingBy(
                                r -> HOUR_FOLDER.format(Instant.ofEpochMilli(r.eventTime())),
                                TreeMap::new,
                                Collectors.toList()));
    }

    private static List<Map<String, AttributeValue>> withoutFlush(
            List<Map<String, AttributeValue>> items) {
        return items.stream()
                .filter(i -> !i.get("resourceKey").s().equals("host/flush"))
                .collect(Collectors.toList());
    }

    private static List<String> reasons(List<Map<String, AttributeValue>> deadLetters) {
        return deadLetters.stream()
                .map(d -> d.get("reason").s())
                .sorted()
                .collect(Collectors.toList());
    }

    /** Items as text without {@code revision} (README "Replay": how revisions compare). */
    private static List<String> comparableWithoutRevision(List<Map<String, AttributeValue>> items) {
        return PipelineScenario.comparable(items, "revision");
    }
}
