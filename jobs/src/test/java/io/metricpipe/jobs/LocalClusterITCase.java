package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.jobs.local.ClusterCommand;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.cluster.LocalFlinkCluster;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        List<String> args = new ArrayList<>(onCluster.commandLine());
        args.addAll(
                List.of(
                        "--set",
                        "job.checkpointInterval=1s",
                        "--set",
                        "job.stateBackend=rocksdb",
                        "--set",
                        "job.checkpointDir=" + dir.resolve("checkpoints").toUri()));
        String savepoints = dir.resolve("savepoints").toUri().toString();

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
        LocalFlinkCluster cluster = LocalFlinkCluster.start(settings);
        try (cluster) {
            LocalFlinkCluster.FlinkRest rest = cluster.rest();
            String jar = rest.uploadJar(ClusterCommand.shadedJar(ROOT.resolve("jobs/target")));

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
        assertThat(comparable(actual, except)).isEqualTo(comparable(expected, except));
    }

    private static List<String> comparable(
            List<Map<String, AttributeValue>> items, String... except) {
        return items.stream()
                .map(
                        i -> {
                            Map<String, AttributeValue> copy = new HashMap<>(i);
                            for (String e : except) {
                                copy.remove(e);
                            }
                            return new java.util.TreeMap<>(copy).toString();
                        })
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.toList());
    }
}
