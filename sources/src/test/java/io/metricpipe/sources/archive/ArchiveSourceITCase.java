package io.metricpipe.sources.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The archive source as Flink runs it: every file of the selected hours, to its end. */
class ArchiveSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long T0 = Instant.parse("2026-11-30T09:58:00Z").toEpochMilli();

    @TempDir Path dir;

    private void write(Path file, List<SimulatedRecord> records) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (SimulatedRecord r : records) {
                out.write(r.data());
                out.write('\n');
            }
        }
    }

    private List<DecodedRecord> run(ArchiveSource.Builder source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<DecodedRecord> all = new ArrayList<>();
        try (CloseableIterator<DecodedRecord> it =
                env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "archive")
                        .executeAndCollect()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    @Test
    void readsEveryRecordOfTheSelectedHoursAndEnds() throws Exception {
        List<SimulatedRecord> events =
                new CollectorSimulator(T0).seed(3).ticks(60).malformed(false).records();
        List<SimulatedRecord> nine = new ArrayList<>();
        List<SimulatedRecord> ten = new ArrayList<>();
        for (SimulatedRecord e : events) {
            (e.eventTime() < Instant.parse("2026-11-30T10:00:00Z").toEpochMilli() ? nine : ten)
                    .add(e);
        }
        write(dir.resolve("2026/11/30/09/part-1.jsonl.gz"), nine);
        write(dir.resolve("2026/11/30/10/part-1.jsonl.gz"), ten.subList(0, ten.size() / 2));
        write(
                dir.resolve("2026/11/30/10/part-2.jsonl.gz"),
                ten.subList(ten.size() / 2, ten.size()));
        write(dir.resolve("2026/11/30/11/part-1.jsonl.gz"), nine);

        List<DecodedRecord> all = run(ArchiveSource.builder().addPath(dir.toUri().toString()));
        List<DecodedRecord> tenOnly =
                run(
                        ArchiveSource.builder()
                                .addPath(dir.toUri().toString())
                                .setFrom(Instant.parse("2026-11-30T10:00:00Z"))
                                .setTo(Instant.parse("2026-11-30T11:00:00Z")));

        assertThat(all).hasSize(events.size() + nine.size()).allMatch(r -> r.samples != null);
        assertThat(tenOnly).hasSize(ten.size());
    }
}
