package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Enriches agent windows with the inventory resource they match ({@link AgentMatching}): a host's
 * EC2 instance by instance id, private IP or hostname ({@link InstanceIndex}), a web app's or
 * service's configured ARN or tagged resource. The window then carries the same attributes as a
 * polled window of that resource ({@link ResourceMetadata}), {@code cloud.resource_id} among them.
 *
 * <p>Keyed by the agent's resource key, so the windows need no other shuffle; the inventory records
 * a match can use are broadcast. A window waits until both watermarks have passed its end and is
 * matched with the inventory as it was then; a window nothing matches passes unchanged. The records
 * are the broadcast state (their own serializer); the index over them is rebuilt after a restore.
 * Versions older than {@code retentionMs} behind the watermark are dropped, except each resource's
 * newest.
 */
public final class AgentResourceMatcher
        extends KeyedBroadcastProcessFunction<String, WindowResult, ResourceRecord, WindowResult> {
    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, ResourceRecord> INVENTORY =
            new MapStateDescriptor<>(
                    "matched-inventory-records",
                    Types.STRING,
                    TypeInformation.of(ResourceRecord.class));

    private final AgentMatching matching;
    private final long retentionMs;
    private transient WindowsAwaitingWatermark pending;
    private transient InventoryVersions inventory;
    private transient long prunedTo;

    public AgentResourceMatcher(AgentMatching matching, long retentionMs) {
        this.matching = matching;
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(Configuration parameters) {
        pending = new WindowsAwaitingWatermark(getRuntimeContext(), "pending-agent-windows");
        prunedTo = Long.MIN_VALUE;
    }

    @Override
    public void processElement(
            WindowResult result, ReadOnlyContext ctx, Collector<WindowResult> out)
            throws Exception {
        if (!pending.hold(result, ctx.timerService())) {
            out.collect(matched(result, ctx.getBroadcastState(INVENTORY)));
        }
    }

    @Override
    public void processBroadcastElement(
            ResourceRecord record, Context ctx, Collector<WindowResult> out) throws Exception {
        if (!matching.uses(record)) {
            return;
        }
        BroadcastState<String, ResourceRecord> records = ctx.getBroadcastState(INVENTORY);
        if (inventory(records).observe(record)) {
            records.put(record.arn + "@" + record.observedAt, record);
        }
        long watermark = ctx.currentWatermark();
        // Pruning scans every record: once per retention/10 of watermark progress is enough.
        if (watermark > Long.MIN_VALUE + retentionMs
                && watermark - retentionMs >= prunedTo + retentionMs / 10) {
            prunedTo = watermark - retentionMs;
            inventory.prune(prunedTo);
            Iterator<Map.Entry<String, ResourceRecord>> it = records.iterator();
            while (it.hasNext()) {
                if (!inventory.holds(it.next().getValue())) {
                    it.remove();
                }
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out)
            throws Exception {
        for (WindowResult r : pending.release(timestamp)) {
            out.collect(matched(r, ctx.getBroadcastState(INVENTORY)));
        }
    }

    private WindowResult matched(
            WindowResult r, ReadOnlyBroadcastState<String, ResourceRecord> records)
            throws Exception {
        InventoryVersions versions = inventory(records);
        long end = r.windowEnd();
        String arn =
                AgentMatching.isHost(r)
                        ? versions.instances()
                                .match(
                                        instanceId(r),
                                        r.attribute("ip_address"),
                                        r.attribute("hostname"),
                                        end)
                        : null;
        if (arn == null) {
            arn = matching.appResource(r, versions, end);
        }
        ResourceRecord version = arn == null ? null : versions.at(arn, end);
        return version == null ? r : ResourceMetadata.enrich(r, version);
    }

    /** The instance id the agent sends, else its host id when that is one ({@code host/i-…}). */
    private static String instanceId(WindowResult r) {
        String sent = r.attribute("instance_id");
        if (sent != null) {
            return sent;
        }
        String id = r.resourceKey.substring(AgentMatching.HOST_PREFIX.length());
        return id.startsWith("i-") ? id : null;
    }

    /** The versions, rebuilt from the broadcast state after a restore. */
    private InventoryVersions inventory(ReadOnlyBroadcastState<String, ResourceRecord> records)
            throws Exception {
        if (inventory == null) {
            List<ResourceRecord> all = new ArrayList<>();
            for (Map.Entry<String, ResourceRecord> e : records.immutableEntries()) {
                all.add(e.getValue());
            }
            all.sort(Comparator.comparingLong(r -> r.observedAt));
            inventory = new InventoryVersions();
            all.forEach(inventory::observe);
        }
        return inventory;
    }
}
