package io.metricpipe.sinks.otlp;

import io.metricpipe.core.model.AlertEvaluation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Alert states as the Gauge {@code metricpipe.alert.state} of each rule and resource, one point per
 * evaluated period: 0 = OK, 1 = ALARM, 2 = INSUFFICIENT_DATA, attribute {@code alert.rule}, on the
 * resource's OTel resource (README "OTLP mapping").
 */
public final class AlertStateMapping implements OtlpMetricsMapper<AlertEvaluation> {
    private static final long serialVersionUID = 1L;

    static final String NAME = "metricpipe.alert.state";

    private final OtlpMapping resources;

    public AlertStateMapping(OtlpMapping resources) {
        this.resources = resources;
    }

    static double code(String state) {
        switch (state) {
            case AlertEvaluation.OK:
                return 0;
            case AlertEvaluation.ALARM:
                return 1;
            default:
                return 2;
        }
    }

    @Override
    public List<MetricData> toMetrics(Collection<AlertEvaluation> evaluations) {
        Map<Resource, List<DoublePointData>> byResource = new LinkedHashMap<>();
        for (AlertEvaluation e : evaluations) {
            byResource
                    .computeIfAbsent(
                            resources.resource(
                                    e.resourceKey,
                                    e.resourceType,
                                    e.attributeKeys,
                                    e.attributeValues),
                            r -> new ArrayList<>())
                    .add(
                            ImmutableDoublePointData.create(
                                    TimeUnit.MILLISECONDS.toNanos(e.periodStart),
                                    TimeUnit.MILLISECONDS.toNanos(e.periodEnd),
                                    Attributes.builder().put("alert.rule", e.rule).build(),
                                    code(e.state)));
        }
        List<MetricData> out = new ArrayList<>();
        byResource.forEach(
                (resource, points) ->
                        out.add(
                                ImmutableMetricData.createDoubleGauge(
                                        resource,
                                        OtlpMapping.SCOPE,
                                        NAME,
                                        "alert rule state: 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA",
                                        "1",
                                        ImmutableGaugeData.create(points))));
        return out;
    }

    @Override
    public long estimatedSize(AlertEvaluation e) {
        return 256;
    }
}
