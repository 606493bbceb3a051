package io.metricpipe.sources.cloudwatch.collector;

import io.metricpipe.sources.cloudwatch.CollectorOverride;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies the {@code cloudwatch.overrides} of the config to the default collectors. */
public final class CollectorOverrides {
    private CollectorOverrides() {}

    /**
     * The enabled default collectors with their overrides applied, plus every new collector an
     * override defines (the config has checked that those are complete).
     */
    public static Map<String, CollectorSpec> apply(
            List<String> enabled, List<CollectorOverride> overrides) {
        Map<String, CollectorSpec> specs = new LinkedHashMap<>();
        enabled.forEach(name -> specs.put(name, DefaultCollectors.named(name)));
        for (CollectorOverride o : overrides) {
            CollectorSpec base = specs.get(o.collector);
            boolean custom = !DefaultCollectors.all().containsKey(o.collector);
            if (base == null && !custom) {
                continue; // an override of a collector that is not enabled
            }
            specs.put(o.collector, override(base, o));
        }
        return specs;
    }

    private static CollectorSpec override(CollectorSpec base, CollectorOverride o) {
        List<MetricSpec> metrics = new ArrayList<>();
        o.metrics.forEach(m -> metrics.add(new MetricSpec(m.name, m.statistics)));
        Duration period = o.period != null ? o.period : base.period;
        return new CollectorSpec(
                o.collector,
                !o.namespace.isEmpty() ? o.namespace : base.namespace,
                !o.dimensions.isEmpty() ? o.dimensions : base.dimensions,
                !metrics.isEmpty() ? metrics : base.metrics,
                period,
                o.pollInterval != null ? o.pollInterval : period);
    }
}
