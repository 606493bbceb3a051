package io.metricpipe.jobs;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.AggregateItems;
import io.metricpipe.sinks.dynamodb.DynamoDbConnection;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.KinesisMock;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One run of the whole job against the emulators: its stream, its tables, its result. */
final class PipelineScenario {
    private final KinesisMock kinesis;
    private final DynamoDbLocal dynamodb;
    private final Map<String, String> overrides = new HashMap<>();
    private UnaryOperator<DataStream<ResourceSamples>> tap = UnaryOperator.identity();
    private long checkpointMs = 1_000;
    private boolean restarts = true;
    private int parallelism = 2;
    private Source<ResourceSamples, ?, ?> pollingSource;
    private Source<ResourceRecord, ?, ?> inventorySource;
    private AwsAccess awsAccess;
    private URI webhook;
    final MetricpipeConfig config;

    PipelineScenario(KinesisMock kinesis, DynamoDbLocal dynamodb, String stream, String tables) {
        this(kinesis, dynamodb, stream, tables, Map.of());
    }

    /** With config overrides of the test's own, e.g. an OTLP endpoint. */
    PipelineScenario(
            KinesisMock kinesis,
            DynamoDbLocal dynamodb,
            String stream,
            String tables,
            Map<String, String> extra) {
        this.kinesis = kinesis;
        this.dynamodb = dynamodb;
        // For what Main builds with the default credential chain (a replay's table source).
        System.setProperty("aws.accessKeyId", DynamoDbLocal.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", DynamoDbLocal.SECRET_KEY);
        overrides.put("kinesis.stream", stream);
        overrides.put("kinesis.endpoint", kinesis.endpoint());
        overrides.put("kinesis.initialPosition", "TRIM_HORIZON");
        overrides.put("kinesis.pollInterval", "100ms");
        // Shorter than the default 30 s so runs finish sooner; still ample for a shard's first
        // read.
        overrides.put("kinesis.idleShardInterval", "15s");
        overrides.put("windows.sizes", "1m,5m");
        overrides.put("windows.allowedLateness", "1m");
        overrides.put("dynamodb.endpoint", dynamodb.endpoint());
        overrides.put("dynamodb.aggregatesTable", tables + "-aggregates");
        overrides.put("dynamodb.deadLettersTable", tables + "-dead-letters");
        overrides.put("dynamodb.compatibilityTable", tables + "-analytics-data");
        overrides.put("dynamodb.alertsTable", tables + "-alerts");
        overrides.put("dynamodb.resourcesTable", tables + "-resources");
        overrides.put("dynamodb.compatibilityEnabled", "true");
        // The tests wait on writes of a few items; 5 s in the buffer would be most of each wait.
        overrides.put("dynamodb.maxTimeInBuffer", "1s");
        overrides.putAll(extra);
        config = ConfigLoader.load(null, overrides);
        new TableProvisioner(dynamodb.client()).ensureTables(config.dynamodb);
    }

    PipelineScenario withTap(UnaryOperator<DataStream<ResourceSamples>> tap, long checkpointMs) {
        this.tap = tap;
        this.checkpointMs = checkpointMs;
        return this;
    }

    PipelineScenario withParallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** No restart strategy: any failure fails the job, so a running job has never failed. */
    PipelineScenario withoutRestarts() {
        this.restarts = false;
        return this;
    }

    PipelineScenario withInventorySource(Source<ResourceRecord, ?, ?> source) {
        this.inventorySource = source;
        return this;
    }

    /** The AWS sources the configuration enables, as {@code Main} wires them, through access. */
    /** Alert transitions also go to this webhook ({@code webhook.enabled} must be set). */
    PipelineScenario withWebhook(URI url) {
        this.webhook = url;
        return this;
    }

    PipelineScenario withAwsSources(AwsAccess access) {
        this.awsAccess = access;
        return this;
    }

    PipelineScenario withPollingSource(Source<ResourceSamples, ?, ?> source) {
        this.pollingSource = source;
        return this;
    }

    JobClient start() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.configure(config.job.stateAndCheckpoints());
        env.enableCheckpointing(checkpointMs);
        env.setRestartStrategy(
                restarts
                        ? RestartStrategies.fixedDelayRestart(3, 500)
                        : RestartStrategies.noRestart());
        CollectorEvents events =
                config.archive.enabled()
                        ? Main.collectorEvents(config)
                        : CollectorEvents.kinesis(
                                KinesisCollectorSource.fromConfig(config.kinesis, config.decoding)
                                        .setStaticCredentials(
                                                KinesisMock.ACCESS_KEY, KinesisMock.SECRET_KEY)
                                        .setShardDiscoveryInterval(Duration.ofSeconds(1))
                                        .setKeepRawJson(true)
                                        .build(),
                                config.kinesis.stream);
        MetricpipeJob job =
                new MetricpipeJob(
                                config,
                                events,
                                new DynamoDbOutputs(
                                        config.dynamodb,
                                        DynamoDbConnection.of(config.dynamodb)
                                                .withStaticCredentials(
                                                        DynamoDbLocal.ACCESS_KEY,
                                                        DynamoDbLocal.SECRET_KEY)))
                        .withSamplesTap(tap)
                        .withPollingSource(pollingSource)
                        .withInventorySource(inventorySource);
        if (awsAccess != null) {
            job.withAwsSources(awsAccess);
        }
        if (webhook != null) {
            URI url = webhook;
            job.withWebhookTarget(() -> url);
        }
        job.build(env);
        return env.executeAsync("metricpipe-it " + config.kinesis.stream);
    }

    /** The same configuration as {@code Main}'s command line: {@code --set key=value ...}. */
    List<String> commandLine() {
        List<String> args = new java.util.ArrayList<>();
        overrides.forEach(
                (key, value) -> {
                    args.add("--set");
                    args.add(key + "=" + value);
                });
        return args;
    }

    List<Map<String, AttributeValue>> aggregates() {
        return dynamodb.scan(config.dynamodb.aggregatesTable);
    }

    /** The keys of the aggregates the index by ARN holds for one ARN key, in a time range. */
    List<Map<String, AttributeValue>> queryByArn(String arnKey, long from, long to) {
        return dynamodb
                .client()
                .queryPaginator(
                        q ->
                                q.tableName(config.dynamodb.aggregatesTable)
                                        .indexName(AggregateItems.ARN_INDEX)
                                        .keyConditionExpression(
                                                "#k = :k AND windowStart BETWEEN :from AND :to")
                                        .expressionAttributeNames(
                                                Map.of("#k", AggregateItems.ARN_KEY))
                                        .expressionAttributeValues(
                                                Map.of(
                                                        ":k", AttributeValue.fromS(arnKey),
                                                        ":from",
                                                                AttributeValue.fromN(
                                                                        Long.toString(from)),
                                                        ":to",
                                                                AttributeValue.fromN(
                                                                        Long.toString(to)))))
                .items()
                .stream()
                .collect(Collectors.toList());
    }

    /** One aggregate item by its table key. */
    Map<String, AttributeValue> aggregate(String resource, long windowStart) {
        return dynamodb.client()
                .getItem(
                        g ->
                                g.tableName(config.dynamodb.aggregatesTable)
                                        .key(
                                                Map.of(
                                                        AggregateItems.PARTITION_KEY,
                                                        AttributeValue.fromS(resource),
                                                        AggregateItems.SORT_KEY,
                                                        AttributeValue.fromN(
                                                                Long.toString(windowStart)))))
                .item();
    }

    List<Map<String, AttributeValue>> deadLetters() {
        return dynamodb.scan(config.dynamodb.deadLettersTable);
    }

    List<Map<String, AttributeValue>> resources() {
        return dynamodb.scan(config.dynamodb.resourcesTable);
    }

    List<Map<String, AttributeValue>> alerts() {
        return dynamodb.scan(config.dynamodb.alertsTable);
    }

    List<Map<String, AttributeValue>> compatibilityItems() {
        return dynamodb.scan(config.dynamodb.compatibilityTable);
    }

    KinesisMock kinesis() {
        return kinesis;
    }

    /** Polls until the condition holds; on time-out fails with what was seen last. */
    /** Runs the job until its aggregates table holds {@code items} items, then cancels it. */
    void runUntil(int items) throws Exception {
        JobClient job = start();
        try {
            await(
                    "every aggregate item",
                    Duration.ofSeconds(150),
                    () -> aggregates().size() >= items,
                    this::progress);
            Thread.sleep(2_000); // let any extra write land before comparing
        } finally {
            job.cancel().get();
        }
    }

    static void await(
            String what, Duration timeout, BooleanSupplier condition, Supplier<String> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; saw "
                                + seen.get());
            }
            Thread.sleep(500);
        }
    }

    /** Counts of items per window size and of dead letters per reason, for failure messages. */
    String progress() {
        Map<String, Integer> windows = new java.util.TreeMap<>();
        aggregates().forEach(i -> windows.merge(i.get("window").s(), 1, Integer::sum));
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        deadLetters()
                .forEach(
                        d ->
                                reasons.merge(
                                        d.get("reason").s().equals("late")
                                                ? "late from "
                                                        + d.get("position")
                                                                .s()
                                                                .replaceAll("/.*", "")
                                                : d.get("reason").s(),
                                        1,
                                        Integer::sum));
        return "aggregates " + windows + ", dead letters " + reasons;
    }

    /**
     * Items as sorted text, without the named attributes, so two runs' tables compare item by item.
     */
    static List<String> comparable(List<Map<String, AttributeValue>> items, String... except) {
        return items.stream()
                .map(
                        i -> {
                            Map<String, AttributeValue> copy = new HashMap<>(i);
                            for (String e : except) {
                                copy.remove(e);
                            }
                            return new TreeMap<>(copy).toString();
                        })
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.toList());
    }
}
