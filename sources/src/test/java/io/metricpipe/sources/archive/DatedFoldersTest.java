package io.metricpipe.sources.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class DatedFoldersTest {
    private static final DatedFolders TEN_TO_NOON =
            new DatedFolders(
                    Instant.parse("2026-11-30T10:00:00Z").toEpochMilli(),
                    Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());

    @Test
    void aRangeSelectsTheFoldersOfItsHoursAndEveryFolderAboveThem() {
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/30"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/30/10"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/30/11"))).isTrue();

        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/30/09"))).isFalse();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/30/12"))).isFalse();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2026/11/29"))).isFalse();
        assertThat(TEN_TO_NOON.test(new Path("s3://archive/events/2025"))).isFalse();
    }

    @Test
    void filesAreTakenOutsideDatedFoldersButNotHiddenOnes() {
        assertThat(TEN_TO_NOON.test(new Path("/data/events-1.jsonl.gz"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("/data/2026/11/30/10/stream-1-2026"))).isTrue();
        assertThat(TEN_TO_NOON.test(new Path("/data/_temporary"))).isFalse();
        assertThat(TEN_TO_NOON.test(new Path("/data/.part-1.inprogress"))).isFalse();
    }

    @Test
    void aFileInAnHourFolderArrivedBeforeTheHourEnded() {
        long mtime = 42;
        assertThat(
                        DatedFolders.arrivalBound(
                                new Path("s3://archive/2026/11/30/10/stream-1"), mtime))
                .isEqualTo(Instant.parse("2026-11-30T11:00:00Z").toEpochMilli());
        assertThat(DatedFolders.arrivalBound(new Path("/data/2026/11/30/stream-1"), mtime))
                .isEqualTo(mtime);
        assertThat(DatedFolders.arrivalBound(new Path("/data/events.jsonl"), mtime))
                .isEqualTo(mtime);
    }
}
