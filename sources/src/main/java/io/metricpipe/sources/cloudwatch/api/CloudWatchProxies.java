package io.metricpipe.sources.cloudwatch.api;

import java.io.Serializable;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Makes the {@link CloudWatchProxy} of an (account, region) inside a reader. Credentials are the
 * default AWS chain unless static ones are given (local fakes).
 */
public final class CloudWatchProxies implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final int maxAttempts;

    public CloudWatchProxies(String endpoint, String accessKey, String secretKey, int maxAttempts) {
        this.endpoint = endpoint == null ? "" : endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.maxAttempts = maxAttempts;
    }

    public CloudWatchProxy create(String account, String region, ApiCallListener calls) {
        AwsCredentialsProvider credentials =
                accessKey == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKey, secretKey));
        return SdkCloudWatchProxy.create(
                region,
                endpoint.isEmpty() ? null : URI.create(endpoint),
                credentials,
                maxAttempts,
                calls);
    }
}
