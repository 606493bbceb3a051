package io.metricpipe.sinks.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.RawEvent;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.TcpForwarder;
import io.metricpipe.testing.ThrottlingProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The DynamoDB writer against DynamoDB Local, with items that pass the {@link ItemGuard} but that
 * DynamoDB still rejects (a sort key of the wrong type for the table, as a converter bug would
 * write). The job runs without restarts, so a job that finishes has never failed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DynamoDbItemSinkITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /**
     * Recent: dead letters expire 30 days after their time, and DynamoDB Local's TTL sweeper
     * deletes expired items while the tests run.
     */
    private static final long T0 = System.currentTimeMillis() / 60_000 * 60_000;

    private static DynamoDbLocal dynamodb;
    private static DynamoDbSection section;

    @BeforeAll
    static void startDynamoDb() throws Exception {
        dynamodb = DynamoDbLocal.start();
        section = new DynamoDbSection();
        section.endpoint = dynamodb.endpoint();
        section.region = DynamoDbLocal.REGION;
        section.compatibilityEnabled = true;
        new TableProvisioner(dynamodb.client()).ensureTables(section);
    }

    @AfterAll
    static void stopDynamoDb() throws Exception {
        dynamodb.close();
    }

    /** The compatibility item, except that a poison record's sort key is a string. */
    static final class SometimesWrongKeyType implements ItemConverter<RawEvent> {
        private static final long serialVersionUID = 1L;
        private final CompatibilityItems items = new CompatibilityItems();

        @Override
        public Map<String, AttributeValue> toItem(RawEvent e) {
            Map<String, AttributeValue> item = new HashMap<>(items.toItem(e));
            if (e.resourceKey.startsWith("poison")) {
                item.put("timestamp", AttributeValue.fromS("not-a-number"));
            }
            return item;
        }

        @Override
        public List<String> keyAttributes() {
            return items.keyAttributes();
        }

        @Override
        public String describe(RawEvent e) {
            return items.describe(e);
        }

        @Override
        public long time(RawEvent e) {
            return items.time(e);
        }
    }

    @Test
    void rejectedItemsBecomeDeadLettersAndTheRestIsWritten() throws Exception {
        List<RawEvent> events = new ArrayList<>();
        Set<Integer> poison = Set.of(3, 27, 58);
        for (int i = 0; i < 60; i++) {
            String key = (poison.contains(i) ? "poison-" : "device-") + i;
            events.add(
                    RawEvent.of(
                            key,
                            T0 + i,
                            "{\"id\":\""
                                    + key
                                    + "\",\"timestamp\":"
                                    + (T0 + i)
                                    + ",\"v\":"
                                    + i
                                    + "}"));
        }

        // Through a forwarder that notes the operations called: the writer's IAM actions.
        TcpForwarder recorder =
                new TcpForwarder(
                        Ports.free(), Integer.parseInt(dynamodb.endpoint().replaceAll(".*:", "")));
        recorder.listen();
        recorder.forward();
        DynamoDbSection recorded = new DynamoDbSection();
        recorded.endpoint = recorder.endpoint();
        recorded.region = section.region;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRestartStrategy(RestartStrategies.noRestart());
        env.getConfig().disableGenericTypes();
        env.fromData(TypeInformation.of(RawEvent.class), events.toArray(new RawEvent[0]))
                .sinkTo(
                        DynamoDbItemSink.<RawEvent>builder()
                                .setTableName(section.compatibilityTable)
                                .setItemConverter(new SometimesWrongKeyType())
                                .setRecordType(TypeInformation.of(RawEvent.class))
                                .setDeadLetters(
                                        section.deadLettersTable, new DeadLetterItems(section.ttl))
                                .setClientProperties(
                                        DynamoDbConnection.of(recorded)
                                                .withStaticCredentials(
                                                        DynamoDbLocal.ACCESS_KEY,
                                                        DynamoDbLocal.SECRET_KEY)
                                                .sinkProperties())
                                .build())
                .name("dynamodb");
        JobClient job = env.executeAsync("dynamodb-item-sink");
        job.getJobExecutionResult().get();
        recorder.close();
        assertThat(recorder.targets())
                .as("the operations the writer called, as IAM actions")
                .extracting(t -> "dynamodb:" + t.substring(t.indexOf('.') + 1))
                .containsExactlyInAnyOrderElementsOf(DynamoDbOutputs.IAM_ACTIONS);

        Set<String> written =
                awaitItems(section.compatibilityTable, 57).stream()
                        .map(item -> item.get("id").s())
                        .collect(Collectors.toSet());
        assertThat(written).hasSize(57).allMatch(id -> id.startsWith("device-"));

        List<Map<String, AttributeValue>> deadLetters = awaitItems(section.deadLettersTable, 3);
        assertThat(deadLetters)
                .extracting(d -> d.get("position").s())
                .containsExactlyInAnyOrder(
                        "poison-3/" + (T0 + 3), "poison-27/" + (T0 + 27), "poison-58/" + (T0 + 58));
        assertThat(deadLetters)
                .allSatisfy(
                        d -> {
                            assertThat(d.get("reason").s()).isEqualTo("item_rejected");
                            assertThat(d.get("source").s())
                                    .isEqualTo("dynamodb:" + section.compatibilityTable);
                            assertThat(d.get("detail").s())
                                    .isEqualTo(
                                            "DynamoDB rejected the item: ValidationException: One"
                                                    + " or more parameter values were invalid:"
                                                    + " Type mismatch for key");
                            assertThat(d.get("payload").s()).contains("not-a-number");
                        });
        assertThat(counter(job.getJobID(), "deadLetters.item_rejected")).isEqualTo(3);
    }

    /**
     * DynamoDB's endpoint resets every connection when the job starts, then works: each batch fails
     * with a network error after the SDK's own retries (the connector would fail the job here), the
     * writer backs off and sends it again, the job never fails, and every item is written.
     */
    @Test
    void anUnreachableDynamoDbSlowsTheWriterAndLosesNothing() throws Exception {
        String table = "outage-analytics-data";
        createTable(table);
        int port = Integer.parseInt(dynamodb.endpoint().replaceAll(".*:", ""));
        try (TcpForwarder outage = new TcpForwarder(Ports.free(), port)) {
            outage.listen();
            DynamoDbSection unreachable = new DynamoDbSection();
            unreachable.endpoint = outage.endpoint();
            unreachable.region = DynamoDbLocal.REGION;
            List<RawEvent> events = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "outage-" + i;
                events.add(
                        RawEvent.of(
                                id,
                                T0 + i,
                                "{\"id\":\"" + id + "\",\"timestamp\":" + (T0 + i) + "}"));
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.setRestartStrategy(RestartStrategies.noRestart());
            env.fromData(TypeInformation.of(RawEvent.class), events.toArray(new RawEvent[0]))
                    .sinkTo(sink(table, new CompatibilityItems(), unreachable));
            JobClient job = env.executeAsync("dynamodb-outage");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (counter(job.getJobID(), "recordsRetried") == 0) {
                assertThat(System.nanoTime())
                        .as("a batch sent again after a network error")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(dynamodb.scan(table)).isEmpty();

            outage.forward();
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            assertThat(awaitItems(table, 40)).hasSize(40);
        }
    }

    /** Every revision of a key under one item; the event's time is its revision. */
    static final class Revisions implements ItemConverter<RawEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, AttributeValue> toItem(RawEvent e) {
            return Map.of(
                    "id", AttributeValue.fromS(e.resourceKey),
                    "timestamp", AttributeValue.fromN("0"),
                    "revision", AttributeValue.fromN(Long.toString(e.timestamp)));
        }

        @Override
        public List<String> keyAttributes() {
            return List.of("id", "timestamp");
        }

        @Override
        public String describe(RawEvent e) {
            return e.resourceKey + "@" + e.timestamp;
        }

        @Override
        public long time(RawEvent e) {
            return e.timestamp;
        }
    }

    /**
     * 100 revisions of each of 20 keys, in order, through 50 requests in flight while DynamoDB
     * throttles every third BatchWriteItem: a throttled request is sent again (by the SDK, then by
     * the writer) while later ones for the same keys go through. Each key must end at its last
     * revision: a later request for a key waits for the earlier ones that hold it.
     */
    @Test
    void aNewerRevisionIsNeverReplacedByAnOlderOne() throws Exception {
        String table = "revisions-analytics-data";
        createTable(table);
        int keys = 20;
        int revisions = 100;
        List<RawEvent> events = new ArrayList<>();
        for (int r = 1; r <= revisions; r++) {
            for (int k = 0; k < keys; k++) {
                events.add(RawEvent.of("key-" + k, r, "{}"));
            }
        }
        try (ThrottlingProxy throttling =
                new ThrottlingProxy(dynamodb.endpoint(), "BatchWriteItem", 3)) {
            DynamoDbSection throttled = new DynamoDbSection();
            throttled.endpoint = throttling.endpoint();
            throttled.region = DynamoDbLocal.REGION;
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.setRestartStrategy(RestartStrategies.noRestart());
            env.fromData(TypeInformation.of(RawEvent.class), events.toArray(new RawEvent[0]))
                    .sinkTo(sink(table, new Revisions(), throttled));
            env.execute("dynamodb-revisions");
            assertThat(throttling.throttled()).isPositive();
        }
        List<Map<String, AttributeValue>> items = awaitItems(table, keys);
        assertThat(items).hasSize(keys);
        assertThat(items)
                .as("each key's revision")
                .extracting(item -> item.get("id").s() + "=" + item.get("revision").n())
                .allMatch(kv -> kv.endsWith("=" + revisions));
    }

    @Test
    void rejectsItemsOnlyForErrorsAboutTheItems() {
        assertThat(
                        DynamoDbItemWriter.rejectsItems(
                                DynamoDbException.builder()
                                        .awsErrorDetails(
                                                AwsErrorDetails.builder()
                                                        .errorCode("ValidationException")
                                                        .build())
                                        .build()))
                .isTrue();
        assertThat(
                        DynamoDbItemWriter.rejectsItems(
                                ProvisionedThroughputExceededException.builder()
                                        .awsErrorDetails(
                                                AwsErrorDetails.builder()
                                                        .errorCode(
                                                                "ProvisionedThroughputExceededException")
                                                        .build())
                                        .build()))
                .isFalse();
        assertThat(
                        DynamoDbItemWriter.rejectsItems(
                                SdkClientException.create(
                                        "Unable to execute HTTP request: Connection refused")))
                .isFalse();
    }

    /** A table keyed as the compatibility table: {@code id} and a numeric {@code timestamp}. */
    private static void createTable(String table) {
        dynamodb.client()
                .createTable(
                        t ->
                                t.tableName(table)
                                        .billingMode("PAY_PER_REQUEST")
                                        .attributeDefinitions(
                                                a -> a.attributeName("id").attributeType("S"),
                                                a ->
                                                        a.attributeName("timestamp")
                                                                .attributeType("N"))
                                        .keySchema(
                                                k -> k.attributeName("id").keyType("HASH"),
                                                k ->
                                                        k.attributeName("timestamp")
                                                                .keyType("RANGE")));
    }

    private static DynamoDbItemSink<RawEvent> sink(
            String table, ItemConverter<RawEvent> items, DynamoDbSection connection) {
        return DynamoDbItemSink.<RawEvent>builder()
                .setTableName(table)
                .setItemConverter(items)
                .setRecordType(TypeInformation.of(RawEvent.class))
                .setDeadLetters(section.deadLettersTable, new DeadLetterItems(section.ttl))
                .setClientProperties(
                        DynamoDbConnection.of(connection)
                                .withStaticCredentials(
                                        DynamoDbLocal.ACCESS_KEY, DynamoDbLocal.SECRET_KEY)
                                .sinkProperties())
                .build();
    }

    /**
     * The table's items once it holds {@code n} (or after 20 s): a scan right after the job ends
     * has been seen to miss items DynamoDB Local had acknowledged moments before.
     */
    private static List<Map<String, AttributeValue>> awaitItems(String table, int n)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Map<String, AttributeValue>> items = dynamodb.scan(table);
        while (items.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
            items = dynamodb.scan(table);
        }
        return items;
    }

    private static long counter(JobID job, String name) {
        return REPORTER.findMetrics(job, name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }
}
