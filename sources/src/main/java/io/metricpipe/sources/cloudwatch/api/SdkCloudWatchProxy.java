package io.metricpipe.sources.cloudwatch.api;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;

/** {@link CloudWatchProxy} on the AWS SDK v2 client. */
public final class SdkCloudWatchProxy implements CloudWatchProxy {
    private final CloudWatchClient client;

    public SdkCloudWatchProxy(CloudWatchClient client) {
        this.client = client;
    }

    @Override
    public ListMetricsResponse listMetrics(ListMetricsRequest request) {
        return client.listMetrics(request);
    }

    @Override
    public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
        return client.getMetricData(request);
    }

    @Override
    public void close() {
        client.close();
    }
}
