package io.metricpipe.sources.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceSamples;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShardWatermarksTest {
    private static DecodedRecord event(long ts) {
        ResourceSamples s = new ResourceSamples();
        s.timestamp = ts;
        return DecodedRecord.of(s, null);
    }

    @Test
    void watermarkTrailsTheHighestEventTimeByTheOutOfOrderness() {
        ShardWatermarks w = new ShardWatermarks(Duration.ofSeconds(20));
        assertThat(w.getCurrentWatermark().getTimestamp()).isEqualTo(Long.MIN_VALUE);

        w.extractTimestamp(event(100_000), 0);
        w.extractTimestamp(event(90_000), 0); // out of order: does not lower it
        assertThat(w.getCurrentWatermark().getTimestamp()).isEqualTo(100_000 - 20_000 - 1);
    }

    @Test
    void deadLettersNeverMoveTheWatermark() {
        ShardWatermarks w = new ShardWatermarks(Duration.ofSeconds(20));
        w.extractTimestamp(event(100_000), 0);
        long ts =
                w.extractTimestamp(
                        DecodedRecord.of(
                                DeadLetter.of(
                                        DeadLetterReason.NOT_JSON, "s", "p", 9_999_999, "d", "x")),
                        5_000_000);
        assertThat(ts).as("keeps the record's own timestamp").isEqualTo(5_000_000);
        assertThat(w.getCurrentWatermark().getTimestamp()).isEqualTo(100_000 - 20_000 - 1);
    }
}
