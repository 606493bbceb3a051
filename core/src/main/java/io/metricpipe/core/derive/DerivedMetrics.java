package io.metricpipe.core.derive;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * RED metrics per service and USE metrics per host, added to a window's result as metrics of their
 * own ({@code red.*}, {@code use.*}), computed from that window's statistics only, so a roll-up's
 * are computed from the roll-up (not averaged from its minutes) and a replay derives the same
 * values. A derived metric is left out when its inputs are not in the window.
 */
public final class DerivedMetrics implements MapFunction<WindowResult, WindowResult> {
    private static final long serialVersionUID = 1L;

    /** Every name this class derives. */
    public static final Set<String> NAMES =
            Set.of(
                    "red.request_rate",
                    "red.error_ratio",
                    "red.duration_p50",
                    "red.duration_p95",
                    "red.duration_p99",
                    "use.cpu.utilization",
                    "use.memory.utilization",
                    "use.memory.saturation",
                    "use.disk.utilization",
                    "use.disk.saturation",
                    "use.network.errors",
                    "use.network.saturation");

    /** Whether a metric is derived: one value per window, which sinks may write compactly. */
    public static boolean isDerived(String metric) {
        return NAMES.contains(metric);
    }

    @Override
    public WindowResult map(WindowResult result) {
        return withDerived(result);
    }

    /** The result with its derived metrics, or the result itself when none applies. */
    public static WindowResult withDerived(WindowResult result) {
        List<MetricStats> derived = new ArrayList<>();
        Window w = new Window(result, derived);
        switch (result.resourceType == null ? "" : result.resourceType) {
            case "service":
                serviceRed(w);
                break;
            case "webapp":
                webappRed(w);
                break;
            case "host":
                hostUse(w);
                break;
            case "ec2":
            case "rds":
                w.add("use.cpu.utilization", "1", w.avg("aws.CPUUtilization.average") / 100);
                break;
            case "ebs":
                w.add("use.disk.saturation", "{operation}", w.avg("aws.VolumeQueueLength.average"));
                break;
            default:
                break;
        }
        if (derived.isEmpty()) {
            return result;
        }
        MetricStats[] metrics =
                Arrays.copyOf(result.metrics, result.metrics.length + derived.size());
        for (int i = 0; i < derived.size(); i++) {
            metrics[result.metrics.length + i] = derived.get(i);
        }
        Arrays.sort(metrics, Comparator.comparing(m -> m.name));
        return result.withContents(metrics, result.attributeKeys, result.attributeValues);
    }

    /** From {@code http-request} events: every request is one occurrence. */
    private static void serviceRed(Window w) {
        long requests = w.count("http.server.requests");
        if (requests > 0) {
            w.add("red.request_rate", "{request}/s", requests / w.seconds());
            w.add("red.error_ratio", "1", (double) w.count("http.server.errors") / requests);
        }
        w.percentiles("http.server.request.duration");
    }

    /** From {@code webapp-metrics}: the app's cumulative request and error counters. */
    private static void webappRed(Window w) {
        w.add("red.request_rate", "{request}/s", w.rate("performance.total_requests"));
        double requests = w.increase("performance.total_requests");
        if (requests > 0) {
            double errors = w.increase("performance.total_errors");
            w.add("red.error_ratio", "1", Double.isNaN(errors) ? 0 : errors / requests);
        }
        w.percentiles("health.response_time_ms");
    }

    /** From {@code vm-metrics} (or the flat {@code vm_stats}). */
    private static void hostUse(Window w) {
        w.add("use.cpu.utilization", "1", w.avg("cpu.usage_percent", "cpu_usage") / 100);
        w.add("use.memory.utilization", "1", w.avg("memory.usage_percent", "memory_percent") / 100);
        w.add("use.memory.saturation", "1", w.avg("memory.swap_percent") / 100);
        w.add("use.disk.utilization", "1", w.avg("disk.usage_percent", "disk_percent") / 100);
        w.add(
                "use.network.errors",
                "{error}/s",
                w.rate("network.errors_in") + w.rate("network.errors_out"));
        w.add(
                "use.network.saturation",
                "{packet}/s",
                w.rate("network.drops_in") + w.rate("network.drops_out"));
    }

    /** A window's statistics, read by name, and the derived metrics added to it. */
    private static final class Window {
        private final WindowResult result;
        private final List<MetricStats> derived;

        Window(WindowResult result, List<MetricStats> derived) {
            this.result = result;
            this.derived = derived;
        }

        double seconds() {
            return result.windowSizeMs / 1000.0;
        }

        long count(String name) {
            MetricStats m = result.metric(name);
            return m == null ? 0 : m.count;
        }

        /** The average of the first of the names the window has; NaN when it has none. */
        double avg(String... names) {
            for (String name : names) {
                MetricStats m = result.metric(name);
                if (m != null) {
                    return m.avg();
                }
            }
            return Double.NaN;
        }

        double rate(String counter) {
            MetricStats m = result.metric(counter);
            return m == null ? Double.NaN : m.rate;
        }

        double increase(String counter) {
            MetricStats m = result.metric(counter);
            return m == null ? Double.NaN : m.increase;
        }

        /** Duration percentiles from a gauge in milliseconds. */
        void percentiles(String gauge) {
            MetricStats m = result.metric(gauge);
            if (m != null) {
                add("red.duration_p50", "ms", m.p50);
                add("red.duration_p95", "ms", m.p95);
                add("red.duration_p99", "ms", m.p99);
            }
        }

        /**
         * A gauge of one value (every statistic that value) stamped at the window's end; nothing
         * when the value is not finite.
         */
        void add(String name, String unit, double value) {
            assert NAMES.contains(name) : name;
            if (!Double.isFinite(value)) {
                return;
            }
            MetricStats m = MetricStats.of(name, MetricKind.GAUGE.code(), unit);
            m.count = 1;
            m.sum = value;
            m.min = value;
            m.max = value;
            m.last = value;
            m.p50 = value;
            m.p90 = value;
            m.p95 = value;
            m.p99 = value;
            m.lastTimestamp = result.windowEnd() - 1;
            derived.add(m);
        }
    }
}
