package io.metricpipe.sources.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFormatTest {
    private static final long T0 = 1_764_460_800_000L; // 2025-11-30T00:00:00Z
    private static final ArchiveFormat FORMAT =
            new ArchiveFormat(DecoderSettings.defaults(), false);

    @TempDir Path dir;

    private static List<SimulatedRecord> events(int ticks) {
        return new CollectorSimulator(T0).seed(7).ticks(ticks).malformed(false).records();
    }

    private static byte[] join(List<SimulatedRecord> events, String separator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SimulatedRecord e : events) {
            out.writeBytes(e.data());
            out.writeBytes(separator.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(bytes);
            }
        } else {
            Files.write(file, bytes);
        }
        return file;
    }

    private static FileSourceSplit split(Path file) throws IOException {
        return new FileSourceSplit(
                "0",
                new org.apache.flink.core.fs.Path(file.toUri()),
                0,
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                Files.size(file));
    }

    private static List<RecordAndPosition<DecodedRecord>> readAll(
            BulkFormat.Reader<DecodedRecord> r) throws IOException {
        List<RecordAndPosition<DecodedRecord>> all = new ArrayList<>();
        try (r) {
            for (BulkFormat.RecordIterator<DecodedRecord> batch = r.readBatch();
                    batch != null;
                    batch = r.readBatch()) {
                for (RecordAndPosition<DecodedRecord> rp = batch.next();
                        rp != null;
                        rp = batch.next()) {
                    // The iterator reuses its holder: keep a copy.
                    all.add(
                            new RecordAndPosition<>(
                                    rp.getRecord(), rp.getOffset(), rp.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return all;
    }

    private List<DecodedRecord> read(Path file) throws IOException {
        List<DecodedRecord> records = new ArrayList<>();
        readAll(FORMAT.createReader(new Configuration(), split(file)))
                .forEach(rp -> records.add(rp.getRecord()));
        return records;
    }

    /** The byte offset of each event in the joined text, as the test wrote them. */
    private static List<String> offsets(List<SimulatedRecord> events, String separator) {
        List<String> offsets = new ArrayList<>();
        long at = 0;
        for (SimulatedRecord e : events) {
            offsets.add(Long.toString(at));
            at += e.data().length + separator.length();
        }
        return offsets;
    }

    private static List<String> positions(List<DecodedRecord> records) {
        List<String> p = new ArrayList<>();
        for (DecodedRecord r : records) {
            String pos = r.samples != null ? r.samples.sourcePosition : r.deadLetter.position;
            p.add(pos.substring(pos.lastIndexOf('/') + 1));
        }
        return p;
    }

    @Test
    void linesConcatenatedAndGzipAllGiveEveryEventAtItsOffset() throws IOException {
        List<SimulatedRecord> events = events(30); // several batches
        for (String separator : List.of("\n", "", "\r\n  ")) {
            for (String name : List.of("events.jsonl", "events.jsonl.gz")) {
                Path file = write(separator.length() + "/" + name, join(events, separator));
                List<DecodedRecord> records = read(file);

                assertThat(records)
                        .as(name)
                        .hasSize(events.size())
                        .allMatch(r -> r.samples != null);
                assertThat(records.get(5).eventTime()).isEqualTo(events.get(5).eventTime());
                assertThat(positions(records)).isEqualTo(offsets(events, separator));
                assertThat(records.get(0).samples.sourcePosition)
                        .startsWith(ArchiveFormat.source(split(file).path()));
            }
        }
    }

    @Test
    void aLineThatIsNoJsonIsADeadLetterAtItsOffsetAndTheRestIsRead() throws IOException {
        List<SimulatedRecord> events = events(2);
        byte[] good = join(events.subList(0, 3), "\n");
        byte[] rest = join(events.subList(3, events.size()), "\n");
        String bad = "not json at all\n";
        Path file =
                write(
                        "bad.jsonl",
                        (new String(good, StandardCharsets.UTF_8)
                                        + bad
                                        + new String(rest, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));

        List<DecodedRecord> records = read(file);

        assertThat(records).hasSize(events.size() + 1);
        DecodedRecord dead = records.get(3);
        assertThat(dead.deadLetter.reason).isEqualTo("not_json");
        assertThat(dead.deadLetter.source).isEqualTo(ArchiveFormat.source(split(file).path()));
        assertThat(dead.deadLetter.position).isEqualTo(Integer.toString(good.length));
        assertThat(dead.deadLetter.payload).isEqualTo("not json at all");
        assertThat(records.subList(4, records.size())).allMatch(r -> r.samples != null);
    }

    @Test
    void aBrokenRecordInConcatenatedJsonEndsWhereTheNextRecordStarts() throws IOException {
        List<SimulatedRecord> events = events(2);
        String broken = "{\"type\":\"vm-metrics\",\"cpu\":{\"usage_percent\":5,\"id\":\"x\"";
        byte[] good = join(events, "");
        Path file =
                write(
                        "broken-concatenated",
                        (broken + new String(good, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));

        List<DecodedRecord> records = read(file);

        assertThat(records).hasSize(events.size() + 1);
        assertThat(records.get(0).deadLetter.detail).isEqualTo("a record ends unfinished");
        assertThat(records.get(0).deadLetter.payload).isEqualTo(broken);
        assertThat(records.subList(1, records.size())).allMatch(r -> r.samples != null);
        assertThat(positions(records.subList(1, records.size())))
                .isEqualTo(
                        offsets(events, "").stream()
                                .map(o -> Long.toString(Long.parseLong(o) + broken.length()))
                                .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void aLineOfJsonThatIsNoObjectIsNamedAsOnTheStream() throws IOException {
        Path file = write("array.jsonl", "[\"vm-metrics\"]\n".getBytes(StandardCharsets.UTF_8));

        List<DecodedRecord> records = read(file);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).deadLetter.reason).isEqualTo("not_object");
        assertThat(records.get(0).deadLetter.position).isEqualTo("0");
    }

    @Test
    void aLineThatEndsInsideARecordCostsThatLineOnly() throws IOException {
        List<SimulatedRecord> events = events(2);
        String broken = "{\"type\":\"vm-metrics\",\"host\":{\"name\":\"x\"";
        byte[] good = join(events, "\n");
        Path file =
                write(
                        "broken.jsonl",
                        (broken + "\n" + new String(good, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8));

        List<DecodedRecord> records = read(file);

        assertThat(records).hasSize(events.size() + 1);
        assertThat(records.get(0).deadLetter.detail).isEqualTo("a line ends inside a record");
        assertThat(records.get(0).deadLetter.payload).isEqualTo(broken);
        assertThat(records.subList(1, records.size())).allMatch(r -> r.samples != null);
    }

    @Test
    void aRecordSplitAcrossTwoFilesIsADeadLetterInEachAndNothingElseIsLost() throws IOException {
        List<SimulatedRecord> events = events(2);
        byte[] all = join(events, "");
        int cut = events.get(0).data().length + events.get(1).data().length + 20;
        Path first = write("split/part-1", Arrays.copyOfRange(all, 0, cut));
        Path second = write("split/part-2", Arrays.copyOfRange(all, cut, all.length));

        List<DecodedRecord> a = read(first);
        List<DecodedRecord> b = read(second);

        assertThat(a).hasSize(3);
        assertThat(a.get(2).deadLetter.detail).contains("ends inside a record");
        assertThat(a.get(2).deadLetter.position).isEqualTo(Integer.toString(cut - 20));
        assertThat(b.get(0).deadLetter).isNotNull();
        assertThat(b.get(0).deadLetter.position).isEqualTo("0");
        assertThat(b)
                .as("the other half is one dead letter")
                .filteredOn(r -> r.deadLetter != null)
                .hasSize(1);
        long good =
                a.stream().filter(r -> r.samples != null).count()
                        + b.stream().filter(r -> r.samples != null).count();
        assertThat(good).isEqualTo(events.size() - 1);
        assertThat(b.get(b.size() - 1).eventTime())
                .isEqualTo(events.get(events.size() - 1).eventTime());
    }

    @Test
    void aTruncatedGzipGivesItsReadableRecordsAndOneDeadLetter() throws IOException {
        List<SimulatedRecord> events = events(3);
        Path whole = write("whole.jsonl.gz", join(events, "\n"));
        byte[] gz = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.jsonl.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length / 2));

        List<DecodedRecord> records = read(truncated);

        DecodedRecord last = records.get(records.size() - 1);
        assertThat(last.deadLetter).isNotNull();
        assertThat(last.deadLetter.reason).isIn("unreadable", "not_json");
        assertThat(records.subList(0, records.size() - 2)).allMatch(r -> r.samples != null);
        assertThat(records.size()).isBetween(2, events.size());
    }

    @Test
    void aRestoredReaderGoesOnAfterTheRecordsItHadEmitted() throws IOException {
        List<SimulatedRecord> events = events(3);
        Path file = write("restore.jsonl.gz", join(events, "\n"));
        List<RecordAndPosition<DecodedRecord>> all =
                readAll(FORMAT.createReader(new Configuration(), split(file)));
        RecordAndPosition<DecodedRecord> checkpointed = all.get(9);

        FileSourceSplit restored =
                split(file)
                        .updateWithCheckpointedPosition(
                                new CheckpointedPosition(
                                        checkpointed.getOffset(),
                                        checkpointed.getRecordSkipCount()));
        List<RecordAndPosition<DecodedRecord>> rest =
                readAll(FORMAT.restoreReader(new Configuration(), restored));

        assertThat(rest).hasSize(all.size() - 10);
        assertThat(rest.get(0).getRecord().samples.sourcePosition)
                .isEqualTo(all.get(10).getRecord().samples.sourcePosition);
    }
}
