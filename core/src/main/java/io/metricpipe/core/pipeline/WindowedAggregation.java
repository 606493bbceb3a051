package io.metricpipe.core.pipeline;

import io.metricpipe.core.aggregate.ResourceWindowAggregate;
import io.metricpipe.core.aggregate.Rollups;
import io.metricpipe.core.aggregate.StampWindow;
import io.metricpipe.core.aggregate.WindowAccumulator;
import io.metricpipe.core.aggregate.WindowAccumulatorSerializer;
import io.metricpipe.core.config.Durations;
import io.metricpipe.core.derive.DerivedMetrics;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.OwnSerializerTypeInfo;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The aggregation stage: samples keyed by resource (one shuffle), tumbling event-time windows of
 * the smallest size, and roll-ups of the larger sizes merged from those results on the same
 * partitioning (no further shuffle) by one operator that also passes them through. Events beyond
 * the allowed lateness come out as dead letters.
 */
public final class WindowedAggregation {
    static final OutputTag<ResourceSamples> LATE =
            new OutputTag<>("late-events", TypeInformation.of(ResourceSamples.class));

    private final String input;
    private final DataStream<WindowResult> results;
    private final DataStream<DeadLetter> lateEvents;

    private WindowedAggregation(
            String input, DataStream<WindowResult> results, DataStream<DeadLetter> lateEvents) {
        this.input = input;
        this.results = results;
        this.lateEvents = lateEvents;
    }

    /**
     * @param sizes window sizes, ascending; each a multiple of the first (validated by the config)
     */
    public static WindowedAggregation apply(
            DataStream<ResourceSamples> samples,
            List<Duration> sizes,
            Duration allowedLateness,
            int deadLetterPayloadChars) {
        return apply("", samples, sizes, allowedLateness, deadLetterPayloadChars);
    }

    /**
     * The same stage for another input with its own event-time progress (polled AWS metrics lag the
     * agents' events by minutes); {@code input} names its operators apart.
     */
    public static WindowedAggregation apply(
            String input,
            DataStream<ResourceSamples> samples,
            List<Duration> sizes,
            Duration allowedLateness,
            int deadLetterPayloadChars) {
        String prefix = prefix(input, " ");
        String uidPrefix = prefix(input, "-");
        TypeInformation<WindowResult> resultType = TypeInformation.of(WindowResult.class);
        Duration base = sizes.get(0);
        SingleOutputStreamOperator<WindowResult> baseResults =
                samples.keyBy(s -> s.resourceKey, Types.STRING)
                        .window(TumblingEventTimeWindows.of(base))
                        .allowedLateness(allowedLateness)
                        .sideOutputLateData(LATE)
                        .aggregate(
                                new ResourceWindowAggregate(),
                                new StampWindow(),
                                new OwnSerializerTypeInfo<>(
                                        WindowAccumulator.class,
                                        () -> WindowAccumulatorSerializer.INSTANCE),
                                resultType,
                                resultType)
                        .name(prefix + "window " + Durations.label(base))
                        .uid(uidPrefix + "window-" + Durations.label(base));

        DataStream<DeadLetter> late =
                baseResults
                        .getSideOutput(LATE)
                        .map(
                                new LateEventToDeadLetter(
                                        "window:" + Durations.label(base), deadLetterPayloadChars))
                        .name(prefix + "late events")
                        .uid(uidPrefix + "late-events");

        if (sizes.size() == 1) {
            return new WindowedAggregation(input, baseResults, late);
        }
        // A corrected finer window reaches the roll-up up to one finer window after the
        // lateness, so the roll-up waits that much longer and never drops a correction.
        List<Duration> coarser = sizes.subList(1, sizes.size());
        long[] rollupSizes = coarser.stream().mapToLong(Duration::toMillis).toArray();
        DataStream<WindowResult> all =
                DataStreamUtils.reinterpretAsKeyedStream(
                                baseResults, r -> r.resourceKey, Types.STRING)
                        .process(
                                new Rollups(rollupSizes, allowedLateness.plus(base).toMillis()),
                                resultType)
                        .name(
                                prefix
                                        + "rollups "
                                        + coarser.stream()
                                                .map(Durations::label)
                                                .collect(Collectors.joining(",")))
                        .uid(uidPrefix + "rollups");
        return new WindowedAggregation(input, all, late);
    }

    /**
     * The same stage with RED and USE metrics added to each result (chained to the windows, no
     * shuffle); see {@link DerivedMetrics}.
     */
    public WindowedAggregation withDerivedMetrics() {
        DataStream<WindowResult> derived =
                results.map(new DerivedMetrics(), TypeInformation.of(WindowResult.class))
                        .name(prefix(input, " ") + "derived metrics")
                        .uid(prefix(input, "-") + "derived-metrics");
        return new WindowedAggregation(input, derived, lateEvents);
    }

    /** What names an input's operators apart: nothing for the collector events. */
    private static String prefix(String input, String separator) {
        return input.isEmpty() ? "" : input + separator;
    }

    public DataStream<WindowResult> results() {
        return results;
    }

    public DataStream<DeadLetter> lateEvents() {
        return lateEvents;
    }
}
