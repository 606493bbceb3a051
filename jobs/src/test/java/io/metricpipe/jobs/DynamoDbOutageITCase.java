package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.TcpForwarder;
import io.metricpipe.testing.ThrottlingProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB refuses every connection for 60 s, then throttles every BatchWriteItem for 60 s. The job
 * runs without a restart strategy, so still RUNNING afterwards means it never failed; once DynamoDB
 * takes writes again, the aggregates equal a clean run's item by item (without {@code revision}),
 * and so do the dead letters; the time from the end of the faults to the last item is printed
 * (README "Faults").
 */
class DynamoDbOutageITCase extends EmulatorITCase {
    private static final Duration REFUSED = Duration.ofSeconds(60);
    private static final Duration THROTTLED = Duration.ofSeconds(60);

    @Test
    void refusedThenThrottledWritesLoseNothingAndTheJobGoesOn() throws Exception {
        long fiveMinutes = 5 * MINUTE;
        long start = (System.currentTimeMillis() - 30 * MINUTE) / fiveMinutes * fiveMinutes;
        int ticks = 36;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(17).ticks(ticks).rebootTick(18).records();
        kinesis.createStream("outage-events", 2);
        kinesis.put("outage-events", records);
        kinesis.putOnEveryShard(
                "outage-events",
                CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
        int expectedItems = ExpectedAggregates.itemCount(records);

        PipelineScenario clean =
                new PipelineScenario(kinesis, dynamodb, "outage-events", "outage-clean");
        clean.runUntil(expectedItems);

        try (ThrottlingProxy throttle =
                        new ThrottlingProxy(dynamodb.endpoint(), "BatchWriteItem", 0);
                TcpForwarder gate = new TcpForwarder(Ports.free(), port(throttle.endpoint()))) {
            PipelineScenario faulty =
                    new PipelineScenario(
                                    kinesis,
                                    dynamodb,
                                    "outage-events",
                                    "outage-faulty",
                                    Map.of("dynamodb.endpoint", gate.endpoint()))
                            .withoutRestarts();
            JobClient job = faulty.start();
            try {
                Thread.sleep(REFUSED.toMillis()); // nothing listens: connection refused
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                assertThat(faulty.aggregates()).isEmpty();

                throttle.throttleEvery(1);
                gate.listen();
                gate.forward();
                Thread.sleep(THROTTLED.toMillis());
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                assertThat(throttle.throttled()).isPositive();

                throttle.throttleEvery(0);
                long healed = System.nanoTime();
                int deadLetters = clean.deadLetters().size();
                PipelineScenario.await(
                        "every aggregate item and dead letter after the faults",
                        Duration.ofSeconds(150),
                        () ->
                                faulty.aggregates().size() >= expectedItems
                                        && faulty.deadLetters().size() >= deadLetters,
                        faulty::progress);
                System.out.printf(
                        "DynamoDB outage: %d aggregate items and %d dead letters written %.1f s"
                                + " after the faults ended%n",
                        expectedItems, deadLetters, (System.nanoTime() - healed) / 1e9);
                Thread.sleep(2_000); // let any extra write land before comparing
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
            assertThat(PipelineScenario.comparable(faulty.aggregates(), "revision"))
                    .isEqualTo(PipelineScenario.comparable(clean.aggregates(), "revision"));
            assertThat(PipelineScenario.comparable(faulty.deadLetters()))
                    .isEqualTo(PipelineScenario.comparable(clean.deadLetters()));
        }
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.replaceAll(".*:", ""));
    }
}
