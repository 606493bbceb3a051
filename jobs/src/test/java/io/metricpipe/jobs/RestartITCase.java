package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.cluster.LocalFlinkCluster;
import io.metricpipe.testing.otlp.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exactly-once results: a run that fails mid-stream after a completed checkpoint and restarts from
 * it writes exactly the items of a failure-free run of the same stream (which is also a replay of
 * it from TRIM_HORIZON): nothing missing, nothing double-counted. The failing run keeps its state
 * in RocksDB, as MSF does, and its checkpoints in a directory where they outlive the cancellation;
 * the failure-free run uses the heap: the items must not depend on the state backend either.
 */
class RestartITCase extends EmulatorITCase {

    private static List<Map<String, AttributeValue>> run(
            PipelineScenario scenario, int expectedItems, Consumer<JobClient> beforeCancel)
            throws Exception {
        JobClient job = scenario.start();
        try {
            PipelineScenario.await(
                    "all aggregate items",
                    Duration.ofSeconds(150),
                    () -> scenario.aggregates().size() >= expectedItems,
                    scenario::progress);
            Thread.sleep(3_000); // let any duplicate or extra write land before comparing
            beforeCancel.accept(job);
        } finally {
            job.cancel().get();
        }
        assertThat(scenario.deadLetters())
                .as("no event of the replayed backlog may be late")
                .noneMatch(d -> d.get("reason").s().equals("late"));
        return sorted(scenario.aggregates());
    }

    private static List<Map<String, AttributeValue>> sorted(
            List<Map<String, AttributeValue>> items) {
        return items.stream()
                .sorted(
                        Comparator.comparing(
                                        (Map<String, AttributeValue> i) -> i.get("resource").s())
                                .thenComparing(i -> i.get("windowStart").n()))
                .collect(Collectors.toList());
    }

    /**
     * {@code revision} counts late corrections, and whether an event is late depends on how the
     * shards' reads interleave in each run; the statistics themselves must not differ.
     */
    private static Map<String, AttributeValue> withoutRevision(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new java.util.HashMap<>(item);
        copy.remove("revision");
        return copy;
    }

    @Test
    void restartFromACheckpointRewritesTheSameItems(
            @InjectClusterClient RestClusterClient<?> cluster, @TempDir Path checkpoints)
            throws Exception {
        long fiveMinutes = 5 * CollectorPipelineITCase.MINUTE;
        long start =
                (System.currentTimeMillis() - 25 * CollectorPipelineITCase.MINUTE)
                        / fiveMinutes
                        * fiveMinutes;
        int ticks = 60;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(7).ticks(ticks).rebootTick(30).records();
        kinesis.createStream("restart-events", 2);
        kinesis.put("restart-events", records);
        kinesis.putOnEveryShard(
                "restart-events",
                CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
        int expectedItems =
                new ExpectedAggregates(records, CollectorPipelineITCase.MINUTE).samples.size()
                        + 2 * 11;

        List<Map<String, AttributeValue>> clean =
                run(
                        new PipelineScenario(kinesis, dynamodb, "restart-events", "clean"),
                        expectedItems,
                        job -> {});

        FailOnceAfterCheckpoint.reset();
        OtlpReceiver receiver = OtlpReceiver.http(Ports.free()).start();
        PipelineScenario failing =
                new PipelineScenario(
                                kinesis,
                                dynamodb,
                                "restart-events",
                                "failing",
                                withState(OtlpPipelineITCase.otlpOn("HTTP", receiver), checkpoints))
                        .withTap(
                                s ->
                                        s.map(new FailOnceAfterCheckpoint(records.size() / 3))
                                                .returns(
                                                        TypeInformation.of(
                                                                io.metricpipe.core.model
                                                                        .ResourceSamples.class))
                                                .name("fail once"),
                                200);
        List<Map<String, AttributeValue>> restarted;
        String[] checkpointConfig = new String[1];
        JobID[] failingJob = new JobID[1];
        try (receiver) {
            restarted =
                    run(
                            failing,
                            expectedItems,
                            job -> {
                                failingJob[0] = job.getJobID();
                                checkpointConfig[0] = checkpointConfig(cluster, job.getJobID());
                            });
        }

        assertThat(checkpointConfig[0])
                .contains("\"state_backend\":\"EmbeddedRocksDBStateBackend\"")
                .contains("\"checkpoint_storage\":\"FileSystemCheckpointStorage\"")
                .contains("\"delete_on_cancellation\":false");
        try (Stream<Path> retained = Files.list(checkpoints.resolve(failingJob[0].toString()))) {
            assertThat(retained)
                    .as("a checkpoint retained after the cancellation")
                    .anyMatch(
                            dir ->
                                    dir.getFileName().toString().startsWith("chk-")
                                            && Files.exists(dir.resolve("_metadata")));
        }

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        assertThat(clean).hasSize(expectedItems);
        assertThat(restarted).hasSize(clean.size());
        for (int i = 0; i < clean.size(); i++) {
            assertThat(restarted.get(i))
                    .as("item %s", clean.get(i).get("resource"))
                    .isEqualTo(clean.get(i));
        }
        // At-least-once to OTLP: no window of the restarted run is missing at the receiver, and
        // a window sent twice (before and after the restart) repeats identical points.
        OtlpPipelineITCase.assertPointsMatch(
                CollectorPipelineITCase.byResourceAndWindow(restarted, "1m"), receiver.points());
    }

    private static Map<String, String> withState(Map<String, String> config, Path checkpoints) {
        Map<String, String> all = new HashMap<>(config);
        all.put("job.stateBackend", "rocksdb");
        all.put("job.checkpointDir", checkpoints.toUri().toString());
        return all;
    }

    /** The job's checkpoint configuration, as Flink's REST API reports it. */
    private static String checkpointConfig(RestClusterClient<?> cluster, JobID job) {
        try {
            return new LocalFlinkCluster.FlinkRest(URI.create(cluster.getWebInterfaceURL()))
                    .get("/jobs/" + job + "/checkpoints/config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
