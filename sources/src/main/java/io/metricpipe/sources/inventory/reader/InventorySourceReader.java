package io.metricpipe.sources.inventory.reader;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.inventory.split.InventorySplit;
import io.metricpipe.sources.inventory.split.InventorySplitState;
import io.metricpipe.sources.polling.PollingMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The inventory reader: one fetcher thread refreshing all of this reader's scopes. Its metrics are
 * under {@code inventory}, with per scope ({@code scope=<account/region/service>}) the health, last
 * success time and the number of resources found.
 */
public final class InventorySourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                RefreshedScope, ResourceRecord, InventorySplit, InventorySplitState> {

    public InventorySourceReader(
            AwsAccess access,
            long refreshIntervalMs,
            double callsPerSecond,
            SourceReaderContext context) {
        this(access, refreshIntervalMs, callsPerSecond, context, new ConcurrentHashMap<>());
    }

    private InventorySourceReader(
            AwsAccess access,
            long refreshIntervalMs,
            double callsPerSecond,
            SourceReaderContext context,
            Map<String, Integer> counts) {
        super(
                () ->
                        new InventorySplitReader(
                                access,
                                refreshIntervalMs,
                                callsPerSecond,
                                new PollingMetrics(
                                        context.metricGroup(),
                                        "inventory",
                                        "scope",
                                        (group, id) ->
                                                group.gauge(
                                                        "resources",
                                                        () -> counts.getOrDefault(id, 0))),
                                counts,
                                Clock.systemUTC()),
                new InventoryRecordEmitter(),
                new Configuration(),
                context);
    }

    @Override
    protected void onSplitFinished(Map<String, InventorySplitState> finished) {
        // Scopes are refreshed forever; none finishes.
    }

    @Override
    protected InventorySplitState initializedState(InventorySplit split) {
        return new InventorySplitState(split);
    }

    @Override
    protected InventorySplit toSplitType(String splitId, InventorySplitState state) {
        return state.toSplit();
    }
}
