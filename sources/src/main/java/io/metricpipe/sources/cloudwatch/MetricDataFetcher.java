package io.metricpipe.sources.cloudwatch;

import io.metricpipe.sources.cloudwatch.api.CloudWatchProxy;
import io.metricpipe.sources.cloudwatch.api.QueryBatches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Fetches every datapoint of a set of series over {@code [start, end)} with GetMetricData: at most
 * 500 queries per request, following {@code NextToken} until each request is complete (a result in
 * {@code PartialData} has the rest behind the token). A failing call throws; the caller classifies
 * it and leaves its cursor where it was, so nothing is half-fetched.
 */
public final class MetricDataFetcher {
    private final CloudWatchProxy proxy;
    private final int maxQueriesPerRequest;

    public MetricDataFetcher(CloudWatchProxy proxy, int maxQueriesPerRequest) {
        this.proxy = proxy;
        this.maxQueriesPerRequest = maxQueriesPerRequest;
    }

    /** Datapoints and what they cost. */
    public static final class Result {
        public final List<MetricDatapoint> datapoints = new ArrayList<>();

        /** GetMetricData calls, pages included. */
        public int calls;

        /** Metrics requested, per call: what AWS bills. */
        public long metricsRequested;

        /** Queries whose status was neither Complete nor PartialData. */
        public int failedQueries;
    }

    public Result fetch(
            String account, String region, List<SeriesQuery> series, long startMs, long endMs) {
        Result result = new Result();
        for (List<SeriesQuery> batch : QueryBatches.of(series, maxQueriesPerRequest)) {
            Map<String, SeriesQuery> byId = new HashMap<>();
            List<MetricDataQuery> queries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                String id = "q" + i;
                byId.put(id, batch.get(i));
                queries.add(query(id, batch.get(i)));
            }
            String token = null;
            do {
                GetMetricDataResponse page =
                        proxy.getMetricData(
                                GetMetricDataRequest.builder()
                                        .startTime(Instant.ofEpochMilli(startMs))
                                        .endTime(Instant.ofEpochMilli(endMs))
                                        .metricDataQueries(queries)
                                        .nextToken(token)
                                        .build());
                result.calls++;
                result.metricsRequested += queries.size();
                for (MetricDataResult r : page.metricDataResults()) {
                    SeriesQuery q = byId.get(r.id());
                    if (r.statusCode() != StatusCode.COMPLETE
                            && r.statusCode() != StatusCode.PARTIAL_DATA) {
                        result.failedQueries++;
                    }
                    for (int i = 0; i < r.timestamps().size(); i++) {
                        result.datapoints.add(
                                new MetricDatapoint(
                                        account,
                                        region,
                                        q.namespace,
                                        q.metric,
                                        q.dimensions,
                                        q.statistic,
                                        r.timestamps().get(i).toEpochMilli(),
                                        r.values().get(i)));
                    }
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return result;
    }

    private static MetricDataQuery query(String id, SeriesQuery q) {
        List<Dimension> dimensions = new ArrayList<>();
        q.dimensions.forEach(
                (k, v) -> dimensions.add(Dimension.builder().name(k).value(v).build()));
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(
                        MetricStat.builder()
                                .metric(
                                        Metric.builder()
                                                .namespace(q.namespace)
                                                .metricName(q.metric)
                                                .dimensions(dimensions)
                                                .build())
                                .period(q.periodSeconds)
                                .stat(q.statistic)
                                .build())
                .build();
    }
}
