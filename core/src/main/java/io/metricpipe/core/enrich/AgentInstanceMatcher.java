package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives an agent host's window the ARN of its EC2 instance ({@code cloud.resource_id}), matched by
 * the instance id, private IP or hostname the agent reports (see {@link InstanceIndex}), so the
 * {@link ResourceEnricher} can then join it by that ARN. Keyed by the agent's resource key; the EC2
 * inventory is broadcast. A window waits until both watermarks have passed its end and is matched
 * with the instances as they were then; a window no instance matches passes unchanged.
 *
 * <p>The inventory records are the broadcast state (their own serializer), and the index is rebuilt
 * from them after a restore. Records older than {@code retentionMs} behind the watermark are
 * dropped, except each instance's newest. Not wired into the job yet (issue #18).
 */
public final class AgentInstanceMatcher
        extends KeyedBroadcastProcessFunction<String, WindowResult, ResourceRecord, WindowResult> {
    private static final long serialVersionUID = 1L;

    /** The attribute that names the matched instance, as the enricher writes it too. */
    public static final String RESOURCE_ID = "cloud.resource_id";

    public static final MapStateDescriptor<String, ResourceRecord> INSTANCES =
            new MapStateDescriptor<>(
                    "ec2-instance-records", Types.STRING, TypeInformation.of(ResourceRecord.class));

    private final long retentionMs;
    private transient WindowsAwaitingWatermark pending;
    private transient InstanceIndex index;

    public AgentInstanceMatcher(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(Configuration parameters) {
        pending = new WindowsAwaitingWatermark(getRuntimeContext(), "pending-agent-windows");
    }

    @Override
    public void processElement(
            WindowResult result, ReadOnlyContext ctx, Collector<WindowResult> out)
            throws Exception {
        if (!pending.hold(result, ctx.timerService())) {
            out.collect(matched(result, ctx.getBroadcastState(INSTANCES)));
        }
    }

    @Override
    public void processBroadcastElement(
            ResourceRecord record, Context ctx, Collector<WindowResult> out) throws Exception {
        if (!InstanceIndex.isInstance(record)) {
            return;
        }
        BroadcastState<String, ResourceRecord> records = ctx.getBroadcastState(INSTANCES);
        records.put(record.arn + "@" + record.observedAt, record);
        index(records).observe(record);
        long watermark = ctx.currentWatermark();
        if (watermark > Long.MIN_VALUE + retentionMs) {
            prune(records, watermark - retentionMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out)
            throws Exception {
        for (WindowResult r : pending.release(timestamp)) {
            out.collect(matched(r, ctx.getBroadcastState(INSTANCES)));
        }
    }

    private WindowResult matched(
            WindowResult r, ReadOnlyBroadcastState<String, ResourceRecord> records)
            throws Exception {
        String arn =
                index(records)
                        .match(
                                r.attribute("instance_id"),
                                r.attribute("ip_address"),
                                r.attribute("hostname"),
                                r.windowEnd());
        if (arn == null) {
            return r;
        }
        TreeMap<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < r.attributeKeys.length; i++) {
            attributes.put(r.attributeKeys[i], r.attributeValues[i]);
        }
        attributes.put(RESOURCE_ID, arn);
        return r.withContents(
                r.metrics,
                attributes.keySet().toArray(new String[0]),
                attributes.values().toArray(new String[0]));
    }

    /** The index, rebuilt from the broadcast state after a restore. */
    private InstanceIndex index(ReadOnlyBroadcastState<String, ResourceRecord> records)
            throws Exception {
        if (index == null) {
            List<ResourceRecord> all = new ArrayList<>();
            for (Map.Entry<String, ResourceRecord> e : records.immutableEntries()) {
                all.add(e.getValue());
            }
            all.sort(Comparator.comparingLong(r -> r.observedAt));
            index = new InstanceIndex();
            all.forEach(index::observe);
        }
        return index;
    }

    /**
     * Drops each instance's records before {@code horizon} but its newest one, and an instance
     * whose newest record is an old removal entirely.
     */
    private void prune(BroadcastState<String, ResourceRecord> records, long horizon)
            throws Exception {
        Map<String, ResourceRecord> newestBefore = new TreeMap<>();
        Map<String, Boolean> recent = new TreeMap<>();
        for (Map.Entry<String, ResourceRecord> e : records.entries()) {
            ResourceRecord r = e.getValue();
            if (r.observedAt >= horizon) {
                recent.put(r.arn, true);
            } else {
                newestBefore.merge(r.arn, r, (a, b) -> a.observedAt >= b.observedAt ? a : b);
            }
        }
        Iterator<Map.Entry<String, ResourceRecord>> it = records.iterator();
        while (it.hasNext()) {
            ResourceRecord r = it.next().getValue();
            ResourceRecord newest = newestBefore.get(r.arn);
            if (newest != null
                    && (r.observedAt < newest.observedAt
                            || newest.removed && !recent.containsKey(r.arn))) {
                it.remove();
            }
        }
        index.prune(horizon);
    }
}
