package io.metricpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.aggregate.ResourceWindowAggregate;
import io.metricpipe.core.aggregate.WindowAccumulator;
import io.metricpipe.core.aggregate.WindowAccumulatorSerializer;
import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.WindowResultSerializer;
import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.jobs.CollectorEvents;
import io.metricpipe.jobs.MetricpipeJob;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.SimulatedRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * State and checkpoints at scale: {@code resources} hosts (10,000 by default) each sending {@code
 * vm-metrics} every 10 s, live, through the whole job (1 min windows, 5 min roll-ups, DynamoDB
 * Local) with a checkpoint every 10 s. kinesis-mock cannot carry 1,000 records/s for minutes (its
 * puts slow down as a shard fills), so the events come from an in-process generator of the
 * simulator's records, decoded by the job's own decoder; the Kinesis source's own state is a
 * sequence number per shard. After the warm-up (the first 5-minute windows full), the checkpoints'
 * sizes and durations are read from the job's REST API, with each operator's state. The bytes of
 * one host's 1-minute window are measured by the state serializer itself.
 */
public final class StateBenchmark {
    private static final long MINUTE = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateBenchmark() {}

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        windowBytes();
        // Checkpoints to files, as on a self-run cluster: the window state is past the 5 MB the
        // JobManager's memory takes.
        Path checkpointDir = Files.createTempDirectory("metricpipe-state-bench");
        try (DynamoDbLocal dynamodb = DynamoDbLocal.startInChildProcess(2048)) {
            MetricpipeConfig config =
                    ConfigLoader.load(
                            null,
                            Map.of(
                                    "dynamodb.endpoint",
                                    dynamodb.endpoint(),
                                    "dynamodb.compatibilityEnabled",
                                    "false",
                                    "job.checkpointDir",
                                    checkpointDir.toUri().toString()));
            new TableProvisioner(dynamodb.client()).ensureTables(config.dynamodb);
            int restPort = Ports.free();
            Configuration flink = ExecutionSettings.localCluster();
            flink.addAll(config.job.stateAndCheckpoints());
            flink.set(RestOptions.PORT, restPort);
            flink.set(RestOptions.BIND_PORT, Integer.toString(restPort));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(2, flink);
            env.enableCheckpointing(config.job.checkpointInterval.toMillis());

            long start =
                    (System.currentTimeMillis() / CollectorSimulator.TICK_MS + 1)
                            * CollectorSimulator.TICK_MS;
            long ticks = minutes * MINUTE / CollectorSimulator.TICK_MS;
            DataGeneratorSource<DecodedRecord> generator =
                    new DataGeneratorSource<>(
                            new Fleet(resources, start),
                            ticks * resources,
                            org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy
                                    .perSecond(resources * 1000.0 / CollectorSimulator.TICK_MS),
                            TypeInformation.of(DecodedRecord.class));
            WatermarkStrategy<DecodedRecord> eventTime =
                    WatermarkStrategy.<DecodedRecord>forBoundedOutOfOrderness(
                                    config.kinesis.maxOutOfOrderness)
                            .withTimestampAssigner((r, previous) -> r.eventTime());
            CollectorEvents events =
                    e ->
                            e.fromSource(generator, eventTime, "fleet generator")
                                    .setParallelism(1)
                                    .uid("fleet-generator");
            new MetricpipeJob(config, events, LocalOutputs.dynamodb(config)).build(env);
            JobClient job = env.executeAsync("state benchmark");
            String api = "http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID();
            // Warm-up: the first 5-minute window has closed and its allowed lateness is running.
            long warmUp = start + 6 * MINUTE;
            Thread.sleep(Math.max(0, warmUp - System.currentTimeMillis()));
            Thread.sleep(Math.max(0, start + minutes * MINUTE - System.currentTimeMillis()));
            JsonNode checkpoints = get(api + "/checkpoints");
            report(api, checkpoints, warmUp, resources);
            job.cancel().get();
        } finally {
            try (Stream<Path> walk = Files.walk(checkpointDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The serialized bytes of one host's 1-minute window (6 events) and of its result. */
    private static void windowBytes() throws IOException {
        List<SimulatedRecord> minute =
                new CollectorSimulator(System.currentTimeMillis() / MINUTE * MINUTE - MINUTE)
                        .ticks(6)
                        .hosts(1, 0)
                        .webapps(0)
                        .perTick(0, 0)
                        .malformed(false)
                        .records();
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        ResourceWindowAggregate aggregate = new ResourceWindowAggregate();
        WindowAccumulator window = aggregate.createAccumulator();
        for (SimulatedRecord r : minute) {
            window =
                    aggregate.add(
                            decoder.record(
                                            r.data(),
                                            "bench",
                                            "0",
                                            System.currentTimeMillis(),
                                            false)
                                    .samples,
                            window);
        }
        DataOutputSerializer out = new DataOutputSerializer(4096);
        WindowAccumulatorSerializer.INSTANCE.serialize(window, out);
        int accumulator = out.length();
        out.clear();
        new WindowResultSerializer().serialize(aggregate.getResult(window), out);
        System.out.printf(
                Locale.ROOT,
                "one host's 1-minute window (%d events, %d metrics): accumulator %d bytes,"
                        + " result %d bytes%n",
                minute.size(),
                aggregate.getResult(window).metrics.length,
                accumulator,
                out.length());
        System.out.println("window_accumulator_bytes=" + accumulator);
    }

    private static void report(String api, JsonNode checkpoints, long after, int resources)
            throws IOException, InterruptedException {
        List<Long> sizes = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (JsonNode c : checkpoints.path("history")) {
            if (c.path("status").asText().equals("COMPLETED")
                    && c.path("trigger_timestamp").asLong() >= after) {
                sizes.add(c.path("state_size").asLong());
                durations.add(c.path("end_to_end_duration").asLong());
            }
        }
        sizes.sort(null);
        durations.sort(null);
        System.out.printf(
                Locale.ROOT,
                "checkpoints after the warm-up: %d; state size median %.1f MB (max %.1f MB),"
                        + " duration median %d ms (max %d ms); %d failed in the run%n",
                sizes.size(),
                median(sizes) / 1e6,
                sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1) / 1e6,
                median(durations),
                durations.isEmpty() ? 0 : durations.get(durations.size() - 1),
                checkpoints.path("counts").path("failed").asLong());
        System.out.printf(
                Locale.ROOT,
                "state per resource: %.0f bytes (median checkpoint / %d resources)%n",
                (double) median(sizes) / resources,
                resources);

        JsonNode latest = checkpoints.path("latest").path("completed");
        Map<String, String> names = new HashMap<>();
        for (JsonNode v : get(api).path("vertices")) {
            names.put(v.path("id").asText(), v.path("name").asText());
        }
        Map<String, Long> byOperator = new TreeMap<>();
        get(api + "/checkpoints/details/" + latest.path("id").asLong())
                .path("tasks")
                .fields()
                .forEachRemaining(
                        t ->
                                byOperator.put(
                                        names.getOrDefault(t.getKey(), t.getKey()),
                                        t.getValue().path("state_size").asLong()));
        System.out.println("state by operator in checkpoint " + latest.path("id").asLong() + ":");
        byOperator.forEach(
                (name, bytes) ->
                        System.out.printf(
                                Locale.ROOT,
                                "  %-60.60s %10d bytes, %6.0f per resource%n",
                                name,
                                bytes,
                                (double) bytes / resources));
        System.out.println("checkpoint_bytes_median=" + median(sizes));
        System.out.println("checkpoint_ms_median=" + median(durations));
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /**
     * Event {@code i}: host {@code i % resources} at tick {@code i / resources}, decoded as the
     * sources decode it. Each tick's records are simulated when the tick begins (a simulator per
     * tick, seeded by it, so values vary from tick to tick).
     */
    private static final class Fleet implements GeneratorFunction<Long, DecodedRecord> {
        private static final long serialVersionUID = 1L;
        private final int resources;
        private final long start;
        private transient EventDecoder decoder;
        private transient List<SimulatedRecord> tick;
        private transient long tickNumber;

        Fleet(int resources, long start) {
            this.resources = resources;
            this.start = start;
        }

        @Override
        public void open(SourceReaderContext context) {
            decoder = new EventDecoder(DecoderSettings.defaults());
            tickNumber = -1;
        }

        @Override
        public DecodedRecord map(Long i) {
            long t = i / resources;
            if (t != tickNumber) {
                tickNumber = t;
                tick =
                        new CollectorSimulator(start + t * CollectorSimulator.TICK_MS)
                                .seed(t)
                                .ticks(1)
                                .hosts(resources, 0)
                                .webapps(0)
                                .perTick(0, 0)
                                .malformed(false)
                                .records();
            }
            SimulatedRecord r = tick.get((int) (i % resources));
            return decoder.record(
                    r.data(), "generator", Long.toString(i), System.currentTimeMillis(), false);
        }
    }
}
