package io.metricpipe.sinks.otlp;

import io.metricpipe.core.derive.DerivedMetrics;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SummaryPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSummaryData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSummaryPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableValueAtQuantile;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where window results become OpenTelemetry metrics (README "OTLP mapping").
 *
 * <ul>
 *   <li>A gauge becomes a Gauge of its last value and a Summary {@code <name>.summary} with count,
 *       sum and the quantiles 0 (min), .5, .9, .95, .99 and 1 (max); a derived RED or USE metric
 *       (one value per window) only the Gauge.
 *   <li>A cumulative counter becomes a DELTA monotonic Sum whose value is the window's rate times
 *       its length (the increase over the whole window, resets handled); a window with fewer than
 *       two samples has no rate and exports no point.
 *   <li>An occurrence count becomes a DELTA monotonic Sum of the count; a distinct count a Gauge.
 * </ul>
 *
 * Every point is stamped with the window bounds only, so a corrected window (a higher revision)
 * re-exports the same points with the same timestamps and new values.
 */
public final class OtlpMapping implements OtlpMetricsMapper<WindowResult> {
    private static final long serialVersionUID = 1L;

    static final InstrumentationScopeInfo SCOPE =
            InstrumentationScopeInfo.builder("io.metricpipe").setVersion("1").build();

    static final double[] QUANTILES = {0, 0.5, 0.9, 0.95, 0.99, 1};

    /** A source metric's semantic-convention name, UCUM unit, scale, and fixed attributes. */
    static final class Target {
        final String name;
        final String unit;
        final double scale;
        final Attributes attributes;

        Target(String name, String unit, double scale, Attributes attributes) {
            this.name = name;
            this.unit = unit;
            this.scale = scale;
            this.attributes = attributes;
        }
    }

    private static final AttributeKey<String> DISK_DIRECTION =
            AttributeKey.stringKey("disk.io.direction");
    private static final AttributeKey<String> NETWORK_DIRECTION =
            AttributeKey.stringKey("network.io.direction");

    private static final Map<String, Target> SEMANTIC = new LinkedHashMap<>();

    static {
        semantic("cpu.usage_percent", "system.cpu.utilization", "1", 0.01);
        semantic("cpu_usage", "system.cpu.utilization", "1", 0.01);
        semantic("cpu.count", "system.cpu.logical.count", "{cpu}", 1);
        semantic("cpu.frequency_mhz", "system.cpu.frequency", "Hz", 1e6);
        semantic("memory.usage_percent", "system.memory.utilization", "1", 0.01);
        semantic("memory_percent", "system.memory.utilization", "1", 0.01);
        semantic("disk.usage_percent", "system.filesystem.utilization", "1", 0.01);
        semantic("disk_percent", "system.filesystem.utilization", "1", 0.01);
        semantic("system_info.uptime_hours", "system.uptime", "s", 3600);
        directed("disk.read_bytes", "system.disk.io", "By", DISK_DIRECTION, "read");
        directed("disk.write_bytes", "system.disk.io", "By", DISK_DIRECTION, "write");
        directed(
                "disk.read_count", "system.disk.operations", "{operation}", DISK_DIRECTION, "read");
        directed(
                "disk.write_count",
                "system.disk.operations",
                "{operation}",
                DISK_DIRECTION,
                "write");
        directed("network.bytes_sent", "system.network.io", "By", NETWORK_DIRECTION, "transmit");
        directed("network.bytes_recv", "system.network.io", "By", NETWORK_DIRECTION, "receive");
        directed(
                "network.packets_sent",
                "system.network.packet.count",
                "{packet}",
                NETWORK_DIRECTION,
                "transmit");
        directed(
                "network.packets_recv",
                "system.network.packet.count",
                "{packet}",
                NETWORK_DIRECTION,
                "receive");
        directed(
                "network.errors_out",
                "system.network.errors",
                "{error}",
                NETWORK_DIRECTION,
                "transmit");
        directed(
                "network.errors_in",
                "system.network.errors",
                "{error}",
                NETWORK_DIRECTION,
                "receive");
        directed(
                "network.drops_out",
                "system.network.packet.dropped",
                "{packet}",
                NETWORK_DIRECTION,
                "transmit");
        directed(
                "network.drops_in",
                "system.network.packet.dropped",
                "{packet}",
                NETWORK_DIRECTION,
                "receive");
        semantic("http.server.request.duration", "http.server.request.duration", "s", 0.001);
    }

    private static void semantic(String source, String name, String unit, double scale) {
        SEMANTIC.put(source, new Target(name, unit, scale, Attributes.empty()));
    }

    private static void directed(
            String source, String name, String unit, AttributeKey<String> key, String direction) {
        SEMANTIC.put(source, new Target(name, unit, 1, Attributes.of(key, direction)));
    }

    /** Units by the agents' field-name suffixes, for names without a convention. */
    private static final String[][] UNIT_SUFFIXES = {
        {"_percent", "%"},
        {"_ms", "ms"},
        {"_bytes", "By"},
        {"_gb", "GiBy"},
        {"_mhz", "MHz"},
        {"_hours", "h"},
    };

    /** Agent attributes that have a resource semantic convention; the others stay out. */
    private static final Map<String, String> RESOURCE_ATTRIBUTES =
            Map.of(
                    "hostname", "host.name",
                    "ip_address", "host.ip",
                    "architecture", "host.arch",
                    "platform", "os.type",
                    "platform_version", "os.version");

    private static final Pattern LABEL =
            Pattern.compile("([A-Za-z0-9_.\\-]+)=(.*?)(?=,[A-Za-z0-9_.\\-]+=|$)");

    private final String cloudAccountId;
    private final String cloudRegion;

    /**
     * @param cloudAccountId {@code cloud.account.id} of resources that do not name one; empty for
     *     none
     * @param cloudRegion {@code cloud.region} of resources that do not name one; empty for none
     */
    public OtlpMapping(String cloudAccountId, String cloudRegion) {
        this.cloudAccountId = cloudAccountId;
        this.cloudRegion = cloudRegion;
    }

    /** The OTel resource of one metricpipe resource. */
    Resource resource(WindowResult r) {
        return resource(r.resourceKey, r.resourceType, r.attributeKeys, r.attributeValues);
    }

    Resource resource(String resourceKey, String resourceType, String[] keys, String[] values) {
        AttributesBuilder a = Attributes.builder();
        a.put("cloud.provider", "aws");
        a.put("metricpipe.resource.key", resourceKey);
        a.put("metricpipe.resource.type", resourceType);
        String id = resourceKey.substring(resourceKey.indexOf('/') + 1);
        switch (resourceType) {
            case "host":
                a.put("host.name", id);
                a.put("host.id", id);
                break;
            case "webapp":
            case "service":
            case "app":
                a.put("service.name", id);
                break;
            default:
                break;
        }
        if (!cloudAccountId.isEmpty()) {
            a.put("cloud.account.id", cloudAccountId);
        }
        if (!cloudRegion.isEmpty()) {
            a.put("cloud.region", cloudRegion);
        }
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            String mapped = RESOURCE_ATTRIBUTES.get(key);
            if (mapped != null && !"host.name".equals(mapped)) {
                a.put(
                        mapped,
                        "os.type".equals(mapped)
                                ? values[i].toLowerCase(java.util.Locale.ROOT)
                                : values[i]);
            } else if (key.startsWith("cloud.")
                    || key.startsWith("host.")
                    || key.startsWith("service.")
                    || key.startsWith("deployment.")
                    || key.startsWith("aws.")) {
                // Events of type "metrics" and enrichment name their attributes by convention.
                a.put(key, values[i]);
            }
        }
        return Resource.create(a.build());
    }

    /**
     * Where a source metric goes: its convention, {@code metricpipe.*} for the derived RED and USE
     * metrics, or a stable {@code app.*} name.
     */
    static Target target(String baseName, String unit) {
        Target t = SEMANTIC.get(baseName);
        if (t != null) {
            return t;
        }
        if (DerivedMetrics.isDerived(baseName)) {
            return new Target("metricpipe." + baseName, unit, 1, Attributes.empty());
        }
        String u = unit == null ? "" : unit;
        if (u.isEmpty()) {
            for (String[] s : UNIT_SUFFIXES) {
                if (baseName.endsWith(s[0])) {
                    u = s[1];
                    break;
                }
            }
        }
        String name = baseName.startsWith("app.") ? baseName : "app." + baseName;
        return new Target(name, u, 1, Attributes.empty());
    }

    /** The labels of {@code name{k=v,...}} as attributes; empty without braces. */
    static Attributes labels(String metric) {
        int open = metric.indexOf('{');
        if (open < 0 || !metric.endsWith("}")) {
            return Attributes.empty();
        }
        AttributesBuilder a = Attributes.builder();
        Matcher m = LABEL.matcher(metric.substring(open + 1, metric.length() - 1));
        while (m.find()) {
            a.put(m.group(1), m.group(2));
        }
        return a.build();
    }

    static String baseName(String metric) {
        int open = metric.indexOf('{');
        return open < 0 ? metric : metric.substring(0, open);
    }

    /**
     * The metrics of a batch of window results: one {@link MetricData} per resource, name and type,
     * holding the points of every window in the batch.
     */
    @Override
    public List<MetricData> toMetrics(Collection<WindowResult> results) {
        Map<Key, Group> groups = new LinkedHashMap<>();
        for (WindowResult r : results) {
            Resource resource = resource(r);
            long start = TimeUnit.MILLISECONDS.toNanos(r.windowStart);
            long end = TimeUnit.MILLISECONDS.toNanos(r.windowEnd());
            double seconds = r.windowSizeMs / 1000.0;
            for (MetricStats s : r.metrics) {
                Target t = target(baseName(s.name), s.unit);
                Attributes attributes = t.attributes.toBuilder().putAll(labels(s.name)).build();
                switch (s.metricKind()) {
                    case GAUGE:
                        group(groups, resource, t.name, t.unit, MetricDataType.DOUBLE_GAUGE)
                                .add(
                                        ImmutableDoublePointData.create(
                                                start, end, attributes, s.last * t.scale));
                        if (!DerivedMetrics.isDerived(s.name)) {
                            group(
                                            groups,
                                            resource,
                                            t.name + ".summary",
                                            t.unit,
                                            MetricDataType.SUMMARY)
                                    .add(summary(s, t.scale, start, end, attributes));
                        }
                        break;
                    case COUNTER:
                        if (!Double.isNaN(s.rate)) {
                            group(groups, resource, t.name, t.unit, MetricDataType.DOUBLE_SUM)
                                    .add(
                                            ImmutableDoublePointData.create(
                                                    start,
                                                    end,
                                                    attributes,
                                                    s.rate * seconds * t.scale));
                        }
                        break;
                    case OCCURRENCE:
                        group(groups, resource, t.name, countUnit(t), MetricDataType.DOUBLE_SUM)
                                .add(
                                        ImmutableDoublePointData.create(
                                                start, end, attributes, s.count));
                        break;
                    case DISTINCT:
                        group(groups, resource, t.name, countUnit(t), MetricDataType.DOUBLE_GAUGE)
                                .add(
                                        ImmutableDoublePointData.create(
                                                start, end, attributes, s.distinct));
                        break;
                    default:
                        break;
                }
            }
        }
        List<MetricData> out = new ArrayList<>(groups.size());
        for (Map.Entry<Key, Group> e : groups.entrySet()) {
            out.add(e.getValue().build(e.getKey()));
        }
        return out;
    }

    @Override
    public long estimatedSize(WindowResult r) {
        return 256 + r.metrics.length * 160L;
    }

    /** Data points in a batch, for the sink's counters. */
    static long pointCount(Collection<MetricData> metrics) {
        long n = 0;
        for (MetricData m : metrics) {
            n += m.getData().getPoints().size();
        }
        return n;
    }

    private static String countUnit(Target t) {
        return t.unit.isEmpty() ? "1" : t.unit;
    }

    private static SummaryPointData summary(
            MetricStats s, double scale, long start, long end, Attributes attributes) {
        double[] values = {s.min, s.p50, s.p90, s.p95, s.p99, s.max};
        List<io.opentelemetry.sdk.metrics.data.ValueAtQuantile> quantiles =
                new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            quantiles.add(ImmutableValueAtQuantile.create(QUANTILES[i], values[i] * scale));
        }
        return ImmutableSummaryPointData.create(
                start, end, attributes, s.count, s.sum * scale, quantiles);
    }

    private static Group group(
            Map<Key, Group> groups,
            Resource resource,
            String name,
            String unit,
            MetricDataType type) {
        return groups.computeIfAbsent(new Key(resource, name, unit, type), k -> new Group());
    }

    private static final class Key {
        final Resource resource;
        final String name;
        final String unit;
        final MetricDataType type;

        Key(Resource resource, String name, String unit, MetricDataType type) {
            this.resource = resource;
            this.name = name;
            this.unit = unit;
            this.type = type;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return resource.equals(k.resource)
                    && name.equals(k.name)
                    && unit.equals(k.unit)
                    && type == k.type;
        }

        @Override
        public int hashCode() {
            return Objects.hash(resource, name, unit, type);
        }
    }

    private static final class Group {
        final List<PointData> points = new ArrayList<>();

        void add(PointData p) {
            points.add(p);
        }

        @SuppressWarnings("unchecked")
        MetricData build(Key k) {
            switch (k.type) {
                case DOUBLE_GAUGE:
                    return ImmutableMetricData.createDoubleGauge(
                            k.resource,
                            SCOPE,
                            k.name,
                            "",
                            k.unit,
                            ImmutableGaugeData.create((List<DoublePointData>) (List<?>) points));
                case DOUBLE_SUM:
                    return ImmutableMetricData.createDoubleSum(
                            k.resource,
                            SCOPE,
                            k.name,
                            "",
                            k.unit,
                            ImmutableSumData.create(
                                    true,
                                    AggregationTemporality.DELTA,
                                    (List<DoublePointData>) (List<?>) points));
                default:
                    return ImmutableMetricData.createDoubleSummary(
                            k.resource,
                            SCOPE,
                            k.name,
                            "",
                            k.unit,
                            ImmutableSummaryData.create((List<SummaryPointData>) (List<?>) points));
            }
        }
    }
}
