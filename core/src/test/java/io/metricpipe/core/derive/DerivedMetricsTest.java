package io.metricpipe.core.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DerivedMetricsTest {
    private static final long MINUTE = 60_000;

    private static WindowResult window(String type, long sizeMs, MetricStats... metrics) {
        WindowResult r = new WindowResult();
        r.resourceKey = type + "/x";
        r.resourceType = type;
        r.windowStart = 10 * MINUTE;
        r.windowSizeMs = sizeMs;
        r.revision = 1;
        r.metrics = metrics;
        Arrays.sort(r.metrics, (a, b) -> a.name.compareTo(b.name));
        r.attributeKeys = new String[0];
        r.attributeValues = new String[0];
        return r;
    }

    private static MetricStats gauge(String name, double... values) {
        MetricStats m = MetricStats.of(name, MetricKind.GAUGE.code(), null);
        m.count = values.length;
        m.sum = Arrays.stream(values).sum();
        m.min = Arrays.stream(values).min().orElse(Double.NaN);
        m.max = Arrays.stream(values).max().orElse(Double.NaN);
        m.last = values[values.length - 1];
        return m;
    }

    private static MetricStats occurrences(String name, long count) {
        MetricStats m = MetricStats.of(name, MetricKind.OCCURRENCE.code(), null);
        m.count = count;
        return m;
    }

    private static MetricStats counter(String name, double increase, double rate) {
        MetricStats m = MetricStats.of(name, MetricKind.COUNTER.code(), null);
        m.count = 6;
        m.increase = increase;
        m.rate = rate;
        return m;
    }

    /** The derived metrics by name, as the value each carries. */
    private static Map<String, Double> derived(WindowResult r) {
        Map<String, Double> out = new TreeMap<>();
        for (MetricStats m : DerivedMetrics.withDerived(r).metrics) {
            if (m.name.startsWith("red.") || m.name.startsWith("use.")) {
                assertThat(DerivedMetrics.isDerived(m.name)).as(m.name).isTrue();
                assertThat(m.count).isEqualTo(1);
                assertThat(m.min).isEqualTo(m.sum);
                assertThat(m.max).isEqualTo(m.sum);
                assertThat(m.last).isEqualTo(m.sum);
                assertThat(new double[] {m.p50, m.p90, m.p95, m.p99}).containsOnly(m.sum);
                assertThat(m.lastTimestamp).isEqualTo(r.windowEnd() - 1);
                out.put(m.name, m.sum);
            }
        }
        return out;
    }

    @Test
    void serviceRedFromItsRequests() {
        MetricStats duration = gauge("http.server.request.duration", 10, 20, 30, 40);
        duration.p50 = 20;
        duration.p95 = 40;
        duration.p99 = 40;
        WindowResult r =
                window(
                        "service",
                        MINUTE,
                        occurrences("http.server.requests", 120),
                        occurrences("http.server.errors", 6),
                        duration);

        Map<String, Double> d = derived(r);

        assertThat(d)
                .containsOnlyKeys(
                        "red.request_rate",
                        "red.error_ratio",
                        "red.duration_p50",
                        "red.duration_p95",
                        "red.duration_p99");
        assertThat(d.get("red.request_rate")).isEqualTo(2.0); // 120 requests in 60 s
        assertThat(d.get("red.error_ratio")).isEqualTo(0.05);
        assertThat(d.get("red.duration_p50")).isEqualTo(20);
        assertThat(d.get("red.duration_p95")).isEqualTo(40);
    }

    @Test
    void aServiceWithoutErrorsHasAZeroErrorRatioAndRollUpsUseTheirOwnLength() {
        WindowResult fiveMinutes =
                window("service", 5 * MINUTE, occurrences("http.server.requests", 150));

        Map<String, Double> d = derived(fiveMinutes);

        assertThat(d).containsEntry("red.request_rate", 0.5).containsEntry("red.error_ratio", 0.0);
    }

    @Test
    void webappRedFromItsCountersAndProbes() {
        MetricStats probe = gauge("health.response_time_ms", 100, 300);
        probe.p50 = 100;
        probe.p95 = 300;
        probe.p99 = 300;
        WindowResult r =
                window(
                        "webapp",
                        MINUTE,
                        counter("performance.total_requests", 600, 10),
                        counter("performance.total_errors", 30, 0.5),
                        probe);

        Map<String, Double> d = derived(r);

        assertThat(d.get("red.request_rate")).isEqualTo(10);
        assertThat(d.get("red.error_ratio")).isEqualTo(0.05);
        assertThat(d.get("red.duration_p95")).isEqualTo(300);
    }

    @Test
    void hostUseFromEitherAgentGeneration() {
        WindowResult vmMetrics =
                window(
                        "host",
                        MINUTE,
                        gauge("cpu.usage_percent", 50, 70),
                        gauge("memory.usage_percent", 40),
                        gauge("memory.swap_percent", 10),
                        gauge("disk.usage_percent", 85),
                        counter("network.errors_in", 3, 0.05),
                        counter("network.errors_out", 3, 0.05),
                        counter("network.drops_in", 60, 1));
        Map<String, Double> d = derived(vmMetrics);
        assertThat(d.get("use.cpu.utilization")).isCloseTo(0.6, within(1e-12));
        assertThat(d.get("use.memory.utilization")).isCloseTo(0.4, within(1e-12));
        assertThat(d.get("use.memory.saturation")).isCloseTo(0.1, within(1e-12));
        assertThat(d.get("use.disk.utilization")).isCloseTo(0.85, within(1e-12));
        assertThat(d.get("use.network.errors")).isCloseTo(0.1, within(1e-12));
        // drops_out is not in the window: the sum of the two directions is unknown
        assertThat(d).doesNotContainKey("use.network.saturation");

        WindowResult vmStats =
                window(
                        "host",
                        MINUTE,
                        gauge("cpu_usage", 20),
                        gauge("memory_percent", 30),
                        gauge("disk_percent", 40));
        assertThat(derived(vmStats))
                .containsOnlyKeys(
                        "use.cpu.utilization", "use.memory.utilization", "use.disk.utilization");
    }

    @Test
    void cloudWatchCpuAndVolumeQueue() {
        assertThat(derived(window("ec2", MINUTE, gauge("aws.CPUUtilization.average", 42))))
                .containsOnlyKeys("use.cpu.utilization")
                .hasEntrySatisfying("use.cpu.utilization", v -> assertThat(v).isEqualTo(0.42));
        assertThat(derived(window("ebs", MINUTE, gauge("aws.VolumeQueueLength.average", 2, 4))))
                .containsExactly(Map.entry("use.disk.saturation", 3.0));
    }

    @Test
    void otherResourcesAreLeftAsTheyAre() {
        WindowResult app = window("app", MINUTE, occurrences("app.events{action=login}", 3));
        assertThat(DerivedMetrics.withDerived(app)).isSameAs(app);
        WindowResult idleService = window("service", MINUTE, gauge("other", 1));
        assertThat(DerivedMetrics.withDerived(idleService)).isSameAs(idleService);
    }

    @Test
    void derivedMetricsAreSortedInAmongTheOthersAndTheInputIsUntouched() {
        WindowResult r = window("host", MINUTE, gauge("cpu.usage_percent", 50), gauge("zz", 1));
        MetricStats[] before = r.metrics.clone();

        WindowResult out = DerivedMetrics.withDerived(r);

        assertThat(out.metrics)
                .extracting(m -> m.name)
                .containsExactly("cpu.usage_percent", "use.cpu.utilization", "zz");
        assertThat(r.metrics).containsExactly(before);
        assertThat(out.resourceKey).isEqualTo(r.resourceKey);
        assertThat(out.windowStart).isEqualTo(r.windowStart);
        assertThat(out.revision).isEqualTo(r.revision);
    }
}
