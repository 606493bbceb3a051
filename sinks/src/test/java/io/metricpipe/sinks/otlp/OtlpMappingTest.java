package io.metricpipe.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.core.derive.DerivedMetrics;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SummaryPointData;
import io.opentelemetry.sdk.metrics.data.ValueAtQuantile;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtlpMappingTest {
    private static final long T0 = 1_763_856_000_000L;
    private static final long START_NANOS = T0 * 1_000_000;
    private static final long END_NANOS = (T0 + 60_000) * 1_000_000;

    private final OtlpMapping mapping = new OtlpMapping("123456789012", "eu-west-1");

    private static MetricStats gauge(String name, double min, double max, double last) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = MetricKind.GAUGE.code();
        s.count = 3;
        s.sum = min + max + last;
        s.min = min;
        s.max = max;
        s.last = last;
        s.p50 = last;
        s.p90 = max;
        s.p95 = max;
        s.p99 = max;
        return s;
    }

    private static MetricStats counter(String name, double rate) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = MetricKind.COUNTER.code();
        s.count = 6;
        s.rate = rate;
        s.increase = rate * 50;
        return s;
    }

    private static MetricStats occurrence(String name, long count) {
        MetricStats s = new MetricStats();
        s.name = name;
        s.kind = MetricKind.OCCURRENCE.code();
        s.count = count;
        return s;
    }

    private static WindowResult window(String key, String type, MetricStats... metrics) {
        WindowResult r = new WindowResult();
        r.resourceKey = key;
        r.resourceType = type;
        r.windowStart = T0;
        r.windowSizeMs = 60_000;
        r.revision = 1;
        r.metrics = metrics;
        r.attributeKeys = new String[] {"boot_time", "ip_address", "platform"};
        r.attributeValues = new String[] {"1763850000", "10.0.0.7", "Linux"};
        return r;
    }

    private static MetricData metric(List<MetricData> all, String name) {
        List<MetricData> found =
                all.stream().filter(m -> m.getName().equals(name)).collect(Collectors.toList());
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    @Test
    void gaugeBecomesAGaugeOfTheLastValueAndASummaryWithSixQuantiles() {
        List<MetricData> out =
                mapping.toMetrics(
                        List.of(
                                window(
                                        "host/web-01",
                                        "host",
                                        gauge("cpu.usage_percent", 10, 50, 30))));

        MetricData g = metric(out, "system.cpu.utilization");
        assertThat(g.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
        assertThat(g.getUnit()).isEqualTo("1");
        DoublePointData p = g.getDoubleGaugeData().getPoints().iterator().next();
        assertThat(p.getValue()).isCloseTo(0.30, within(1e-12));
        assertThat(p.getStartEpochNanos()).isEqualTo(START_NANOS);
        assertThat(p.getEpochNanos()).isEqualTo(END_NANOS);

        MetricData s = metric(out, "system.cpu.utilization.summary");
        assertThat(s.getType()).isEqualTo(MetricDataType.SUMMARY);
        SummaryPointData sp = s.getSummaryData().getPoints().iterator().next();
        assertThat(sp.getCount()).isEqualTo(3);
        assertThat(sp.getSum()).isCloseTo(0.90, within(1e-12));
        assertThat(sp.getValues())
                .extracting(ValueAtQuantile::getQuantile)
                .containsExactly(0.0, 0.5, 0.9, 0.95, 0.99, 1.0);
        assertThat(sp.getValues())
                .extracting(ValueAtQuantile::getValue)
                .usingElementComparator(
                        (a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
                .containsExactly(0.10, 0.30, 0.50, 0.50, 0.50, 0.50);
        assertThat(sp.getStartEpochNanos()).isEqualTo(START_NANOS);
        assertThat(sp.getEpochNanos()).isEqualTo(END_NANOS);
    }

    @Test
    void countersBecomeDeltaMonotonicSumsOfTheWindowIncreaseWithDirections() {
        List<MetricData> out =
                mapping.toMetrics(
                        List.of(
                                window(
                                        "host/web-01",
                                        "host",
                                        counter("network.bytes_sent", 1000),
                                        counter("network.bytes_recv", 250),
                                        counter("disk.read_count", Double.NaN))));

        MetricData io = metric(out, "system.network.io");
        assertThat(io.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
        assertThat(io.getUnit()).isEqualTo("By");
        assertThat(io.getDoubleSumData().isMonotonic()).isTrue();
        assertThat(io.getDoubleSumData().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.DELTA);
        assertThat(io.getDoubleSumData().getPoints())
                .extracting(
                        p -> p.getAttributes().get(AttributeKey.stringKey("network.io.direction")),
                        DoublePointData::getValue,
                        DoublePointData::getStartEpochNanos,
                        DoublePointData::getEpochNanos)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "transmit", 60_000.0, START_NANOS, END_NANOS),
                        org.assertj.core.groups.Tuple.tuple(
                                "receive", 15_000.0, START_NANOS, END_NANOS));
        // A counter without a rate (one sample) exports nothing rather than a false zero.
        assertThat(out).noneMatch(m -> m.getName().equals("system.disk.operations"));
    }

    @Test
    void occurrencesAreDeltaSumsAndLabelsBecomeAttributes() {
        List<MetricData> out =
                mapping.toMetrics(
                        List.of(
                                window(
                                        "service/checkout",
                                        "service",
                                        occurrence(
                                                "http.server.requests{method=POST,route=/a,b}", 7),
                                        gauge(
                                                "http.server.request.duration{method=POST,route=/a,b}",
                                                20,
                                                80,
                                                40))));

        MetricData requests = metric(out, "app.http.server.requests");
        assertThat(requests.getUnit()).isEqualTo("1");
        DoublePointData p = requests.getDoubleSumData().getPoints().iterator().next();
        assertThat(p.getValue()).isEqualTo(7.0);
        assertThat(p.getAttributes())
                .isEqualTo(Attributes.builder().put("method", "POST").put("route", "/a,b").build());

        MetricData duration = metric(out, "http.server.request.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        assertThat(duration.getDoubleGaugeData().getPoints().iterator().next().getValue())
                .isCloseTo(0.040, within(1e-12));
    }

    @Test
    void namesWithoutAConventionGetAppNamesAndUnitsFromTheirSuffix() {
        MetricStats custom = gauge("queue.depth{queue=invoices}", 1, 3, 2);
        custom.unit = "{message}";
        List<MetricData> out =
                mapping.toMetrics(
                        List.of(
                                window(
                                        "host/web-01",
                                        "host",
                                        gauge("memory.used_gb", 1, 2, 2),
                                        gauge("health.response_time_ms", 1, 2, 2),
                                        custom)));
        assertThat(metric(out, "app.memory.used_gb").getUnit()).isEqualTo("GiBy");
        assertThat(metric(out, "app.health.response_time_ms").getUnit()).isEqualTo("ms");
        assertThat(metric(out, "app.queue.depth").getUnit()).isEqualTo("{message}");
    }

    @Test
    void derivedMetricsGetMetricpipeNamesWithTheirOwnUnits() {
        WindowResult service =
                DerivedMetrics.withDerived(
                        window(
                                "service/checkout",
                                "service",
                                occurrence("http.server.requests", 120),
                                occurrence("http.server.errors", 6)));

        List<MetricData> out = mapping.toMetrics(List.of(service));

        MetricData rate = metric(out, "metricpipe.red.request_rate");
        assertThat(rate.getUnit()).isEqualTo("{request}/s");
        assertThat(rate.getDoubleGaugeData().getPoints())
                .singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(2.0));
        assertThat(metric(out, "metricpipe.red.error_ratio").getUnit()).isEqualTo("1");
        assertThat(out).extracting(MetricData::getName).noneMatch(n -> n.endsWith(".summary"));
    }

    @Test
    void resourceAttributesFollowTheConventions() {
        List<MetricData> out =
                mapping.toMetrics(
                        List.of(
                                window(
                                        "host/web-01",
                                        "host",
                                        gauge("cpu.usage_percent", 1, 1, 1))));
        Attributes a = out.get(0).getResource().getAttributes();
        assertThat(a.get(AttributeKey.stringKey("cloud.provider"))).isEqualTo("aws");
        assertThat(a.get(AttributeKey.stringKey("cloud.account.id"))).isEqualTo("123456789012");
        assertThat(a.get(AttributeKey.stringKey("cloud.region"))).isEqualTo("eu-west-1");
        assertThat(a.get(AttributeKey.stringKey("host.name"))).isEqualTo("web-01");
        assertThat(a.get(AttributeKey.stringKey("host.ip"))).isEqualTo("10.0.0.7");
        assertThat(a.get(AttributeKey.stringKey("os.type"))).isEqualTo("linux");
        // boot_time changes with every reboot; it must not split the resource's series.
        assertThat(a.asMap().keySet()).noneMatch(k -> k.getKey().contains("boot"));

        WindowResult custom = window("custom/billing", "custom", gauge("x", 1, 1, 1));
        custom.attributeKeys =
                new String[] {"aws.tag.team", "cloud.resource_id", "service.name", "zone"};
        custom.attributeValues =
                new String[] {
                    "payments", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1", "billing", "a"
                };
        Attributes c = mapping.toMetrics(List.of(custom)).get(0).getResource().getAttributes();
        assertThat(c.get(AttributeKey.stringKey("aws.tag.team"))).isEqualTo("payments");
        assertThat(c.get(AttributeKey.stringKey("cloud.resource_id")))
                .isEqualTo("arn:aws:ec2:eu-west-1:123456789012:instance/i-1");
        assertThat(c.get(AttributeKey.stringKey("service.name"))).isEqualTo("billing");
        assertThat(c.get(AttributeKey.stringKey("zone"))).isNull();
    }

    @Test
    void aCorrectedWindowReExportsTheSamePointsWithTheSameTimestamps() {
        WindowResult first = window("host/web-01", "host", gauge("cpu.usage_percent", 10, 50, 30));
        WindowResult corrected =
                window("host/web-01", "host", gauge("cpu.usage_percent", 10, 70, 70));
        corrected.revision = 2;
        DoublePointData a =
                metric(mapping.toMetrics(List.of(first)), "system.cpu.utilization")
                        .getDoubleGaugeData()
                        .getPoints()
                        .iterator()
                        .next();
        DoublePointData b =
                metric(mapping.toMetrics(List.of(corrected)), "system.cpu.utilization")
                        .getDoubleGaugeData()
                        .getPoints()
                        .iterator()
                        .next();
        assertThat(b.getStartEpochNanos()).isEqualTo(a.getStartEpochNanos());
        assertThat(b.getEpochNanos()).isEqualTo(a.getEpochNanos());
        assertThat(b.getAttributes()).isEqualTo(a.getAttributes());
        assertThat(b.getValue()).isCloseTo(0.70, within(1e-12));
    }

    @Test
    void aBatchGroupsPointsByResourceNameAndType() {
        WindowResult w1 = window("host/web-01", "host", gauge("cpu.usage_percent", 1, 1, 1));
        WindowResult w2 = window("host/web-01", "host", gauge("cpu.usage_percent", 2, 2, 2));
        w2.windowStart = T0 + 60_000;
        WindowResult other = window("host/web-02", "host", gauge("cpu.usage_percent", 3, 3, 3));
        List<MetricData> out = mapping.toMetrics(List.of(w1, w2, other));
        List<MetricData> gauges =
                out.stream()
                        .filter(m -> m.getName().equals("system.cpu.utilization"))
                        .collect(Collectors.toList());
        assertThat(gauges).hasSize(2);
        assertThat(gauges.get(0).getDoubleGaugeData().getPoints()).hasSize(2);
        assertThat(gauges.get(1).getDoubleGaugeData().getPoints()).hasSize(1);
    }
}
