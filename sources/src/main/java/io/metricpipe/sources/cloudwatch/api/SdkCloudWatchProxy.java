package io.metricpipe.sources.cloudwatch.api;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;

/**
 * {@link CloudWatchProxy} on the AWS SDK v2 client, with the SDK's standard retry strategy:
 * throttling and transient errors are retried with jittered exponential backoff inside a call.
 */
public final class SdkCloudWatchProxy implements CloudWatchProxy {
    private final CloudWatchClient client;

    private SdkCloudWatchProxy(CloudWatchClient client) {
        this.client = client;
    }

    /**
     * @param endpoint an endpoint override (local fakes), or null for AWS
     * @param maxAttempts attempts per call, retries included
     */
    public static SdkCloudWatchProxy create(
            String region, URI endpoint, AwsCredentialsProvider credentials, int maxAttempts) {
        return create(region, endpoint, credentials, maxAttempts, null);
    }

    /**
     * @param calls told about every call and its attempts; null for none
     */
    public static SdkCloudWatchProxy create(
            String region,
            URI endpoint,
            AwsCredentialsProvider credentials,
            int maxAttempts,
            ApiCallListener calls) {
        BackoffStrategy throttlingBackoff =
                BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5));
        CloudWatchClientBuilder b =
                CloudWatchClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create())
                        .overrideConfiguration(
                                o -> {
                                    o.retryStrategy(
                                            r ->
                                                    r.maxAttempts(maxAttempts)
                                                            .throttlingBackoffStrategy(
                                                                    throttlingBackoff));
                                    if (calls != null) {
                                        o.addMetricPublisher(new SdkCallPublisher(calls));
                                    }
                                });
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return new SdkCloudWatchProxy(b.build());
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
