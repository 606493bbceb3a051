package io.metricpipe.sources.cloudwatch.api;

import io.metricpipe.sources.aws.ApiCallListener;
import io.metricpipe.sources.aws.AwsAccess;
import java.io.Serializable;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** Makes the proxy of an (account, region) inside a reader. */
public interface CloudWatchProxyFactory extends Serializable {
    CloudWatchProxy create(String account, String region, ApiCallListener calls);

    /** Proxies on the SDK client, built by {@code access}. */
    static CloudWatchProxyFactory sdk(AwsAccess access) {
        return (account, region, calls) ->
                new SdkCloudWatchProxy(
                        access.client(
                                CloudWatchClient.builder(), "cloudwatch", account, region, calls));
    }
}
