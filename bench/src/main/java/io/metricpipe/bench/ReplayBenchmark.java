package io.metricpipe.bench;

import io.metricpipe.core.model.RawEvent;
import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.jobs.MetricpipeJob;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.CompatibilityItems;
import io.metricpipe.sinks.dynamodb.ItemGuard;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.archive.ArchiveSource;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.SimulatedRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replay speed of a file archive into DynamoDB Local: hours (one by default) of 200 hosts sending
 * {@code vm-metrics} every 10 s, as gzipped JSONL in Firehose's hourly folders, replayed by the job
 * (decode, 1 min windows, 5 min roll-ups, DynamoDB writes) until it ends. Prints the multiple of
 * real time, items written included, and DynamoDB writes per input event.
 */
public final class ReplayBenchmark {
    private static final int HOSTS = 200;
    private static final int DYNAMODB_HEAP_MB = 2048;
    private static final long HOUR = 3_600_000L;
    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

    private ReplayBenchmark() {}

    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path archive = Files.createTempDirectory("metricpipe-replay-bench");
        try (DynamoDbLocal dynamodb = DynamoDbLocal.startInChildProcess(DYNAMODB_HEAP_MB)) {
            long events = writeArchive(archive, hours);
            long bytes = size(archive);
            System.out.printf(
                    "archive: %d events, %d hours, %.1f MB gzipped in %s%n",
                    events, hours, bytes / 1e6, archive);

            MetricpipeConfig config =
                    ConfigLoader.load(
                            null,
                            Map.of(
                                    "archive.paths", archive.toUri().toString(),
                                    "dynamodb.endpoint", dynamodb.endpoint(),
                                    "windows.sizes", "1m,5m"));
            new TableProvisioner(dynamodb.client()).ensureTables(config.dynamodb);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(
                            2, ExecutionSettings.localCluster());
            new MetricpipeJob(
                            config,
                            io.metricpipe.jobs.CollectorEvents.archive(
                                    ArchiveSource.fromConfig(config.archive, config.decoding)
                                            .build(),
                                    config.kinesis.maxOutOfOrderness),
                            LocalOutputs.dynamodb(config))
                    .build(env);
            Duration jobCpu0 = ownCpuTime();
            Duration dynamoCpu0 = dynamodb.cpuTime();
            long t0 = System.nanoTime();
            env.execute("replay benchmark");
            double seconds = (System.nanoTime() - t0) / 1e9;
            double jobCpu = ownCpuTime().minus(jobCpu0).toMillis() / 1e3;
            double dynamoCpu = dynamodb.cpuTime().minus(dynamoCpu0).toMillis() / 1e3;

            long counted = dynamodb.itemCount(config.dynamodb.aggregatesTable);
            // Every host sends every 10 s: one item per host and minute, and per 5 minutes.
            long expected = (long) hours * HOSTS * (60 + 12);
            long deadLetters = dynamodb.itemCount(config.dynamodb.deadLettersTable);
            System.out.printf(
                    "aggregate items: %d of the %d windows in the archive; dead letters: %d%n",
                    counted, expected, deadLetters);
            System.out.printf(
                    "replayed %d events (%d hours of event time) in %.1f s: %.0f events/s,"
                            + " %.0fx real time%n",
                    events, hours, seconds, events / seconds, hours * 3600 / seconds);
            System.out.printf(
                    "aggregate items written: %d, %.3f DynamoDB writes per input event"
                            + " (the old processor: 1.000)%n",
                    counted, (double) counted / events);
            // Where the two cores went: what the job would reach if the store took no CPU.
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(
                    "CPU: the job %.0f s, DynamoDB Local %.0f s, of %.0f s on %d cores;"
                            + " the job alone on %d cores: %.0fx real time%n",
                    jobCpu,
                    dynamoCpu,
                    seconds * cores,
                    cores,
                    cores,
                    hours * 3600 / (jobCpu / cores));
            // What users pay: write units by item size, not items.
            double unitsPerItem = meanWriteUnits(dynamodb, config.dynamodb.aggregatesTable);
            double unitsPerEvent = counted * unitsPerItem / events;
            double oldUnitsPerEvent = oldProcessorWriteUnits(archive);
            System.out.printf(
                    "write units: %.2f per aggregate item (a sample of %d), %.3f per input event;"
                            + " the old processor's item per event: %.2f per event; ratio %.3f%n",
                    unitsPerItem,
                    SIZE_SAMPLE,
                    unitsPerEvent,
                    oldUnitsPerEvent,
                    unitsPerEvent / oldUnitsPerEvent);
            System.out.println("replay_x_real_time=" + Math.round(hours * 3600 / seconds));
            System.out.println("write_units_per_event=" + String.format("%.4f", unitsPerEvent));
            System.out.println(
                    "writes_per_event=" + String.format("%.4f", (double) counted / events));
        } finally {
            try (Stream<Path> walk = Files.walk(archive)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final int SIZE_SAMPLE = 2_000;

    /** Mean write units of the table's first items (their sizes barely vary). */
    private static double meanWriteUnits(DynamoDbLocal dynamodb, String table) {
        List<Map<String, AttributeValue>> items =
                dynamodb.client().scan(b -> b.tableName(table).limit(SIZE_SAMPLE)).items();
        return items.stream().mapToLong(ItemGuard::writeUnits).average().orElse(0);
    }

    /**
     * Write units per event of the processor metricpipe replaces: one {@code analytics-data} item
     * per event (as compatibility mode writes it), over the archive's first events.
     */
    private static double oldProcessorWriteUnits(Path archive) throws IOException {
        CompatibilityItems items = new CompatibilityItems();
        Path first;
        try (Stream<Path> walk = Files.walk(archive)) {
            first = walk.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
        }
        long units = 0;
        int n = 0;
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(first)),
                                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine();
                    line != null && n < SIZE_SAMPLE;
                    line = lines.readLine(), n++) {
                units +=
                        ItemGuard.writeUnits(
                                items.toItem(
                                        RawEvent.of("host", System.currentTimeMillis(), line)));
            }
        }
        return (double) units / n;
    }

    /**
     * One gzipped JSONL file per hour folder. Each hour is simulated on its own (so the agents'
     * cumulative counters start afresh each hour, which the job takes as a restart).
     */
    private static long writeArchive(Path root, int hours) throws IOException {
        // Recent hours: items of windows older than dynamodb.ttl (30 days) are expired when
        // written, and DynamoDB Local's TTL sweeper deletes them during the run.
        long start = (System.currentTimeMillis() / HOUR - hours - 1) * HOUR;
        long events = 0;
        for (int h = 0; h < hours; h++) {
            long hourStart = start + h * HOUR;
            List<SimulatedRecord> records =
                    new CollectorSimulator(hourStart)
                            .seed(h)
                            .ticks((int) (HOUR / CollectorSimulator.TICK_MS))
                            .hosts(HOSTS, 0)
                            .webapps(0)
                            .perTick(0, 0)
                            .malformed(false)
                            .records();
            Path file =
                    root.resolve(FOLDER.format(Instant.ofEpochMilli(hourStart)))
                            .resolve("collector-events-" + h + ".jsonl.gz");
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (SimulatedRecord r : records) {
                    out.write(r.data());
                    out.write('\n');
                }
            }
            events += records.size();
        }
        return events;
    }

    private static Duration ownCpuTime() {
        return Duration.ofNanos(
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
