package io.metricpipe.sources.cloudwatch;

import io.metricpipe.sources.cloudwatch.api.CloudWatchProxy;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;

/**
 * Finds a collector's series with {@code ListMetrics} on its namespace, following {@code
 * NextToken}: every metric of the collector whose dimensions are exactly the collector's resource
 * dimensions (so aggregates over other dimensions are left out), once per statistic.
 */
public final class SeriesDiscovery {
    private SeriesDiscovery() {}

    /** The queries, and the number of ListMetrics calls made, for the source's counters. */
    public static final class Result {
        public final List<SeriesQuery> queries;
        public final int calls;

        Result(List<SeriesQuery> queries, int calls) {
            this.queries = queries;
            this.calls = calls;
        }
    }

    public static Result discover(CloudWatchProxy proxy, CollectorSpec spec) {
        Map<String, MetricSpec> wanted = new LinkedHashMap<>();
        spec.metrics.forEach(m -> wanted.put(m.name, m));
        Set<String> dimensionNames = new HashSet<>(spec.dimensions);
        int periodSeconds = (int) spec.period.getSeconds();
        List<SeriesQuery> queries = new ArrayList<>();
        int calls = 0;
        String token = null;
        do {
            ListMetricsResponse page =
                    proxy.listMetrics(
                            ListMetricsRequest.builder()
                                    .namespace(spec.namespace)
                                    .nextToken(token)
                                    .build());
            calls++;
            for (Metric m : page.metrics()) {
                MetricSpec metric = wanted.get(m.metricName());
                if (metric == null || m.dimensions().size() != dimensionNames.size()) {
                    continue;
                }
                Map<String, String> dims = new LinkedHashMap<>();
                for (Dimension d : m.dimensions()) {
                    dims.put(d.name(), d.value());
                }
                if (!dims.keySet().equals(dimensionNames)) {
                    continue;
                }
                for (String stat : metric.statistics) {
                    queries.add(
                            new SeriesQuery(
                                    spec.namespace, m.metricName(), dims, stat, periodSeconds));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return new Result(queries, calls);
    }
}
