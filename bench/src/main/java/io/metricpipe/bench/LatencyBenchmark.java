package io.metricpipe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.jobs.CollectorEvents;
import io.metricpipe.jobs.MetricpipeJob;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.KinesisMock;
import io.metricpipe.testing.SimulatedRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * End-to-end latency on the emulators: hosts send {@code vm-metrics} every 10 s, live, into
 * kinesis-mock; the job (1 min windows, 5 min roll-ups, checkpoints every 10 s) writes to DynamoDB
 * Local. An event's latency is from its put to the first time its 1-minute window's item is seen in
 * the table (scanned every 250 ms). Events whose window cannot have closed by the end of the run
 * (no later event moved the watermark past it) are left out, and said so.
 */
public final class LatencyBenchmark {
    private static final long MINUTE = 60_000;
    private static final long SCAN_MS = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        try (KinesisMock kinesis = KinesisMock.start();
                DynamoDbLocal dynamodb = DynamoDbLocal.startInChildProcess(1024)) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put("kinesis.stream", "latency");
            overrides.put("kinesis.endpoint", kinesis.endpoint());
            overrides.put("kinesis.initialPosition", "TRIM_HORIZON");
            overrides.put("dynamodb.endpoint", dynamodb.endpoint());
            overrides.put("dynamodb.compatibilityEnabled", "false");
            MetricpipeConfig config = ConfigLoader.load(null, overrides);
            new TableProvisioner(dynamodb.client()).ensureTables(config.dynamodb);
            kinesis.createStream("latency", 2);

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(
                            2, ExecutionSettings.localCluster());
            env.enableCheckpointing(config.job.checkpointInterval.toMillis());
            new MetricpipeJob(
                            config,
                            CollectorEvents.kinesis(
                                    KinesisCollectorSource.fromConfig(
                                                    config.kinesis, config.decoding)
                                            .setStaticCredentials(
                                                    KinesisMock.ACCESS_KEY, KinesisMock.SECRET_KEY)
                                            .build(),
                                    config.kinesis.stream),
                            LocalOutputs.dynamodb(config))
                    .build(env);
            JobClient job = env.executeAsync("latency benchmark");

            // The agents' first tick a little ahead, so the job is reading by then.
            long start =
                    (System.currentTimeMillis() / CollectorSimulator.TICK_MS + 3)
                            * CollectorSimulator.TICK_MS;
            int ticks = (int) (minutes * MINUTE / CollectorSimulator.TICK_MS);
            List<SimulatedRecord> records =
                    new CollectorSimulator(start)
                            .ticks(ticks)
                            .hosts(hosts, 0)
                            .webapps(0)
                            .perTick(0, 0)
                            .malformed(false)
                            .records();
            Map<String, Long> firstSeen = new ConcurrentHashMap<>();
            AtomicBoolean scanning = new AtomicBoolean(true);
            Thread scanner =
                    new Thread(() -> scan(dynamodb, config, firstSeen, scanning), "scanner");
            scanner.start();

            List<long[]> putTimes = new ArrayList<>();
            List<String> windowKeys = new ArrayList<>();
            List<long[]> batches = new ArrayList<>();
            int next = 0;
            for (int tick = 0; tick < ticks; tick++) {
                // Each agent sends at its event's timestamp (1 s into the tick).
                long at = records.get(next).eventTime();
                sleepUntil(at);
                List<SimulatedRecord> batch = new ArrayList<>();
                while (next < records.size() && records.get(next).eventTime() <= at) {
                    batch.add(records.get(next++));
                }
                kinesis.putMany("latency", batch);
                long put = System.currentTimeMillis();
                batches.add(new long[] {at, put});
                for (SimulatedRecord r : batch) {
                    putTimes.add(new long[] {r.eventTime(), put});
                    windowKeys.add(windowKey(r));
                }
            }
            long lastEvent = records.get(records.size() - 1).eventTime();
            // A window has closed once the watermark (last event less the out-of-orderness) is
            // past its end; wait for those items, plus the scan and write time.
            long closedBefore = lastEvent - config.kinesis.maxOutOfOrderness.toMillis();
            sleepUntil(System.currentTimeMillis() + 15_000);
            scanning.set(false);
            scanner.join();
            job.cancel().get();

            List<Long> latencies = new ArrayList<>();
            int left = 0;
            int missing = 0;
            for (int i = 0; i < putTimes.size(); i++) {
                long eventTime = putTimes.get(i)[0];
                if (eventTime / MINUTE * MINUTE + MINUTE > closedBefore) {
                    left++;
                    continue;
                }
                Long seen = firstSeen.get(windowKeys.get(i));
                if (seen == null) {
                    missing++;
                } else {
                    latencies.add(seen - putTimes.get(i)[1]);
                }
            }
            latencies.sort(null);
            // The job's own part: from the put that moved the watermark past a window's end (an
            // event at least the out-of-orderness later) to its item.
            List<Long> afterClose = new ArrayList<>();
            long lag = config.kinesis.maxOutOfOrderness.toMillis();
            for (Map.Entry<String, Long> item : firstSeen.entrySet()) {
                long end = Long.parseLong(item.getKey().replaceAll(".*@", "")) + MINUTE;
                batches.stream()
                        .filter(b -> b[0] >= end + lag)
                        .findFirst()
                        .ifPresent(b -> afterClose.add(item.getValue() - b[1]));
            }
            afterClose.sort(null);
            long target = MINUTE + config.windows.allowedLateness.toMillis() + 5_000;
            System.out.printf(
                    Locale.ROOT,
                    "%d hosts, %d events over %d minutes; %d events measured, %d in windows still"
                            + " open at the end, %d whose item never appeared%n",
                    hosts,
                    putTimes.size(),
                    minutes,
                    latencies.size(),
                    left,
                    missing);
            System.out.printf(
                    Locale.ROOT,
                    "event put -> 1m item in DynamoDB: p50 %.1f s, p99 %.1f s, max %.1f s;"
                            + " target p99 <= window %d s + allowed lateness %d s + 5 s = %d s%n",
                    percentile(latencies, 0.50) / 1e3,
                    percentile(latencies, 0.99) / 1e3,
                    latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e3,
                    MINUTE / 1000,
                    config.windows.allowedLateness.toSeconds(),
                    target / 1000);
            System.out.printf(
                    Locale.ROOT,
                    "of which the job's, from the put that closed the window to its item (%d"
                            + " items): p50 %.1f s, p99 %.1f s%n",
                    afterClose.size(),
                    percentile(afterClose, 0.50) / 1e3,
                    percentile(afterClose, 0.99) / 1e3);
            System.out.printf(
                    Locale.ROOT,
                    "latency_p50_ms=%d%nlatency_p99_ms=%d%n",
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99));
        }
    }

    /** The item key of a record's 1-minute window: its host's resource key and window start. */
    private static String windowKey(SimulatedRecord r) {
        try {
            String host = JSON.readTree(r.data()).get("source").asText();
            return "host/" + host + "@" + r.eventTime() / MINUTE * MINUTE;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records when each 1-minute item is first seen in the aggregates table. */
    private static void scan(
            DynamoDbLocal dynamodb,
            MetricpipeConfig config,
            Map<String, Long> firstSeen,
            AtomicBoolean scanning) {
        while (scanning.get()) {
            long now = System.currentTimeMillis();
            // Only the key attributes of the 1-minute items, so the scans cost the store little.
            dynamodb.client()
                    .scanPaginator(
                            b ->
                                    b.tableName(config.dynamodb.aggregatesTable)
                                            .projectionExpression("resourceKey, windowStart")
                                            .filterExpression("#w = :m")
                                            .expressionAttributeNames(Map.of("#w", "window"))
                                            .expressionAttributeValues(
                                                    Map.of(":m", AttributeValue.fromS("1m"))))
                    .items()
                    .forEach(
                            item ->
                                    firstSeen.putIfAbsent(
                                            item.get("resourceKey").s()
                                                    + "@"
                                                    + item.get("windowStart").n(),
                                            now));
            sleepUntil(now + SCAN_MS);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void sleepUntil(long at) {
        long wait = at - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
