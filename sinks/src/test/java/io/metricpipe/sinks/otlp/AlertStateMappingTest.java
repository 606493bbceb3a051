package io.metricpipe.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.AlertEvaluation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateMappingTest {
    private static final long T0 = 1_763_856_000_000L;

    static AlertEvaluation evaluation(String resource, String state, int minute) {
        AlertEvaluation e = new AlertEvaluation();
        e.rule = "high-cpu";
        e.resourceKey = resource;
        e.resourceType = "host";
        e.periodStart = T0 + minute * 60_000L;
        e.periodEnd = e.periodStart + 60_000;
        e.previousState = AlertEvaluation.OK;
        e.state = state;
        e.value = 91;
        e.threshold = 80;
        e.breaching = 1;
        e.evaluationPeriods = 1;
        e.reason = "1 of the last 1 datapoints were > 80.0 (1 present)";
        return e;
    }

    @Test
    void eachRuleAndResourceIsAGaugeOfItsState() {
        List<MetricData> out =
                new AlertStateMapping(new OtlpMapping("", "us-east-1"))
                        .toMetrics(
                                List.of(
                                        evaluation("host/a", AlertEvaluation.OK, 0),
                                        evaluation("host/a", AlertEvaluation.ALARM, 1),
                                        evaluation(
                                                "host/b", AlertEvaluation.INSUFFICIENT_DATA, 1)));
        assertThat(out).hasSize(2);
        MetricData a = out.get(0);
        assertThat(a.getName()).isEqualTo("metricpipe.alert.state");
        assertThat(a.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        assertThat(a.getResource().getAttribute(AttributeKey.stringKey("host.name")))
                .isEqualTo("a");
        assertThat(a.getResource().getAttribute(AttributeKey.stringKey("cloud.region")))
                .isEqualTo("us-east-1");
        assertThat(a.getDoubleGaugeData().getPoints())
                .extracting(
                        DoublePointData::getValue,
                        DoublePointData::getStartEpochNanos,
                        DoublePointData::getEpochNanos,
                        p -> p.getAttributes().get(AttributeKey.stringKey("alert.rule")))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0.0, T0 * 1_000_000, (T0 + 60_000) * 1_000_000, "high-cpu"),
                        org.assertj.core.groups.Tuple.tuple(
                                1.0,
                                (T0 + 60_000) * 1_000_000,
                                (T0 + 120_000) * 1_000_000,
                                "high-cpu"));
        assertThat(out.get(1).getDoubleGaugeData().getPoints().iterator().next().getValue())
                .isEqualTo(2.0);
    }
}
