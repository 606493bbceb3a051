package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class GuardItemsTest {
    @Test
    void passesGoodItemsAndTurnsRejectedOnesIntoCountedDeadLetters() throws Exception {
        GuardItems<WindowResult> guard =
                new GuardItems<>(new AggregateItems(Duration.ofDays(1)), "aggregates");
        try (OneInputStreamOperatorTestHarness<WindowResult, WindowResult> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(guard))) {
            harness.open();
            WindowResult good = ItemConvertersTest.result();
            WindowResult bad = ItemConvertersTest.result();
            bad.metrics[0].max = Double.POSITIVE_INFINITY;
            harness.processElement(new StreamRecord<>(good, 1));
            harness.processElement(new StreamRecord<>(bad, 2));

            assertThat(harness.extractOutputValues()).containsExactly(good);
            assertThat(harness.getSideOutput(GuardItems.REJECTED)).hasSize(1);
            DeadLetter d = harness.getSideOutput(GuardItems.REJECTED).poll().getValue();
            assertThat(d.reason).isEqualTo("item_rejected");
            assertThat(d.source).isEqualTo("dynamodb:aggregates");
            assertThat(d.position).isEqualTo("host/web-01#1m/" + bad.windowStart);
            assertThat(d.detail).contains("metrics.cpu.usage_percent.max").contains("finite");
        }
    }
}
