package io.metricpipe.core.alert;

import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.AlertRuleUpdate;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** The alert operator in Flink's keyed test harness, and windows fed to it as the job does. */
final class AlertHarness {
    static final long T0 = 1_763_856_000_000L;
    static final long MINUTE = 60_000;

    private AlertHarness() {}

    /** The 1-minute window {@code minute} minutes after T0 of a resource, with these metrics. */
    static WindowResult window(String key, String type, int minute, MetricStats... metrics) {
        WindowResult r = new WindowResult();
        r.resourceKey = key;
        r.resourceType = type;
        r.windowStart = T0 + minute * MINUTE;
        r.windowSizeMs = MINUTE;
        r.revision = 1;
        r.metrics = metrics;
        r.attributeKeys = new String[0];
        r.attributeValues = new String[0];
        return r;
    }

    /** A gauge with one sample of {@code value}. */
    static MetricStats gauge(String name, double value) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = MetricKind.GAUGE.code();
        s.count = 1;
        s.sum = value;
        s.min = value;
        s.max = value;
        s.last = value;
        return s;
    }

    /**
     * The evaluator as the job runs it: keyed by resource, with the rules file on its broadcast
     * input, whose watermark (that of a source that only emits rule updates) is at its end.
     */
    static final class Harness
            extends KeyedBroadcastOperatorTestHarness<
                    String, WindowResult, AlertRuleUpdate, AlertEvaluation> {
        Harness(List<AlertRule> rules, Duration retention) throws Exception {
            super(
                    new CoBroadcastWithKeyedOperator<>(
                            new AlertEvaluator(rules, retention),
                            List.of(AlertEvaluator.FILE_RULES)),
                    r -> r.resourceKey,
                    Types.STRING,
                    1,
                    1,
                    0);
            getExecutionConfig().disableGenericTypes();
        }

        /** Keyed state entries of every rule and resource (the heap backend's count). */
        int numKeyedStateEntries() {
            return ((HeapKeyedStateBackend<?>)
                            ((AbstractStreamOperator<?>) getTwoInputOperator())
                                    .getKeyedStateBackend())
                    .numKeyValueStateEntries();
        }

        @Override
        public void open() throws Exception {
            super.open();
            processBroadcastWatermark(Long.MAX_VALUE);
        }
    }

    static Harness of(List<AlertRule> rules, Duration retention) throws Exception {
        return new Harness(rules, retention);
    }

    /** A window result at its window's last moment, then the watermark past it. */
    static void feed(Harness h, WindowResult r) throws Exception {
        h.processElement(new StreamRecord<>(r, r.windowEnd() - 1));
        h.processWatermark(r.windowEnd() - 1);
    }
}
