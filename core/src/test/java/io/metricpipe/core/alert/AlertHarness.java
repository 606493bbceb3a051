package io.metricpipe.core.alert;

import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The alert operator in Flink's keyed test harness, and windows fed to it as the job does. */
final class AlertHarness {
    private AlertHarness() {}

    static KeyedOneInputStreamOperatorTestHarness<String, WindowResult, AlertEvaluation> of(
            List<AlertRule> rules, Duration retention) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, WindowResult, AlertEvaluation> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertEvaluator(rules, retention)),
                        r -> r.resourceKey,
                        Types.STRING);
        h.getExecutionConfig().disableGenericTypes();
        return h;
    }

    /** A window result at its window's last moment, then the watermark past it. */
    static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, WindowResult, AlertEvaluation> h,
            WindowResult r)
            throws Exception {
        h.processElement(new StreamRecord<>(r, r.windowEnd() - 1));
        h.processWatermark(r.windowEnd() - 1);
    }
}
