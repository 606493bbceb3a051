package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.WindowResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the finest windows' results through and builds the coarser windows (5 min, 1 h, ...) by
 * merging them, with the rules of an event-time window with allowed lateness: a roll-up fires when
 * the watermark passes its end, fires again with revision + 1 for every finer result that arrives
 * later but within the lateness (a corrected finer window replaces its earlier revision), ignores
 * finer results beyond it, and forgets its state then. All sizes live in this one operator, chained
 * to the windows, so every result leaves in one stream: a union of roll-up and finer results in
 * front of the sinks cost a task and a serialization of every result (a quarter of the benchmark's
 * throughput went to the roll-up, half of that to the union).
 */
public final class Rollups extends KeyedProcessFunction<String, WindowResult, WindowResult> {
    private static final long serialVersionUID = 1L;

    private final long[] sizesMs;
    private final long latenessMs;

    private transient MapState<Long, RollupAccumulator>[] parts;
    private transient MapState<Long, Integer>[] revisions;

    /**
     * @param sizesMs the roll-up sizes, each a multiple of the finer windows' size
     * @param latenessMs how long after its end a roll-up still takes corrected finer results
     */
    public Rollups(long[] sizesMs, long latenessMs) {
        this.sizesMs = sizesMs.clone();
        this.latenessMs = latenessMs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        parts = new MapState[sizesMs.length];
        revisions = new MapState[sizesMs.length];
        for (int i = 0; i < sizesMs.length; i++) {
            parts[i] =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "parts-" + sizesMs[i],
                                            Types.LONG,
                                            TypeInformation.of(RollupAccumulator.class)));
            revisions[i] =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "revision-" + sizesMs[i], Types.LONG, Types.INT));
        }
    }

    @Override
    public void processElement(WindowResult finer, Context ctx, Collector<WindowResult> out)
            throws Exception {
        out.collect(finer);
        long watermark = ctx.timerService().currentWatermark();
        for (int i = 0; i < sizesMs.length; i++) {
            long start = finer.windowStart - Math.floorMod(finer.windowStart, sizesMs[i]);
            long last = start + sizesMs[i] - 1;
            if (last + latenessMs <= watermark) {
                continue; // past the lateness: the roll-up is gone
            }
            RollupAccumulator acc = parts[i].get(start);
            if (acc == null) {
                // The roll-up's timers, once: at its end and when its lateness is over.
                acc = new RollupAccumulator();
                if (last > watermark) {
                    ctx.timerService().registerEventTimeTimer(last);
                }
                ctx.timerService().registerEventTimeTimer(last + latenessMs);
            }
            acc.offer(finer);
            parts[i].put(start, acc);
            if (last <= watermark) {
                emit(i, start, ctx.getCurrentKey(), out);
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowResult> out)
            throws Exception {
        for (int i = 0; i < sizesMs.length; i++) {
            long ending = timestamp + 1 - sizesMs[i];
            if (parts[i].contains(ending)) {
                emit(i, ending, ctx.getCurrentKey(), out);
            }
            long expired = ending - latenessMs;
            if (parts[i].contains(expired)) {
                parts[i].remove(expired);
                revisions[i].remove(expired);
            }
        }
    }

    private void emit(int size, long start, String key, Collector<WindowResult> out)
            throws Exception {
        Integer previous = revisions[size].get(start);
        int revision = previous == null ? 1 : previous + 1;
        revisions[size].put(start, revision);
        WindowResult r = parts[size].get(start).toResult();
        StampWindow.stamp(r, key, start, start + sizesMs[size], revision);
        out.collect(r);
    }
}
