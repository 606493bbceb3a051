package io.metricpipe.sources.cloudwatch.api;

import java.util.ArrayList;
import java.util.List;

/** Splits metric queries into GetMetricData requests of at most 500 queries (the API's limit). */
public final class QueryBatches {
    public static final int MAX_QUERIES_PER_REQUEST = 500;

    private QueryBatches() {}

    public static <T> List<List<T>> of(List<T> queries, int maxPerRequest) {
        if (maxPerRequest < 1 || maxPerRequest > MAX_QUERIES_PER_REQUEST) {
            throw new IllegalArgumentException(
                    "queries per request must be between 1 and 500, got " + maxPerRequest);
        }
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < queries.size(); i += maxPerRequest) {
            batches.add(
                    List.copyOf(queries.subList(i, Math.min(queries.size(), i + maxPerRequest))));
        }
        return batches;
    }
}
