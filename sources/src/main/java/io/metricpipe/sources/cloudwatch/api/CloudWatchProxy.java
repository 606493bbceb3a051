package io.metricpipe.sources.cloudwatch.api;

import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;

/** The two CloudWatch calls the source makes, for one account and region. */
public interface CloudWatchProxy extends AutoCloseable {
    ListMetricsResponse listMetrics(ListMetricsRequest request);

    GetMetricDataResponse getMetricData(GetMetricDataRequest request);

    @Override
    void close();
}
