package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.inventory.split.InventorySplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a refresh's records with the refresh time as event time, then records the refresh in the
 * split state: in one call, so a checkpoint sees either none or all of a refresh.
 */
final class InventoryRecordEmitter
        implements RecordEmitter<RefreshedScope, ResourceRecord, InventorySplitState> {
    @Override
    public void emitRecord(
            RefreshedScope refreshed,
            SourceOutput<ResourceRecord> output,
            InventorySplitState state) {
        for (ResourceRecord r : refreshed.records) {
            output.collect(r, r.observedAt);
        }
        state.refreshed(refreshed.at, refreshed.arns);
    }
}
