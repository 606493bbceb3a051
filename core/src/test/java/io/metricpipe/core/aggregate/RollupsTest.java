package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The roll-up operator under a harness: pass-through, firing, late corrections, expiry. */
class RollupsTest {
    static final long T0 = 1_763_856_000_000L; // a 5 minute boundary
    static final long MINUTE = 60_000;
    static final long FIVE = 5 * MINUTE;
    static final long LATENESS = 3 * MINUTE;

    private KeyedOneInputStreamOperatorTestHarness<String, WindowResult, WindowResult> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowResult, WindowResult>
            newHarness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, WindowResult, WindowResult> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Rollups(new long[] {FIVE}, LATENESS)),
                        r -> r.resourceKey,
                        Types.STRING);
        h.getExecutionConfig().disableGenericTypes();
        return h;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /**
     * The 1 minute result of {@code minute} with the given cpu samples, as the windows stamp it.
     */
    private static WindowResult minute(int minute, int revision, double... cpu) {
        WindowAccumulator acc = new WindowAccumulator();
        for (int i = 0; i < cpu.length; i++) {
            acc.add(Samples.one("cpu", MetricKind.GAUGE, T0 + minute * MINUTE + i, cpu[i]));
        }
        WindowResult r = acc.toResult();
        StampWindow.stamp(r, "host/a", T0 + minute * MINUTE, T0 + (minute + 1) * MINUTE, revision);
        return r;
    }

    private void send(WindowResult r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.windowEnd() - 1));
    }

    private List<WindowResult> rollups() {
        return harness.getOutput().stream()
                .filter(o -> o instanceof StreamRecord)
                .map(o -> (WindowResult) ((StreamRecord<?>) o).getValue())
                .filter(r -> r.windowSizeMs == FIVE)
                .collect(Collectors.toList());
    }

    private long passedThrough() {
        return harness.getOutput().stream()
                .filter(o -> o instanceof StreamRecord)
                .filter(
                        o ->
                                ((WindowResult) ((StreamRecord<?>) o).getValue()).windowSizeMs
                                        == MINUTE)
                .count();
    }

    @Test
    void passesFinerResultsThroughAndFiresOnTheWatermark() throws Exception {
        for (int m = 0; m < 5; m++) {
            send(minute(m, 1, m, 10 + m));
        }
        assertThat(passedThrough()).isEqualTo(5);
        // One firing timer and one expiry timer for the one roll-up.
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        harness.processWatermark(new Watermark(T0 + FIVE - 2));
        assertThat(rollups()).isEmpty();
        harness.processWatermark(new Watermark(T0 + FIVE - 1));

        assertThat(rollups()).hasSize(1);
        WindowResult r = rollups().get(0);
        assertThat(r.resourceKey).isEqualTo("host/a");
        assertThat(r.windowStart).isEqualTo(T0);
        assertThat(r.revision).isEqualTo(1);
        MetricStats cpu = r.metric("cpu");
        assertThat(cpu.count).isEqualTo(10);
        assertThat(cpu.min).isEqualTo(0);
        assertThat(cpu.max).isEqualTo(14);
        assertThat(cpu.sum).isEqualTo(0 + 1 + 2 + 3 + 4 + 10 + 11 + 12 + 13 + 14);
        assertThat(cpu.values).containsExactly(0, 1, 2, 3, 4, 10, 11, 12, 13, 14);
    }

    @Test
    void aCorrectedFinerWindowWithinTheLatenessReplacesItsPartAndReEmits() throws Exception {
        for (int m = 0; m < 5; m++) {
            send(minute(m, 1, 5));
        }
        harness.processWatermark(new Watermark(T0 + FIVE + MINUTE));
        send(minute(2, 2, 5, 50)); // minute 2 corrected: one more sample

        assertThat(rollups()).hasSize(2);
        WindowResult corrected = rollups().get(1);
        assertThat(corrected.revision).isEqualTo(2);
        assertThat(corrected.windowStart).isEqualTo(T0);
        assertThat(corrected.metric("cpu").count).isEqualTo(6);
        assertThat(corrected.metric("cpu").max).isEqualTo(50);
    }

    @Test
    void afterTheLatenessTheRollupIsForgottenAndIgnoresCorrections() throws Exception {
        for (int m = 0; m < 5; m++) {
            send(minute(m, 1, 5));
        }
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(new Watermark(T0 + FIVE - 1 + LATENESS));
        assertThat(rollups()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(minute(3, 2, 7, 8));
        assertThat(rollups()).hasSize(1);
        assertThat(passedThrough()).isEqualTo(6);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void stateAndTimersSurviveASnapshot() throws Exception {
        for (int m = 0; m < 3; m++) {
            send(minute(m, 1, m));
        }
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        for (int m = 3; m < 5; m++) {
            send(minute(m, 1, m));
        }
        harness.processWatermark(new Watermark(T0 + FIVE - 1));
        assertThat(rollups()).hasSize(1);
        assertThat(rollups().get(0).metric("cpu").values).containsExactly(0, 1, 2, 3, 4);
    }
}
