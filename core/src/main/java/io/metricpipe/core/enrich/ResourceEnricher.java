package io.metricpipe.core.enrich;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins window results (input 1) with the resource inventory (input 2), both keyed by resource key
 * (the ARN). The inventory is kept in keyed, checkpointed state as versions by event time (the
 * refresh that saw it), and a result gets the version that held at its window's end (the earliest
 * known version if none is that old). A result waits until the inventory's watermark has passed its
 * window end, so it is enriched with what was known then and not with whatever arrived first; an
 * idle inventory holds nothing back. Results of resources the inventory does not know pass
 * unchanged. Versions older than {@code retentionMs} behind the watermark are dropped, except the
 * newest of them, unless that says the resource is gone.
 */
public final class ResourceEnricher
        extends KeyedCoProcessFunction<String, WindowResult, ResourceRecord, WindowResult> {
    private static final long serialVersionUID = 1L;

    private final long retentionMs;
    private transient MapState<Long, ResourceRecord> versions;
    private transient WindowsAwaitingWatermark pending;

    public ResourceEnricher(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    @Override
    public void open(Configuration parameters) {
        versions =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "resource-versions",
                                        Types.LONG,
                                        TypeInformation.of(ResourceRecord.class)));
        pending = new WindowsAwaitingWatermark(getRuntimeContext(), "pending-results");
    }

    @Override
    public void processElement1(WindowResult result, Context ctx, Collector<WindowResult> out)
            throws Exception {
        if (!pending.hold(result, ctx.timerService())) {
            out.collect(enrich(result));
        }
    }

    @Override
    public void processElement2(ResourceRecord record, Context ctx, Collector<WindowResult> out)
            throws Exception {
        Map.Entry<Long, ResourceRecord> latest = null;
        for (Map.Entry<Long, ResourceRecord> v : versions.entries()) {
            if (latest == null || v.getKey() > latest.getKey()) {
                latest = v;
            }
        }
        // A refresh that changed nothing is no new version.
        if (latest == null
                || latest.getKey() < record.observedAt && !latest.getValue().sameContent(record)) {
            versions.put(record.observedAt, record);
            if (record.removed) {
                // No record comes after a removal: a timer drops the state once it is old.
                ctx.timerService().registerEventTimeTimer(record.observedAt + retentionMs + 1);
            }
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark > Long.MIN_VALUE + retentionMs) {
            prune(watermark - retentionMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out)
            throws Exception {
        for (WindowResult r : pending.release(timestamp)) {
            out.collect(enrich(r));
        }
        prune(timestamp - retentionMs);
    }

    /** The result with the version that held at its window end, or unchanged without one. */
    private WindowResult enrich(WindowResult result) throws Exception {
        ResourceRecord version = ResourceMetadata.versionAt(versions.values(), result.windowEnd());
        return version == null ? result : ResourceMetadata.enrich(result, version);
    }

    /**
     * Drops versions before {@code bound}, keeping the newest of them (it holds at the bound),
     * unless it says the resource is gone and nothing came after it: then nothing is kept.
     */
    private void prune(long bound) throws Exception {
        long newestBefore = Long.MIN_VALUE;
        boolean recent = false;
        for (Long at : versions.keys()) {
            if (at < bound) {
                newestBefore = Math.max(newestBefore, at);
            } else {
                recent = true;
            }
        }
        Iterator<Long> it = versions.keys().iterator();
        while (it.hasNext()) {
            if (it.next() < newestBefore) {
                it.remove();
            }
        }
        ResourceRecord kept = versions.get(newestBefore);
        if (!recent && kept != null && kept.removed) {
            versions.clear();
        }
    }
}
