package io.metricpipe.sources.aws;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * How the polling sources reach AWS: credentials (the default chain, static ones for local fakes,
 * or a role per account assumed via STS with an external id), endpoint overrides per service, and
 * the SDK's standard retry strategy. It builds any SDK v2 client the same way, inside a reader.
 */
public final class AwsAccess implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> endpoints;
    private final String defaultEndpoint;
    private final String accessKey;
    private final String secretKey;
    private final int maxAttempts;
    private final CircuitBreaker.Settings circuitBreaker;
    private final String roleArnTemplate;
    private final String externalId;
    private transient Map<String, AwsCredentialsProvider> providers;

    private AwsAccess(Builder b) {
        this.endpoints = new HashMap<>(b.endpoints);
        this.defaultEndpoint = b.defaultEndpoint;
        this.accessKey = b.accessKey;
        this.secretKey = b.secretKey;
        this.maxAttempts = b.maxAttempts;
        this.circuitBreaker = b.circuitBreaker;
        this.roleArnTemplate = b.roleArnTemplate;
        this.externalId = b.externalId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** From the {@code aws} config section. */
    public static AwsAccess of(AwsSection aws) {
        return builder().configure(aws).build();
    }

    public static String roleArn(String template, String account) {
        return template.replace("{account}", account);
    }

    /** The IAM actions of reaching AWS this way: assuming a role per account, if configured. */
    public static Set<String> iamActions(AwsSection aws) {
        return aws.assumeRoleArn.isEmpty() ? Set.of() : Set.of("sts:AssumeRole");
    }

    /** How the polling sources' circuit breakers, one per scope, open and close. */
    public CircuitBreaker.Settings circuitBreaker() {
        return circuitBreaker;
    }

    /** The endpoint override of a service ({@code AwsSection.SERVICES}), or null for AWS's own. */
    public URI endpoint(String service) {
        String url = endpoints.getOrDefault(service, defaultEndpoint);
        return url.isEmpty() ? null : URI.create(url);
    }

    /**
     * Configures and builds a client of {@code service} for one account and region.
     *
     * @param calls told about every call and its attempts; null for none
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, String service, String account, String region, ApiCallListener calls) {
        BackoffStrategy throttlingBackoff =
                BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5));
        builder.region(Region.of(region))
                .credentialsProvider(cachedCredentials(account, region))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        o -> {
                            o.retryStrategy(
                                    r ->
                                            r.maxAttempts(maxAttempts)
                                                    .throttlingBackoffStrategy(throttlingBackoff));
                            if (calls != null) {
                                o.addMetricPublisher(new SdkCallPublisher(calls));
                            }
                        });
        URI override = endpoint(service);
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    /**
     * One provider per account and region in this JVM copy, so the clients of a reader share one
     * assumed-role session instead of assuming the role once per client.
     */
    private AwsCredentialsProvider cachedCredentials(String account, String region) {
        synchronized (this) {
            if (providers == null) {
                providers = new HashMap<>();
            }
            return providers.computeIfAbsent(
                    account + "/" + region, k -> credentials(account, region));
        }
    }

    /** The credentials to read {@code account} with. */
    public AwsCredentialsProvider credentials(String account, String region) {
        AwsCredentialsProvider base =
                accessKey == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKey, secretKey));
        if (roleArnTemplate.isEmpty()) {
            return base;
        }
        StsClient sts =
                StsClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(base)
                        .httpClient(UrlConnectionHttpClient.create())
                        .applyMutation(
                                b -> {
                                    URI override = endpoint("sts");
                                    if (override != null) {
                                        b.endpointOverride(override);
                                    }
                                })
                        .build();
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder()
                        .roleArn(roleArn(roleArnTemplate, account))
                        .roleSessionName("metricpipe-" + account);
        if (!externalId.isEmpty()) {
            request.externalId(externalId);
        }
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request.build())
                .build();
    }

    /** Defaults: AWS's endpoints, the default credential chain, 5 attempts per call. */
    public static final class Builder {
        private final Map<String, String> endpoints = new HashMap<>();
        private String defaultEndpoint = "";
        private String accessKey;
        private String secretKey;
        private int maxAttempts = 5;
        private CircuitBreaker.Settings circuitBreaker = CircuitBreaker.Settings.DEFAULT;
        private String roleArnTemplate = "";
        private String externalId = "";

        private Builder() {}

        /** Takes endpoints, assumed role and attempts from the {@code aws} config section. */
        public Builder configure(AwsSection aws) {
            endpoint(aws.endpoint).maxAttempts(aws.maxAttempts);
            circuitBreaker(
                    new CircuitBreaker.Settings(
                            aws.circuitBreakerFailures, aws.circuitBreakerOpenFor));
            assumeRole(aws.assumeRoleArn, aws.externalId);
            for (String entry : aws.endpoints) {
                int eq = entry.indexOf('=');
                endpoint(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
            return this;
        }

        /** Endpoint override for every service, e.g. a local fake. */
        public Builder endpoint(String url) {
            this.defaultEndpoint = url == null ? "" : url;
            return this;
        }

        /** Endpoint override for one service; wins over {@link #endpoint(String)}. */
        public Builder endpoint(String service, String url) {
            endpoints.put(service, url);
            return this;
        }

        /** Static credentials for local fakes; without them the default chain is used. */
        public Builder staticCredentials(String accessKeyId, String secret) {
            this.accessKey = accessKeyId;
            this.secretKey = secret;
            return this;
        }

        /**
         * Reads each account through a role assumed via STS: {@code template} is the role ARN with
         * {@code {account}} for the account id, e.g. {@code
         * arn:aws:iam::{account}:role/metricpipe}; empty for none.
         */
        public Builder assumeRole(String template, String externalIdValue) {
            this.roleArnTemplate = template == null ? "" : template;
            this.externalId = externalIdValue == null ? "" : externalIdValue;
            return this;
        }

        /** Attempts per call, retries included (1-10). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** Failures in a row that open a scope's breaker, and how long it then stays open. */
        public Builder circuitBreaker(CircuitBreaker.Settings settings) {
            this.circuitBreaker = settings;
            return this;
        }

        public AwsAccess build() {
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalArgumentException("Max attempts must be between 1 and 10");
            }
            return new AwsAccess(this);
        }
    }
}
