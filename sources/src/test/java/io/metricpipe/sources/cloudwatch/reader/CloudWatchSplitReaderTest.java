package io.metricpipe.sources.cloudwatch.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.sources.aws.CircuitBreaker;
import io.metricpipe.sources.cloudwatch.api.CloudWatchProxy;
import io.metricpipe.sources.cloudwatch.collector.CollectorSpec;
import io.metricpipe.sources.cloudwatch.collector.MetricSpec;
import io.metricpipe.sources.cloudwatch.split.CloudWatchSplit;
import io.metricpipe.sources.polling.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsRequest;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/** The split reader in steady state, against an in-JVM fake proxy and a clock the test moves. */
class CloudWatchSplitReaderTest {
    private static final long T0 = 1_763_856_000_000L;
    private static final long MINUTE = 60_000;

    /** Three series; records every GetMetricData range and answers one value per period. */
    private static final class RecordingProxy implements CloudWatchProxy {
        final List<long[]> ranges = new ArrayList<>();

        @Override
        public ListMetricsResponse listMetrics(ListMetricsRequest request) {
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                metrics.add(
                        Metric.builder()
                                .namespace("AWS/Lambda")
                                .metricName("Invocations")
                                .dimensions(
                                        Dimension.builder()
                                                .name("FunctionName")
                                                .value("f" + i)
                                                .build())
                                .build());
            }
            return ListMetricsResponse.builder().metrics(metrics).build();
        }

        @Override
        public GetMetricDataResponse getMetricData(GetMetricDataRequest request) {
            long start = request.startTime().toEpochMilli();
            long end = request.endTime().toEpochMilli();
            ranges.add(new long[] {start, end});
            List<MetricDataResult> results = new ArrayList<>();
            request.metricDataQueries()
                    .forEach(
                            q -> {
                                List<Instant> times = new ArrayList<>();
                                List<Double> values = new ArrayList<>();
                                for (long t = start; t < end; t += MINUTE) {
                                    times.add(Instant.ofEpochMilli(t));
                                    values.add(1.0);
                                }
                                results.add(
                                        MetricDataResult.builder()
                                                .id(q.id())
                                                .timestamps(times)
                                                .values(values)
                                                .statusCode(StatusCode.COMPLETE)
                                                .build());
                            });
            return GetMetricDataResponse.builder().metricDataResults(results).build();
        }

        @Override
        public void close() {}
    }

    private static CloudWatchSplitReader reader(
            CollectorSpec spec, RecordingProxy proxy, long settle, TestClock clock) {
        return new CloudWatchSplitReader(
                Map.of(spec.name, spec),
                (account, region, calls) -> proxy,
                settle,
                60,
                1_000,
                CircuitBreaker.Settings.DEFAULT,
                new CloudWatchSourceMetrics(new UnregisteredMetricsGroup(), clock),
                clock);
    }

    @Test
    void anAddedSplitAnnouncesItsCursorAtOnceThoughNoPeriodHasSettled() throws Exception {
        // Given a caught-up 5-minute split restored at T0 + 1 min, whose next period settles at
        // T0 + 5 min + settle
        TestClock clock = new TestClock(T0 + MINUTE);
        RecordingProxy proxy = new RecordingProxy();
        CloudWatchSplitReader reader =
                reader(
                        new CollectorSpec(
                                "ec2",
                                "AWS/EC2",
                                List.of("InstanceId"),
                                List.of(MetricSpec.of("CPUUtilization", "Average")),
                                Duration.ofMinutes(5)),
                        proxy,
                        30_000,
                        clock);
        CloudWatchSplit split = new CloudWatchSplit("123456789012", "us-east-1", "ec2", T0);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));

        // When it fetches
        RecordsWithSplitIds<FetchedPeriods> records = reader.fetch();

        // Then it hands back its cursor without samples (the emitter makes it the watermark) and
        // calls nothing
        assertThat(records.nextSplit()).isEqualTo(split.splitId());
        FetchedPeriods announced = records.nextRecordFromSplit();
        assertThat(announced.cursor).isEqualTo(T0);
        assertThat(announced.samples).isEmpty();
        assertThat(records.nextRecordFromSplit()).isNull();
        assertThat(records.nextSplit()).isNull();
        assertThat(proxy.ranges).isEmpty();
        reader.close();
    }

    /** Fetches for an hour of the test's clock; the samples it got. */
    private static int anHour(CloudWatchSplitReader reader, TestClock clock, long settle)
            throws Exception {
        int samples = 0;
        for (long now = T0 + 45_000; now < T0 + 60 * MINUTE; now += 7_000) {
            clock.now = now;
            reader.wakeUp(); // the test's clock, not real time, decides; never wait here
            RecordsWithSplitIds<FetchedPeriods> records = reader.fetch();
            for (String split = records.nextSplit(); split != null; split = records.nextSplit()) {
                for (FetchedPeriods f = records.nextRecordFromSplit();
                        f != null;
                        f = records.nextRecordFromSplit()) {
                    samples += f.samples.size();
                    // Nothing is fetched before it has settled.
                    assertThat(f.cursor).isLessThanOrEqualTo(now - settle);
                }
            }
        }
        return samples;
    }

    private static CollectorSpec lambda(Duration pollInterval) {
        return new CollectorSpec(
                "lambda",
                "AWS/Lambda",
                List.of("FunctionName"),
                List.of(MetricSpec.of("Invocations", "Sum")),
                Duration.ofMinutes(1),
                pollInterval);
    }

    /**
     * Polling every 5 minutes for 1-minute periods: each call fetches the five minutes settled
     * since the last, every minute still arrives once, and there are a fifth of the calls.
     */
    @Test
    void aLongerPollIntervalFetchesEveryPeriodInAFifthOfTheCalls() throws Exception {
        long settle = 30_000;
        TestClock clock = new TestClock(T0 + 45_000);
        RecordingProxy proxy = new RecordingProxy();
        CloudWatchSplitReader reader = reader(lambda(Duration.ofMinutes(5)), proxy, settle, clock);
        reader.handleSplitsChanges(
                new SplitsAddition<>(
                        List.of(new CloudWatchSplit("123456789012", "us-east-1", "lambda", T0))));

        int samples = anHour(reader, clock, settle);

        long expectedStart = T0;
        for (long[] range : proxy.ranges) {
            assertThat(range[0]).isEqualTo(expectedStart);
            assertThat(range[1] - range[0]).isEqualTo(5 * MINUTE);
            expectedStart = range[1];
        }
        assertThat(proxy.ranges).hasSize(11); // minutes 0 to 55; 55 to 60 settles after the hour
        assertThat(samples).isEqualTo(3 * 55);
        reader.close();
    }

    @Test
    void inSteadyStateEachPeriodIsFetchedOnceAndOnlyAfterItSettles() throws Exception {
        TestClock clock = new TestClock(T0 + 45_000);
        RecordingProxy proxy = new RecordingProxy();
        long settle = 30_000;
        CloudWatchSplitReader reader =
                reader(
                        new CollectorSpec(
                                "lambda",
                                "AWS/Lambda",
                                List.of("FunctionName"),
                                List.of(MetricSpec.of("Invocations", "Sum")),
                                Duration.ofMinutes(1)),
                        proxy,
                        settle,
                        clock);
        long cursor = T0; // the end of the last settled minute at T0 + 45 s
        reader.handleSplitsChanges(
                new SplitsAddition<>(
                        List.of(
                                new CloudWatchSplit(
                                        "123456789012", "us-east-1", "lambda", cursor))));

        int samples = anHour(reader, clock, settle);

        // Contiguous ranges of whole minutes, each minute once.
        long expectedStart = T0;
        for (long[] range : proxy.ranges) {
            assertThat(range[0]).isEqualTo(expectedStart);
            assertThat(range[1] - range[0]).isEqualTo(MINUTE);
            expectedStart = range[1];
        }
        int minutes = proxy.ranges.size();
        assertThat(minutes).isBetween(58, 59);
        assertThat(samples).isEqualTo(3 * minutes);
        reader.close();
    }
}
