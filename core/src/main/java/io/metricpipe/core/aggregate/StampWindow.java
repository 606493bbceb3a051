package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Gives a window's statistics their identity: resource key, window bounds, and a revision that
 * starts at 1 and grows with every late correction (kept in per-window state until the window is
 * purged). Counter rates are completed here, where the window bounds are known.
 */
public final class StampWindow
        extends ProcessWindowFunction<WindowResult, WindowResult, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<Integer> REVISION =
            new ValueStateDescriptor<>("revision", Types.INT);

    @Override
    public void process(
            String key,
            Context context,
            Iterable<WindowResult> elements,
            Collector<WindowResult> out)
            throws Exception {
        ValueState<Integer> revision = context.windowState().getState(REVISION);
        int next = revision.value() == null ? 1 : revision.value() + 1;
        revision.update(next);
        TimeWindow window = context.window();
        for (WindowResult r : elements) {
            stamp(r, key, window.getStart(), window.getEnd(), next);
            out.collect(r);
        }
    }

    /** Sets a result's identity and completes its counter rates, which need the window. */
    static void stamp(WindowResult r, String key, long start, long end, int revision) {
        r.resourceKey = key;
        r.windowStart = start;
        r.windowSizeMs = end - start;
        r.revision = revision;
        for (MetricStats m : r.metrics) {
            if (m.kind == MetricKind.COUNTER.code()) {
                m.rate = CounterRate.of(m, start, end);
            }
        }
    }

    @Override
    public void clear(Context context) throws Exception {
        context.windowState().getState(REVISION).clear();
    }
}
