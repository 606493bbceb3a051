package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static io.metricpipe.jobs.CollectorPipelineITCase.byResourceAndWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import io.metricpipe.testing.ThrottlingProxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis misbehaving under the job, on kinesis-mock: every third {@code GetRecords} answered as a
 * throttled shard (a {@link ThrottlingProxy} in front of the emulator), and a shard split with
 * {@code SplitShard} after the first half of the stream was read. Without a restart strategy the
 * job must keep running, and its aggregates and dead letters must equal, item by item, a run of the
 * same stream without faults; the aggregates must also be those the events make.
 */
class KinesisFaultsITCase extends EmulatorITCase {

    @Test
    void throttledReadsAndASplitShardLoseNothing() throws Exception {
        long start = (System.currentTimeMillis() - 20 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 24;
        List<SimulatedRecord> records =
                new CollectorSimulator(start).seed(3).ticks(ticks).rebootTick(12).records();
        int expectedItems = ExpectedAggregates.itemCount(records);
        String stream = "kinesis-faults";
        kinesis.createStream(stream, 2);
        int half = records.size() / 2;
        kinesis.put(stream, records.subList(0, half));

        PipelineScenario faulty;
        try (ThrottlingProxy throttling =
                new ThrottlingProxy(kinesis.endpoint(), "GetRecords", 3)) {
            faulty =
                    new PipelineScenario(
                                    kinesis,
                                    dynamodb,
                                    stream,
                                    "kinesis-faults",
                                    Map.of("kinesis.endpoint", throttling.endpoint()))
                            .withoutRestarts();
            JobClient job = faulty.start();
            try {
                PipelineScenario.await(
                        "windows of the first half",
                        Duration.ofSeconds(120),
                        () -> !faulty.aggregates().isEmpty(),
                        faulty::progress);
                splitFirstShard(stream);
                kinesis.put(stream, records.subList(half, records.size()));
                kinesis.putOnEveryShard(
                        stream,
                        CollectorPipelineITCase.flush(start + ticks * CollectorSimulator.TICK_MS));
                PipelineScenario.await(
                        "every aggregate item, through the split",
                        Duration.ofSeconds(150),
                        () -> faulty.aggregates().size() >= expectedItems,
                        faulty::progress);
                Thread.sleep(3_000); // let any extra write land before comparing
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
            assertThat(throttling.throttled()).as("GetRecords throttled").isPositive();
        }
        assertThat(kinesis.client().listShards(b -> b.streamName(stream)).shards().size())
                .as("the parent and its two children, and the other shard")
                .isEqualTo(4);

        PipelineScenario golden = new PipelineScenario(kinesis, dynamodb, stream, "kinesis-golden");
        golden.runUntil(expectedItems);

        assertThat(faulty.aggregates()).hasSize(expectedItems);
        CollectorPipelineITCase.assertMinuteAggregates(
                new ExpectedAggregates(records, MINUTE),
                byResourceAndWindow(faulty.aggregates(), "1m"));
        assertThat(PipelineScenario.comparable(faulty.aggregates(), "revision"))
                .isEqualTo(PipelineScenario.comparable(golden.aggregates(), "revision"));
        assertThat(PipelineScenario.comparable(faulty.deadLetters()))
                .isEqualTo(PipelineScenario.comparable(golden.deadLetters()));
    }

    /**
     * Both shards carry live events for 10 s, then one goes silent for 120 s (or {@code
     * -Dfault.silentShardSeconds}; the long version: 600) and an idle interval more while the other
     * goes on: each minute's window of the live shard is written within the idle interval (15 s
     * here) plus the window size of its end, with every event counted.
     */
    @Test
    void windowsFireWhileAShardIsSilent() throws Exception {
        long silence = Long.getLong("fault.silentShardSeconds", 120);
        String stream = "silent-shard";
        kinesis.createStream(stream, 2);
        List<Shard> shards = kinesis.client().listShards(b -> b.streamName(stream)).shards();
        PipelineScenario scenario =
                new PipelineScenario(kinesis, dynamodb, stream, "silent-shard").withoutRestarts();
        long idleMs = scenario.config.kinesis.idleShardInterval.toMillis();
        Map<Long, Integer> sentPerWindow = new TreeMap<>();
        Map<Long, Long> firstSeen = new TreeMap<>();
        JobClient job = scenario.start();
        try {
            long begin = System.currentTimeMillis();
            // The silence lasts an idle interval longer, so that the window the feed starts in
            // closes with time to spare wherever in its minute the feed starts.
            long end = begin + 10_000 + silence * 1000 + idleMs;
            for (long now = begin; now < end; now = System.currentTimeMillis()) {
                kinesis.putOnShard(stream, shards.get(0), vmStats("live", now));
                sentPerWindow.merge(now / MINUTE * MINUTE, 1, Integer::sum);
                if (now < begin + 10_000) {
                    kinesis.putOnShard(stream, shards.get(1), vmStats("goes-silent", now));
                }
                for (Map<String, AttributeValue> item : scenario.aggregates()) {
                    if (item.get("resource").s().equals("host/live#1m")) {
                        firstSeen.putIfAbsent(Long.parseLong(item.get("windowStart").n()), now);
                    }
                }
                Thread.sleep(1_000);
            }
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
        // Windows that closed with time to spare before the feed stopped.
        long lastClosed = System.currentTimeMillis() - idleMs - MINUTE;
        Map<Long, Long> latency = new TreeMap<>();
        sentPerWindow.keySet().stream()
                .filter(w -> w + MINUTE <= lastClosed)
                .forEach(
                        w ->
                                latency.put(
                                        w,
                                        firstSeen.getOrDefault(w, Long.MAX_VALUE) - (w + MINUTE)));
        System.out.println("Silent shard: ms from window end to its item, per window: " + latency);
        assertThat(latency)
                .as("windows closed during the silence")
                .hasSizeGreaterThanOrEqualTo((int) (silence / 60) - 1);
        assertThat(latency.values()).allMatch(ms -> ms <= idleMs + MINUTE);
        Map<String, Map<String, AttributeValue>> minutes =
                byResourceAndWindow(scenario.aggregates(), "1m");
        for (Long w : latency.keySet()) {
            Map<String, AttributeValue> item =
                    minutes.get(ExpectedAggregates.key("host/live", Long.toString(w)));
            assertThat(
                            CollectorPipelineITCase.n(
                                    item.get("metrics").m().get("cpu_usage").m(), "count"))
                    .as("events of the window at " + w)
                    .isEqualTo((double) sentPerWindow.get(w));
        }
    }

    private static SimulatedRecord vmStats(String host, long ts) {
        String json =
                "{\"type\":\"vm_stats\",\"id\":\""
                        + host
                        + "\",\"timestamp\":"
                        + ts
                        + ",\"cpu_usage\":5}";
        return new SimulatedRecord(host, json.getBytes(StandardCharsets.UTF_8), "vm_stats", ts);
    }

    /** Splits the stream's first shard at the middle of its hash key range. */
    private static void splitFirstShard(String stream) throws InterruptedException {
        Shard first = kinesis.client().listShards(b -> b.streamName(stream)).shards().get(0);
        BigInteger low = new BigInteger(first.hashKeyRange().startingHashKey());
        BigInteger high = new BigInteger(first.hashKeyRange().endingHashKey());
        String middle = low.add(high).shiftRight(1).toString();
        kinesis.client()
                .splitShard(
                        b ->
                                b.streamName(stream)
                                        .shardToSplit(first.shardId())
                                        .newStartingHashKey(middle));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (kinesis.client()
                        .describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                != StreamStatus.ACTIVE) {
            assertThat(System.nanoTime())
                    .as("the stream active after the split")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
