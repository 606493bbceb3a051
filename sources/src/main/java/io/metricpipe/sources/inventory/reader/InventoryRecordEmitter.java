package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.inventory.split.InventorySplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a refresh's records stamped with the time of emission (on the task thread, the clock of
 * {@link io.metricpipe.sources.inventory.InventoryWatermarks}), then records the refresh in the
 * split state: in one call, so a checkpoint sees either none or all of a refresh.
 */
final class InventoryRecordEmitter
        implements RecordEmitter<RefreshedScope, ResourceRecord, InventorySplitState> {
    @Override
    public void emitRecord(
            RefreshedScope refreshed,
            SourceOutput<ResourceRecord> output,
            InventorySplitState state) {
        long now = System.currentTimeMillis();
        for (ResourceRecord r : refreshed.records) {
            r.observedAt = now;
            output.collect(r, now);
        }
        state.refreshed(now, refreshed.arns);
    }
}
