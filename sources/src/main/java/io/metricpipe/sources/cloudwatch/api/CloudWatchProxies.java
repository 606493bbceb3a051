package io.metricpipe.sources.cloudwatch.api;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Makes the {@link CloudWatchProxy} of an (account, region) inside a reader. Credentials are the
 * default AWS chain unless static ones are given (local fakes). With a role ARN template, each
 * account is read through its role, assumed via STS with the external id and refreshed by the SDK
 * before it expires.
 */
public final class CloudWatchProxies implements CloudWatchProxyFactory {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final int maxAttempts;
    private final String roleArnTemplate;
    private final String externalId;

    /**
     * @param roleArnTemplate e.g. {@code arn:aws:iam::{account}:role/metricpipe}; empty to use the
     *     base credentials for every account
     */
    public CloudWatchProxies(
            String endpoint,
            String accessKey,
            String secretKey,
            int maxAttempts,
            String roleArnTemplate,
            String externalId) {
        this.endpoint = endpoint == null ? "" : endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.maxAttempts = maxAttempts;
        this.roleArnTemplate = roleArnTemplate == null ? "" : roleArnTemplate;
        this.externalId = externalId == null ? "" : externalId;
    }

    public static String roleArn(String template, String account) {
        return template.replace("{account}", account);
    }

    @Override
    public CloudWatchProxy create(String account, String region, ApiCallListener calls) {
        AwsCredentialsProvider base =
                accessKey == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKey, secretKey));
        URI override = endpoint.isEmpty() ? null : URI.create(endpoint);
        AwsCredentialsProvider credentials =
                roleArnTemplate.isEmpty() ? base : assumeRole(account, region, base, override);
        return SdkCloudWatchProxy.create(region, override, credentials, maxAttempts, calls);
    }

    private AwsCredentialsProvider assumeRole(
            String account, String region, AwsCredentialsProvider base, URI override) {
        StsClientBuilder sts =
                StsClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(base)
                        .httpClient(UrlConnectionHttpClient.create());
        if (override != null) {
            sts.endpointOverride(override);
        }
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder()
                        .roleArn(roleArn(roleArnTemplate, account))
                        .roleSessionName("metricpipe-" + account);
        if (!externalId.isEmpty()) {
            request.externalId(externalId);
        }
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts.build())
                .refreshRequest(request.build())
                .build();
    }
}
