package io.metricpipe.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** DynamoDB Local, in memory and in process, on a free port. */
public final class DynamoDbLocal implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final DynamoDBProxyServer server;
    private final int port;
    private final DynamoDbClient client;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client =
                DynamoDbClient.builder()
                        .endpointOverride(URI.create(endpoint()))
                        .region(Region.of(REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
    }

    public static DynamoDbLocal start() throws Exception {
        int port = Ports.free();
        DynamoDBProxyServer server =
                ServerRunner.createServerFromCommandLineArgs(
                        new String[] {
                            "-inMemory", "-port", String.valueOf(port), "-disableTelemetry"
                        });
        server.start();
        return new DynamoDbLocal(server, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Every item of a table (a full paginated scan). */
    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page =
                    client.scan(
                            b -> {
                                b.tableName(table).consistentRead(true);
                                if (from != null) {
                                    b.exclusiveStartKey(from);
                                }
                            });
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() ? new HashMap<>(page.lastEvaluatedKey()) : null;
        } while (start != null && !start.isEmpty());
        return items;
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop();
    }
}
