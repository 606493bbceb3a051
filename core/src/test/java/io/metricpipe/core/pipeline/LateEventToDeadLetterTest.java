package io.metricpipe.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DeadLetter;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateEventToDeadLetterTest {
    @Test
    void lateEventBecomesADeadLetterWithItsPosition() throws Exception {
        try (OneInputStreamOperatorTestHarness<io.metricpipe.core.model.ResourceSamples, DeadLetter>
                harness =
                        new OneInputStreamOperatorTestHarness<>(
                                new StreamMap<>(new LateEventToDeadLetter("window:1m", 1024)))) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(WindowOperatorHarnessTest.sample("a", 5_000, 1.0)));

            DeadLetter d = (DeadLetter) ((StreamRecord<?>) harness.getOutput().poll()).getValue();
            assertThat(d.reason).isEqualTo("late");
            assertThat(d.source).isEqualTo("window:1m");
            assertThat(d.position).isEqualTo("test/5000");
            assertThat(d.time).isEqualTo(WindowOperatorHarnessTest.T0 + 5_000);
            assertThat(d.payload).contains("host/a").contains("cpu.usage_percent");
        }
    }
}
