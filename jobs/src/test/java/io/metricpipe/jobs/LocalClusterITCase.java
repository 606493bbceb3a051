package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.jobs.local.ClusterCommand;
import io.metricpipe.jobs.local.SimulatedAwsAccount;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.TcpForwarder;
import io.metricpipe.testing.cluster.LocalFlinkCluster;
import io.metricpipe.testing.otlp.OtlpReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shaded jar on a real local Flink cluster (a JobManager and a TaskManager process started as
 * {@code bin/cluster} starts them), against kinesis-mock and DynamoDB Local: submitted at
 * parallelism 2, stopped with a savepoint mid-stream, resumed at parallelism 4, stopped again and
 * resumed at 2. Its tables (aggregates, dead letters, alert transitions, analytics-data) equal,
 * item by item, those of an uninterrupted run of the same stream; and no process is left behind.
 */
class LocalClusterITCase extends EmulatorITCase {
    private static final Path ROOT = Paths.get(System.getProperty("metricpipe.root"));

    @Test
    void stopWithSavepointAndRescaleWritesTheItemsOfAnUninterruptedRun(@TempDir Path dir)
            throws Exception {
        long fiveMinutes = 5 * MINUTE;
        long start = (System.currentTimeMillis() - 25 * MINUTE) / fiveMinutes * fiveMinutes;
        int ticks = 60;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(11).ticks(ticks).rebootTick(30).records();
        int third = records.size() / 3;
        String stream = "cluster-events";
        kinesis.createStream(stream, 2);
        Map<String, String> rules = Map.of("alerts.rules", OtlpPipelineITCase.BUSY_HOSTS);
        int expectedItems =
                new ExpectedAggregates(records, MINUTE).samples.size() + 2 * 11 /* 5m */;

        PipelineScenario onCluster =
                new PipelineScenario(kinesis, dynamodb, stream, "cluster", rules);
        List<String> args = checkpointedArgs(onCluster, dir, "job.stateBackend=rocksdb");
        String savepoints = dir.resolve("savepoints").toUri().toString();

        LocalFlinkCluster.Settings settings = settings(dir);
        LocalFlinkCluster cluster = LocalFlinkCluster.start(settings);
        try (cluster) {
            LocalFlinkCluster.FlinkRest rest = cluster.rest();
            String jar = rest.uploadJar(shippedJar());

            kinesis.put(stream, records.subList(0, third));
            String job = rest.run(jar, args, 2, null);
            awaitMore(onCluster, 0, "windows of the first third");
            rest.awaitAllTasksRunning(job, Duration.ofSeconds(60));
            String first = rest.stopWithSavepoint(job, savepoints);
            int afterFirst = onCluster.aggregates().size();

            kinesis.put(stream, records.subList(third, 2 * third));
            job = rest.run(jar, args, 4, first);
            awaitMore(onCluster, afterFirst, "windows of the second third, at parallelism 4");
            rest.awaitAllTasksRunning(job, Duration.ofSeconds(60));
            String second = rest.stopWithSavepoint(job, savepoints);

            kinesis.put(stream, records.subList(2 * third, records.size()));
            kinesis.putOnEveryShard(
                    stream,
                    CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
            job = rest.run(jar, args, 2, second);
            PipelineScenario.await(
                    "all aggregate items, resumed at parallelism 2",
                    Duration.ofSeconds(150),
                    () -> onCluster.aggregates().size() >= expectedItems,
                    onCluster::progress);
            Thread.sleep(3_000); // let any duplicate or extra write land before comparing
            rest.cancel(job);
        }
        assertNothingLeftBehind(cluster, settings);

        PipelineScenario uninterrupted =
                new PipelineScenario(kinesis, dynamodb, stream, "uninterrupted", rules);
        JobClient clean = uninterrupted.start();
        try {
            PipelineScenario.await(
                    "all aggregate items of the uninterrupted run",
                    Duration.ofSeconds(150),
                    () -> uninterrupted.aggregates().size() >= expectedItems,
                    uninterrupted::progress);
            Thread.sleep(3_000);
        } finally {
            clean.cancel().get();
        }

        assertThat(onCluster.aggregates()).hasSize(expectedItems);
        assertSameItems(onCluster.aggregates(), uninterrupted.aggregates(), "revision");
        assertSameItems(onCluster.deadLetters(), uninterrupted.deadLetters());
        assertSameItems(onCluster.alerts(), uninterrupted.alerts());
        assertSameItems(onCluster.compatibilityItems(), uninterrupted.compatibilityItems());
    }

    /**
     * The TaskManager process killed with SIGKILL at random points of the stream, 2 times (or
     * {@code -Dfault.taskManagerKills}; the long version: 5), each time replaced by a new one as a
     * supervisor would: the job restores from its last checkpoint by itself, and its tables equal,
     * item by item, those of an uninterrupted run of the same stream.
     */
    @Test
    void killedTaskManagersLoseNothingAndCountNothingTwice(@TempDir Path dir) throws Exception {
        int kills = Integer.getInteger("fault.taskManagerKills", 2);
        long start = (System.currentTimeMillis() - 25 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 60;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(13).ticks(ticks).rebootTick(30).records();
        String stream = "killed-events";
        kinesis.createStream(stream, 2);
        int expectedItems = ExpectedAggregates.itemCount(records);
        PipelineScenario onCluster = new PipelineScenario(kinesis, dynamodb, stream, "killed");
        List<String> args = checkpointedArgs(onCluster, dir);

        LocalFlinkCluster.Settings settings = settings(dir);
        // A dead TaskManager is noticed after two failed heartbeat calls (a second apart).
        settings.config.put("heartbeat.interval", "1000");
        settings.config.put("heartbeat.timeout", "20000");
        Random random = new Random(13);
        LocalFlinkCluster cluster = LocalFlinkCluster.start(settings);
        try (cluster) {
            LocalFlinkCluster.FlinkRest rest = cluster.rest();
            String job = rest.run(rest.uploadJar(shippedJar()), args, 2, null);
            rest.awaitAllTasksRunning(job, Duration.ofSeconds(60));
            int part = records.size() / (kills + 1);
            for (int k = 0; k < kills; k++) {
                kinesis.put(stream, records.subList(k * part, (k + 1) * part));
                Thread.sleep(1_000 + random.nextInt(6_000));
                ProcessHandle taskManager =
                        cluster.processes().entrySet().stream()
                                .filter(e -> e.getKey().startsWith("taskmanager"))
                                .map(Map.Entry::getValue)
                                .findFirst()
                                .orElseThrow();
                taskManager.destroyForcibly(); // SIGKILL
                taskManager.onExit().get(10, TimeUnit.SECONDS);
                PipelineScenario.await(
                        "the JobManager noticing the lost TaskManager",
                        Duration.ofSeconds(60),
                        () -> taskManagers(rest) == 0,
                        () -> taskManagers(rest) + " TaskManagers registered");
                cluster.startTaskManager(settings, "taskmanager-replacement-" + k);
                rest.awaitAllTasksRunning(job, Duration.ofSeconds(120));
            }
            kinesis.put(stream, records.subList(kills * part, records.size()));
            kinesis.putOnEveryShard(
                    stream,
                    CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
            PipelineScenario.await(
                    "all aggregate items after " + kills + " kills",
                    Duration.ofSeconds(150),
                    () -> onCluster.aggregates().size() >= expectedItems,
                    onCluster::progress);
            // The raw-event copies of the replayed backlog come after the windows: wait until
            // none is still arriving (and any duplicate or extra write has landed).
            awaitSettled(() -> onCluster.compatibilityItems().size());
            assertThat(rest.jobState(job)).isEqualTo("RUNNING");
            rest.cancel(job);
        }
        assertNothingLeftBehind(cluster, settings);

        PipelineScenario uninterrupted =
                new PipelineScenario(kinesis, dynamodb, stream, "unkilled");
        uninterrupted.runUntil(expectedItems);

        assertThat(onCluster.aggregates()).hasSize(expectedItems);
        assertSameItems(onCluster.aggregates(), uninterrupted.aggregates(), "revision");
        assertSameItems(onCluster.deadLetters(), uninterrupted.deadLetters());
        assertSameItems(onCluster.compatibilityItems(), uninterrupted.compatibilityItems());
    }

    /**
     * The shipped jar (minimized: README "Jar size") with every source and sink, on the cluster:
     * collector events from Kinesis; CloudWatch and the inventory of a simulated account, reached
     * through an assumed role; DynamoDB; OTLP. Each output arrives, so nothing the jar's libraries
     * load by name was minimized away. And the API operations the job called, noted by a forwarder
     * in front of each emulator and by the fakes, are exactly the IAM actions the code declares
     * ({@link IamActions}, which the MSF template grants), but for {@code dynamodb:PutItem}: it
     * writes the dead letter of an item DynamoDB rejects, which the guard keeps from happening
     * here; {@code DynamoDbItemSinkITCase} sees it called.
     */
    @Test
    void theShippedJarRunsEverySourceAndSinkAndCallsWhatItsRoleGrants(@TempDir Path dir)
            throws Exception {
        long start = (System.currentTimeMillis() - 20 * MINUTE) / MINUTE * MINUTE;
        List<SimulatedRecord> records = new CollectorSimulator(start).seed(5).ticks(30).records();
        String stream = "cluster-everything";
        kinesis.createStream(stream, 2);
        kinesis.put(stream, records);
        try (SimulatedAwsAccount aws = new SimulatedAwsAccount();
                OtlpReceiver otlp = OtlpReceiver.grpc(Ports.free()).start();
                TcpForwarder kinesisCalls = recorder(kinesis.endpoint());
                TcpForwarder dynamodbCalls = recorder(dynamodb.endpoint())) {
            Map<String, String> everything = new HashMap<>(aws.config());
            everything.put("aws.assumeRoleArn", "arn:aws:iam::{account}:role/metricpipe-reader");
            everything.put("aws.externalId", "metricpipe");
            everything.put("cloudwatch.enabled", "true");
            everything.put("cloudwatch.collectors", "ec2,rds,lambda");
            everything.put("cloudwatch.settleDelay", "1m");
            everything.put(
                    "cloudwatch.backfillFrom",
                    Instant.ofEpochMilli(start).truncatedTo(ChronoUnit.MINUTES).toString());
            everything.put("inventory.enabled", "true");
            everything.put("otlp.enabled", "true");
            everything.put("otlp.protocol", "GRPC");
            everything.put("otlp.endpoint", otlp.endpoint());
            everything.put("otlp.maxTimeInBuffer", "1s");
            everything.put("otlp.headersEnv", "METRICPIPE_OTLP_HEADERS");
            everything.put("alerts.rules", OtlpPipelineITCase.BUSY_HOSTS);
            everything.put("kinesis.endpoint", kinesisCalls.endpoint());
            everything.put("dynamodb.endpoint", dynamodbCalls.endpoint());
            PipelineScenario scenario =
                    new PipelineScenario(kinesis, dynamodb, stream, "everything", everything);
            String ec2 = "arn:aws:ec2:" + SimulatedAwsAccount.REGION + ":";

            LocalFlinkCluster.Settings settings = settings(dir);
            // Secrets as users pass them, in the environment; none may reach a log.
            settings.environment.put("AWS_SECRET_ACCESS_KEY", PLANTED_AWS_SECRET);
            settings.environment.put(
                    "METRICPIPE_OTLP_HEADERS", "authorization=Bearer " + PLANTED_OTLP_TOKEN);
            LocalFlinkCluster cluster = LocalFlinkCluster.start(settings);
            try (cluster) {
                LocalFlinkCluster.FlinkRest rest = cluster.rest();
                String job =
                        rest.run(rest.uploadJar(shippedJar()), scenario.commandLine(), 2, null);
                PipelineScenario.await(
                        "windows of the agents and of CloudWatch, the inventory, OTLP points",
                        Duration.ofSeconds(150),
                        () -> {
                            List<Map<String, AttributeValue>> items = scenario.aggregates();
                            return items.stream().anyMatch(i -> key(i).startsWith(ec2))
                                    && items.stream().anyMatch(i -> !key(i).startsWith("arn:"))
                                    && !scenario.resources().isEmpty()
                                    && !scenario.alerts().isEmpty()
                                    && !otlp.accepted().isEmpty();
                        },
                        scenario::progress);
                rest.cancel(job);
            }
            assertNothingLeftBehind(cluster, settings);
            assertThat(otlp.lastHeaders())
                    .as("the planted token was used")
                    .containsEntry("authorization", "Bearer " + PLANTED_OTLP_TOKEN);
            assertNoSecretInLogs(settings.home.resolve("log"));

            Set<String> called = new TreeSet<>();
            kinesisCalls.targets().forEach(t -> called.add("kinesis:" + operation(t)));
            dynamodbCalls.targets().forEach(t -> called.add("dynamodb:" + operation(t)));
            aws.cloudWatch.operations().forEach(o -> called.add("cloudwatch:" + o));
            if (!aws.cloudWatch.assumedRoles().isEmpty()) {
                called.add("sts:AssumeRole");
            }
            aws.resources
                    .operations()
                    .forEach(o -> called.add(INVENTORY_ACTIONS.getOrDefault(o, "unmapped:" + o)));

            Set<String> declared = new TreeSet<>(IamActions.of(scenario.config, false));
            declared.addAll(IamActions.polling(scenario.config));
            declared.remove("dynamodb:PutItem");
            assertThat(called).isEqualTo(declared);
        }
    }

    private static final String PLANTED_AWS_SECRET = "planted-aws-secret-4f1c9e";
    private static final String PLANTED_OTLP_TOKEN = "planted-otlp-token-8b2d71";

    /**
     * The cluster's logs (the job's configuration dump among them, so they are the logs users read)
     * hold neither planted secret, nor its distinctive part.
     */
    private static void assertNoSecretInLogs(Path logs) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(all)
                .as("the logs")
                .contains("metricpipe configuration", "headersEnv: \"METRICPIPE_OTLP_HEADERS\"");
        assertThat(all.toString()).as("the logs").doesNotContain("4f1c9e", "8b2d71", "planted-");
    }

    /** The fake inventory APIs' operations, as IAM names them. */
    private static final Map<String, String> INVENTORY_ACTIONS =
            Map.of(
                    "DescribeInstances", "ec2:DescribeInstances",
                    "DescribeVolumes", "ec2:DescribeVolumes",
                    "DescribeDBInstances", "rds:DescribeDBInstances",
                    "ListBuckets", "s3:ListAllMyBuckets",
                    "ListFunctions", "lambda:ListFunctions",
                    "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers",
                    "DescribeLoadBalancers (classic)", "elasticloadbalancing:DescribeLoadBalancers",
                    "GetResources", "tag:GetResources");

    private static String key(Map<String, AttributeValue> item) {
        return item.get("resourceKey").s();
    }

    /** {@code Kinesis_20131202.GetRecords} to {@code GetRecords}. */
    private static String operation(String target) {
        return target.substring(target.indexOf('.') + 1);
    }

    private static TcpForwarder recorder(String endpoint) throws IOException {
        TcpForwarder forwarder =
                new TcpForwarder(Ports.free(), Integer.parseInt(endpoint.replaceAll(".*:", "")));
        forwarder.listen();
        forwarder.forward();
        return forwarder;
    }

    /** The jar users ship, as the build made it. */
    private static Path shippedJar() throws IOException {
        return ClusterCommand.shadedJar(ROOT.resolve("jobs/target"));
    }

    private static LocalFlinkCluster.Settings settings(Path dir) {
        LocalFlinkCluster.Settings settings = new LocalFlinkCluster.Settings();
        settings.home = dir.resolve("cluster");
        settings.classpathFile = ROOT.resolve("deploy/cluster/target/flink.classpath");
        settings.javaFlags = System.getProperty("flink.java17.flags", "");
        settings.log4jConfig = ROOT.resolve("deploy/cluster/log4j2.properties");
        settings.restPort = Ports.free();
        settings.slots = 4;
        settings.taskManagerMemory = "2g";
        settings.environment.put("AWS_ACCESS_KEY_ID", "local");
        settings.environment.put("AWS_SECRET_ACCESS_KEY", "local");
        return settings;
    }

    private static void assertNothingLeftBehind(
            LocalFlinkCluster cluster, LocalFlinkCluster.Settings settings) {
        assertThat(cluster.processes()).as("processes left behind").isEmpty();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertThat(
                            all.filter(
                                    p ->
                                            p.info()
                                                    .commandLine()
                                                    .orElse("")
                                                    .contains(settings.home.toString())))
                    .as("processes started from the cluster's home")
                    .isEmpty();
        }
    }

    /** The scenario's command line, checkpointing every second under {@code dir}. */
    private static List<String> checkpointedArgs(
            PipelineScenario scenario, Path dir, String... settings) {
        List<String> args = new ArrayList<>(scenario.commandLine());
        args.addAll(
                List.of(
                        "--set",
                        "job.checkpointInterval=1s",
                        "--set",
                        "job.checkpointDir=" + dir.resolve("checkpoints").toUri()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        return args;
    }

    /** Waits until the count is the same 5 s apart (at most a minute). */
    private static void awaitSettled(IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        int before;
        int now = count.getAsInt();
        do {
            before = now;
            Thread.sleep(5_000);
            now = count.getAsInt();
        } while (now != before && System.nanoTime() < deadline);
    }

    private static int taskManagers(LocalFlinkCluster.FlinkRest rest) {
        try {
            return rest.taskManagers();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitMore(PipelineScenario scenario, int than, String what)
            throws InterruptedException {
        PipelineScenario.await(
                what,
                Duration.ofSeconds(120),
                () -> scenario.aggregates().size() > than,
                scenario::progress);
    }

    /**
     * Equal item by item, but for the named attributes: {@code revision} counts late corrections,
     * and which events come late depends on how the shards' reads interleave in each run.
     */
    private static void assertSameItems(
            List<Map<String, AttributeValue>> actual,
            List<Map<String, AttributeValue>> expected,
            String... except) {
        assertThat(PipelineScenario.comparable(actual, except))
                .isEqualTo(PipelineScenario.comparable(expected, except));
    }
}
