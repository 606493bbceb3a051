package io.metricpipe.core.enrich;

import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Keyed state of window results that wait until the operator's watermark (the lower of its inputs')
 * has passed their window's end, each with an event-time timer at that end.
 */
final class WindowsAwaitingWatermark {
    private final MapState<Long, List<WindowResult>> pending;

    WindowsAwaitingWatermark(RuntimeContext context, String stateName) {
        pending =
                context.getMapState(
                        new MapStateDescriptor<>(
                                stateName, Types.LONG, new ListTypeInfo<>(WindowResult.class)));
    }

    /** Keeps the result until its timer; false when the watermark has passed its end already. */
    boolean hold(WindowResult result, TimerService timers) throws Exception {
        long at = result.windowEnd() - 1;
        if (timers.currentWatermark() >= at) {
            return false;
        }
        List<WindowResult> waiting = pending.get(at);
        List<WindowResult> list = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        list.add(result);
        pending.put(at, list);
        timers.registerEventTimeTimer(at);
        return true;
    }

    /** The results whose timer is {@code timestamp}, no longer kept; empty when none. */
    List<WindowResult> release(long timestamp) throws Exception {
        List<WindowResult> due = pending.get(timestamp);
        if (due == null) {
            return List.of();
        }
        pending.remove(timestamp);
        return due;
    }
}
