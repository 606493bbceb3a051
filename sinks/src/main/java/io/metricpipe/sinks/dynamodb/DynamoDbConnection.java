package io.metricpipe.sinks.dynamodb;

import java.io.Serializable;
import java.net.URI;
import java.util.Properties;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Where DynamoDB is: region, optional endpoint override, and credentials (the default chain, or
 * static ones for DynamoDB Local). Gives both the Flink sink's properties and a sync client.
 */
public final class DynamoDbConnection implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final String endpoint;
    private final String accessKeyId;
    private final String secretKey;

    private DynamoDbConnection(
            String region, String endpoint, String accessKeyId, String secretKey) {
        this.region = region;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
    }

    /** The default AWS credential chain. */
    public static DynamoDbConnection of(DynamoDbSection section) {
        return new DynamoDbConnection(section.region, section.endpoint, null, null);
    }

    /** Static credentials: for DynamoDB Local, which accepts any. */
    public DynamoDbConnection withStaticCredentials(String accessKeyId, String secretKey) {
        return new DynamoDbConnection(region, endpoint, accessKeyId, secretKey);
    }

    Properties sinkProperties() {
        Properties p = new Properties();
        p.setProperty(AWSConfigConstants.AWS_REGION, region);
        if (!endpoint.isEmpty()) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint);
        }
        if (accessKeyId != null) {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
            p.setProperty(
                    AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    accessKeyId);
            p.setProperty(
                    AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                    secretKey);
        }
        return p;
    }

    /** A sync client with an explicit HTTP client (DynamoDB Local brings a second one). */
    public DynamoDbClient client() {
        DynamoDbClientBuilder b =
                DynamoDbClient.builder()
                        .region(Region.of(region))
                        .httpClient(UrlConnectionHttpClient.create());
        if (!endpoint.isEmpty()) {
            b.endpointOverride(URI.create(endpoint));
        }
        b.credentialsProvider(
                accessKeyId != null
                        ? StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(accessKeyId, secretKey))
                        : DefaultCredentialsProvider.builder().build());
        return b.build();
    }
}
