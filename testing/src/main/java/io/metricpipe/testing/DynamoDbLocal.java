package io.metricpipe.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.time.Duration;
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

/** DynamoDB Local, in memory, on a free port: in this process, or in a child process. */
public final class DynamoDbLocal implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    /** Stops the server, in process or child process. */
    private interface Stopper {
        void stop() throws Exception;
    }

    private final Stopper server;
    private final Process process;
    private final int port;
    private final DynamoDbClient client;

    private DynamoDbLocal(Stopper server, Process process, int port) {
        this.server = server;
        this.process = process;
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
        return new DynamoDbLocal(server::stop, null, port);
    }

    /**
     * DynamoDB Local in a JVM of its own, with this JVM's classpath: for benchmarks, so that its
     * heap and garbage collection are not the job's.
     */
    public static DynamoDbLocal startInChildProcess(int heapMb) throws Exception {
        int port = Ports.free();
        ProcessBuilder pb =
                new ProcessBuilder(
                        Ports.javaCommand(),
                        "-Xmx" + heapMb + "m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServerRunner.class.getName(),
                        "-inMemory",
                        "-port",
                        String.valueOf(port),
                        "-disableTelemetry");
        Process process = Ports.startChild(pb, "dynamodb-local.log", port, Duration.ofSeconds(60));
        return new DynamoDbLocal(() -> Ports.stop(process), process, port);
    }

    /** CPU time its child process has used so far; zero in process. */
    public Duration cpuTime() {
        return process == null
                ? Duration.ZERO
                : process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public DynamoDbClient client() {
        return client;
    }

    /**
     * The table's item count as DynamoDB Local keeps it (exact here, unlike DynamoDB's six-hourly
     * figure): a Scan of 100,000 items takes DynamoDB Local minutes.
     */
    public long itemCount(String table) {
        return client.describeTable(b -> b.tableName(table)).table().itemCount();
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
