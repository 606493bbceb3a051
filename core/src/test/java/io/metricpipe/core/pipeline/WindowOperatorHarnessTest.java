package io.metricpipe.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The base window operator exactly as {@link WindowedAggregation} builds it, under a harness. */
class WindowOperatorHarnessTest {
    static final long T0 = 1_763_856_000_000L; // a minute boundary
    static final Duration LATENESS = Duration.ofMinutes(2);

    private KeyedOneInputStreamOperatorTestHarness<String, ResourceSamples, WindowResult> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        baseWindowOperator(), s -> s.resourceKey, Types.STRING);
        harness.getExecutionConfig().disableGenericTypes();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @SuppressWarnings("unchecked")
    private static OneInputStreamOperator<ResourceSamples, WindowResult> baseWindowOperator() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<ResourceSamples> input =
                env.fromData(TypeInformation.of(ResourceSamples.class), sample("h", 0, 1.0));
        WindowedAggregation agg =
                WindowedAggregation.apply(
                        input,
                        List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
                        LATENESS,
                        1024);
        for (Transformation<?> t : agg.results().getTransformation().getTransitivePredecessors()) {
            if ("window-1m".equals(t.getUid())) {
                return (OneInputStreamOperator<ResourceSamples, WindowResult>)
                        ((SimpleOperatorFactory<?>)
                                        ((OneInputTransformation<?, ?>) t).getOperatorFactory())
                                .getOperator();
            }
        }
        throw new AssertionError("no window-1m operator in the topology");
    }

    static ResourceSamples sample(String host, long offsetMs, double cpu) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = "host/" + host;
        s.resourceType = "host";
        s.timestamp = T0 + offsetMs;
        s.names = new String[] {"cpu.usage_percent"};
        s.values = new double[] {cpu};
        s.kinds = new byte[] {MetricKind.GAUGE.code()};
        s.attributeKeys = new String[0];
        s.attributeValues = new String[0];
        s.sourcePosition = "test/" + offsetMs;
        return s;
    }

    private void send(ResourceSamples s) throws Exception {
        harness.processElement(new StreamRecord<>(s, s.timestamp));
    }

    private List<WindowResult> results() {
        ConcurrentLinkedQueue<Object> out = harness.getOutput();
        return out.stream()
                .filter(o -> o instanceof StreamRecord)
                .map(o -> (WindowResult) ((StreamRecord<?>) o).getValue())
                .collect(Collectors.toList());
    }

    @Test
    void windowFiresOnTheWatermark() throws Exception {
        send(sample("a", 10_000, 20));
        send(sample("a", 50_000, 40));
        send(sample("b", 30_000, 70));
        send(sample("a", 61_000, 99)); // next window

        harness.processWatermark(new Watermark(T0 + 59_998));
        assertThat(results()).isEmpty();
        // Three windows (a, b, a-next), each with a firing timer and a clean-up timer.
        assertThat(harness.numEventTimeTimers()).isEqualTo(6);

        harness.processWatermark(new Watermark(T0 + 59_999));
        List<WindowResult> fired = results();
        assertThat(fired).hasSize(2);
        WindowResult a =
                fired.stream().filter(r -> r.resourceKey.equals("host/a")).findFirst().get();
        assertThat(a.windowStart).isEqualTo(T0);
        assertThat(a.windowSizeMs).isEqualTo(60_000);
        assertThat(a.revision).isEqualTo(1);
        assertThat(a.metric("cpu.usage_percent").count).isEqualTo(2);
        assertThat(a.metric("cpu.usage_percent").avg()).isEqualTo(30.0);
        assertThat(a.metric("cpu.usage_percent").last).isEqualTo(40.0);
    }

    @Test
    void lateEventWithinLatenessReEmitsRevisionTwoUnderTheSameKey() throws Exception {
        send(sample("a", 10_000, 20));
        harness.processWatermark(new Watermark(T0 + 90_000));
        send(sample("a", 20_000, 60)); // late by 70 s, lateness is 2 min

        List<WindowResult> fired = results();
        assertThat(fired).hasSize(2);
        assertThat(fired.get(0).revision).isEqualTo(1);
        assertThat(fired.get(1).revision).isEqualTo(2);
        assertThat(fired.get(1).resourceKey).isEqualTo(fired.get(0).resourceKey);
        assertThat(fired.get(1).windowStart).isEqualTo(fired.get(0).windowStart);
        assertThat(fired.get(1).metric("cpu.usage_percent").count).isEqualTo(2);
        assertThat(fired.get(1).metric("cpu.usage_percent").max).isEqualTo(60.0);
        assertThat(harness.getSideOutput(WindowedAggregation.LATE)).isNullOrEmpty();
    }

    @Test
    void eventBeyondLatenessGoesToTheLateOutput() throws Exception {
        send(sample("a", 10_000, 20));
        harness.processWatermark(new Watermark(T0 + 60_000 + LATENESS.toMillis()));
        assertThat(harness.numKeyedStateEntries()).as("window purged after lateness").isZero();
        ResourceSamples tooLate = sample("a", 30_000, 50);

        send(tooLate);

        assertThat(results()).hasSize(1);
        assertThat(harness.getSideOutput(WindowedAggregation.LATE))
                .extracting(StreamRecord::getValue)
                .containsExactly(tooLate);
    }
}
