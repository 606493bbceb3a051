package io.metricpipe.sources.inventory;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.inventory.describe.ServiceClients;
import io.metricpipe.sources.inventory.reader.InventorySourceReader;
import io.metricpipe.sources.inventory.split.InventorySplit;
import io.metricpipe.sources.inventory.split.InventorySplitSerializer;
import io.metricpipe.sources.polling.ScopeEnumerator;
import io.metricpipe.sources.polling.ScopeEnumeratorState;
import io.metricpipe.sources.polling.ScopeEnumeratorStateSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The resource inventory as {@link ResourceRecord}s: one split per (account, region, service), each
 * refreshed on an interval with the service's describe and list calls and the Resource Groups
 * Tagging API. Build it with {@link #builder()}.
 */
public final class InventorySource
        implements Source<ResourceRecord, InventorySplit, ScopeEnumeratorState<InventorySplit>>,
                ResultTypeQueryable<ResourceRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> accounts;
    private final List<String> regions;
    private final List<String> services;
    private final AwsAccess access;
    private final long refreshIntervalMs;
    private final double callsPerSecond;

    InventorySource(
            List<String> accounts,
            List<String> regions,
            List<String> services,
            AwsAccess access,
            long refreshIntervalMs,
            double callsPerSecond) {
        this.accounts = List.copyOf(accounts);
        this.regions = List.copyOf(regions);
        this.services = List.copyOf(services);
        this.access = access;
        this.refreshIntervalMs = refreshIntervalMs;
        this.callsPerSecond = callsPerSecond;
    }

    public static InventorySourceBuilder builder() {
        return new InventorySourceBuilder();
    }

    /** The IAM actions of the calls that describe {@code services}. */
    public static Set<String> iamActions(List<String> services) {
        Set<String> actions = new TreeSet<>();
        for (String service : services) {
            actions.addAll(ServiceClients.iamActions(service));
        }
        return actions;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    List<InventorySplit> initialSplits() {
        List<InventorySplit> splits = new ArrayList<>();
        for (String account : accounts) {
            for (String region : regions) {
                for (String service : services) {
                    splits.add(InventorySplit.initial(account, region, service));
                }
            }
        }
        return splits;
    }

    private List<String> scopeIds() {
        List<String> ids = new ArrayList<>();
        initialSplits().forEach(s -> ids.add(s.splitId()));
        return ids;
    }

    @Override
    public SplitEnumerator<InventorySplit, ScopeEnumeratorState<InventorySplit>> createEnumerator(
            SplitEnumeratorContext<InventorySplit> context) {
        return new ScopeEnumerator<>(context, initialSplits(), scopeIds());
    }

    @Override
    public SplitEnumerator<InventorySplit, ScopeEnumeratorState<InventorySplit>> restoreEnumerator(
            SplitEnumeratorContext<InventorySplit> context,
            ScopeEnumeratorState<InventorySplit> state) {
        return new ScopeEnumerator<>(context, state.unassigned(), scopeIds());
    }

    @Override
    public SimpleVersionedSerializer<InventorySplit> getSplitSerializer() {
        return new InventorySplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<ScopeEnumeratorState<InventorySplit>>
            getEnumeratorCheckpointSerializer() {
        return new ScopeEnumeratorStateSerializer<>(new InventorySplitSerializer(), "inventory");
    }

    @Override
    public SourceReader<ResourceRecord, InventorySplit> createReader(SourceReaderContext context) {
        return new InventorySourceReader(
                access,
                refreshIntervalMs,
                // Each reader's share, so the readers together keep within the budget.
                callsPerSecond / Math.max(1, context.currentParallelism()),
                context);
    }

    @Override
    public TypeInformation<ResourceRecord> getProducedType() {
        return TypeInformation.of(ResourceRecord.class);
    }
}
