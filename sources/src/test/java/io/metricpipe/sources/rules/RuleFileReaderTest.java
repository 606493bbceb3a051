package io.metricpipe.sources.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.RuleFileRead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileReaderTest {
    @TempDir Path dir;

    /** Records the watermarks too. */
    private static final class Output extends TestingReaderOutput<RuleFileRead> {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }
    }

    /** Polls as the task would until {@code n} reads are out, waiting on the reader's future. */
    private static List<RuleFileRead> until(RuleFileReader reader, Output out, int n)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.getEmittedRecords().size() < n && System.nanoTime() < deadline) {
            reader.isAvailable().get(10, TimeUnit.SECONDS);
            reader.pollNext(out);
        }
        return out.getEmittedRecords();
    }

    @Test
    void eachChangeOfTheFileIsEmittedOnceAndAMissingFileSaysWhy() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "rules: []\n");
        Output out = new Output();
        try (RuleFileReader reader = new RuleFileReader(20, false)) {
            reader.pollNext(out);
            assertThat(out.watermarks)
                    .as("rules hold back no window")
                    .containsExactly(Long.MAX_VALUE);

            reader.addSplits(List.of(new RuleFileSplit(file.toUri().toString())));
            assertThat(until(reader, out, 1))
                    .extracting(r -> r.content)
                    .containsExactly("rules: []\n");

            Thread.sleep(200); // ten reads of the same text
            reader.pollNext(out);
            assertThat(out.getEmittedRecords())
                    .as("an unchanged file is not emitted again")
                    .hasSize(1);

            Files.writeString(file, "rules:\n  - {name: a, metric: m, threshold: 1}\n");
            assertThat(until(reader, out, 2).get(1).content).contains("name: a");

            Files.delete(file);
            RuleFileRead gone = until(reader, out, 3).get(2);
            assertThat(gone.content).isNull();
            assertThat(gone.error).contains("rules.yaml");
            assertThat(reader.snapshotState(1))
                    .extracting(s -> s.path)
                    .containsExactly(file.toUri().toString());
            assertThat(out.watermarks).hasSize(1);
        }
    }

    @Test
    void boundedItReadsTheFileOnceAndEnds() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "rules: []\n");
        Output out = new Output();
        try (RuleFileReader reader = new RuleFileReader(20, true)) {
            reader.addSplits(List.of(new RuleFileSplit(file.toString())));
            reader.notifyNoMoreSplits();

            assertThat(reader.pollNext(out)).isEqualTo(InputStatus.END_OF_INPUT);
            assertThat(out.getEmittedRecords())
                    .extracting(r -> r.content)
                    .containsExactly("rules: []\n");
        }
        try (RuleFileReader none = new RuleFileReader(20, true)) {
            none.notifyNoMoreSplits();
            assertThat(none.pollNext(new Output()))
                    .as("without a file")
                    .isEqualTo(InputStatus.END_OF_INPUT);
        }
    }

    @Test
    void aFileLargerThanTheBoundIsNotRead() throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.write(file, new byte[RuleFileReader.MAX_BYTES + 1]);
        Output out = new Output();
        try (RuleFileReader reader = new RuleFileReader(20, false)) {
            reader.addSplits(List.of(new RuleFileSplit(file.toString())));
            RuleFileRead read = until(reader, out, 1).get(0);
            assertThat(read.content).isNull();
            assertThat(read.error).contains("larger than");
        }
    }
}
