package io.metricpipe.sources.inventory;

import io.metricpipe.core.model.ResourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the inventory. A record's time is when it was emitted (the reader stamps it on the
 * task thread); between refreshes what the last refresh saw still holds, so once a scope has
 * emitted, its watermark is the task thread's clock: no record can be late. A scope that emits
 * nothing for the idle timeout (between refreshes, or failing) is idle and holds nothing back.
 */
public final class InventoryWatermarks {
    private InventoryWatermarks() {}

    public static WatermarkStrategy<ResourceRecord> strategy(Duration idleTimeout) {
        return WatermarkStrategy.<ResourceRecord>forGenerator(ctx -> new WallClock())
                .withTimestampAssigner((r, previous) -> r.observedAt)
                .withIdleness(idleTimeout);
    }

    private static final class WallClock implements WatermarkGenerator<ResourceRecord> {
        private boolean seen;

        @Override
        public void onEvent(ResourceRecord r, long timestamp, WatermarkOutput output) {
            seen = true;
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (seen) {
                output.emitWatermark(new Watermark(System.currentTimeMillis() - 1));
            }
        }
    }
}
