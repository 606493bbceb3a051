package io.metricpipe.jobs;

import static io.metricpipe.jobs.CollectorPipelineITCase.MINUTE;
import static io.metricpipe.jobs.CollectorPipelineITCase.byResourceAndWindow;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.testing.BadRecordFuzzer;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Generated bad records mixed with two minutes of a fleet's good events, through kinesis-mock into
 * DynamoDB Local, with no restart strategy: the job must still be running at the end, every good
 * event must be counted in the aggregates, and every bad record must be a dead letter with the
 * reason the README's table gives it, counted per reason, 100% accounted.
 *
 * <p>5,000 bad records by default; {@code -Dfuzz.badRecords=100000} runs the long version (README
 * "Bad-input fuzz").
 */
class BadInputFuzzITCase extends EmulatorITCase {
    private static final int MAX_RECORD_BYTES = 100_000;

    @Test
    void everyBadRecordIsADeadLetterWithItsReasonAndEveryGoodEventIsCounted() throws Exception {
        int badRecords = Integer.getInteger("fuzz.badRecords", 5_000);
        long start = (System.currentTimeMillis() - 15 * MINUTE) / (5 * MINUTE) * (5 * MINUTE);
        int ticks = 12;
        List<SimulatedRecord> fleet = CollectorPipelineITCase.history(start, ticks);
        long end = start + ticks * CollectorSimulator.TICK_MS;
        List<SimulatedRecord> bad =
                new BadRecordFuzzer(17, start, end, MAX_RECORD_BYTES).records(badRecords);
        List<SimulatedRecord> all = new ArrayList<>(fleet.size() + bad.size());
        for (int i = 0, b = 0; i < fleet.size(); i++) {
            all.add(fleet.get(i));
            int until = (int) ((long) bad.size() * (i + 1) / fleet.size());
            while (b < until) {
                all.add(bad.get(b++));
            }
        }

        Map<String, Long> expectedReasons =
                all.stream()
                        .filter(SimulatedRecord::isMalformed)
                        .collect(
                                Collectors.groupingBy(
                                        SimulatedRecord::expectedReason,
                                        TreeMap::new,
                                        Collectors.counting()));
        long expectedDeadLetters = expectedReasons.values().stream().mapToLong(n -> n).sum();
        ExpectedAggregates expected = new ExpectedAggregates(all, MINUTE);

        PipelineScenario scenario =
                new PipelineScenario(
                                kinesis,
                                dynamodb,
                                "fuzz-events",
                                "fuzz",
                                Map.of(
                                        "decoding.maxRecordBytes",
                                        Integer.toString(MAX_RECORD_BYTES),
                                        "dynamodb.compatibilityEnabled",
                                        "false",
                                        // kinesis-mock serving 16 full shards takes longer than
                                        // the suite's 15 s to return some shards' first records;
                                        // a shard that has not delivered for the interval counts
                                        // as idle, and its backlog would then be late.
                                        "kinesis.idleShardInterval",
                                        badRecords > 5_000 ? "120s" : "15s"))
                        .withoutRestarts();
        // kinesis-mock's puts slow down as a shard fills (a put's time grows with the records
        // before it on the shard), so the long version spreads its records over more shards.
        kinesis.createStream("fuzz-events", Math.max(2, badRecords / 6_250));
        kinesis.putMany("fuzz-events", all);
        kinesis.putOnEveryShard("fuzz-events", CollectorPipelineITCase.flush(end));

        JobClient job = scenario.start();
        try {
            PipelineScenario.await(
                    "every dead letter and every good event's window",
                    Duration.ofSeconds(60 + badRecords / 200),
                    () ->
                            dynamodb.itemCount(scenario.config.dynamodb.deadLettersTable)
                                            >= expectedDeadLetters
                                    && byResourceAndWindow(scenario.aggregates(), "1m").size()
                                            >= expected.samples.size(),
                    () ->
                            "dead letters "
                                    + dynamodb.itemCount(scenario.config.dynamodb.deadLettersTable)
                                    + " of "
                                    + expectedDeadLetters
                                    + ", "
                                    + scenario.progress());
            Thread.sleep(2_000); // anything more would show up now
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }

        Map<String, Long> reasons = reasons(scenario.config.dynamodb.deadLettersTable);
        System.out.println("Dead letters per reason (" + badRecords + " fuzzed): " + reasons);
        assertThat(reasons).as("dead letters per reason").isEqualTo(expectedReasons);

        Map<String, Map<String, AttributeValue>> minutes =
                byResourceAndWindow(scenario.aggregates(), "1m");
        CollectorPipelineITCase.assertMinuteAggregates(expected, minutes);
        List<Map<String, AttributeValue>> repaired =
                minutes.entrySet().stream()
                        .filter(
                                e ->
                                        e.getKey()
                                                .startsWith(
                                                        "custom/"
                                                                + BadRecordFuzzer
                                                                        .ODD_NAMES_SERVICE))
                        .map(e -> e.getValue().get("attributes").m())
                        .collect(Collectors.toList());
        assertThat(repaired).isNotEmpty().noneMatch(attributes -> attributes.containsKey(""));
        assertThat(repaired)
                .as("odd names kept")
                .anyMatch(attributes -> attributes.containsKey("a/b#c"))
                .anyMatch(attributes -> attributes.containsKey("ünïcödé ☃"));
    }

    private static Map<String, Long> reasons(String table) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, AttributeValue> from = null;
        do {
            Map<String, AttributeValue> after = from;
            ScanResponse page =
                    dynamodb.client()
                            .scan(
                                    b -> {
                                        b.tableName(table).projectionExpression("reason");
                                        if (after != null) {
                                            b.exclusiveStartKey(after);
                                        }
                                    });
            page.items().forEach(i -> counts.merge(i.get("reason").s(), 1L, Long::sum));
            from = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (from != null && !from.isEmpty());
        return new TreeMap<>(counts);
    }
}
