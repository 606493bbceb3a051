package io.metricpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.core.pipeline.RouteDecoded;
import io.metricpipe.core.pipeline.WindowedAggregation;
import io.metricpipe.testing.CollectorSimulator;
import io.metricpipe.testing.SimulatedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;

/**
 * vm-metrics events/s through decode → window aggregate (1 min, 5 min roll-up) → a discarding sink,
 * at parallelism 2 on the local cluster settings the demo runs with, against a JSON-parse-only job
 * over the same bytes. The two jobs run alternately in one JVM and the best of the measured rounds
 * is reported for each, so machine noise hits both alike.
 */
public final class PipelineBenchmark {
    private static final int HOSTS = 200;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<byte[]> inTimeOrder = inTimeOrder(ticks);
        byte[][] events = forTwoReaders(inTimeOrder);
        byte[][] oneReader = inTimeOrder.toArray(new byte[0][]);
        Events.events = events;
        System.out.printf(
                Locale.ROOT,
                "%d vm-metrics events, %d bytes on average, %d hosts, parallelism 2%n",
                events.length,
                totalBytes(events) / events.length,
                HOSTS);

        double pipeline = 0;
        double parseOnly = 0;
        // Warm-up of both paths. The pipeline has far more code for the JIT to compile than a
        // parse: after one warm-up round its next round still ran at a third of its steady rate.
        double oneSlot = 0;
        for (int w = 0; w < 2; w++) {
            run(events, true, 2);
            run(events, false, 2);
        }
        for (int r = 0; r < rounds; r++) {
            double p = run(events, true, 2);
            double b = run(events, false, 2);
            // One slot reads the events in time order (one reader).
            Events.events = oneReader;
            double p1 = run(oneReader, true, 1);
            Events.events = events;
            System.out.printf(
                    Locale.ROOT,
                    "round %d: pipeline %.0f/s, parse-only %.0f/s, pipeline on 1 slot %.0f/s%n",
                    r + 1,
                    p,
                    b,
                    p1);
            pipeline = Math.max(pipeline, p);
            parseOnly = Math.max(parseOnly, b);
            oneSlot = Math.max(oneSlot, p1);
        }
        System.out.printf(Locale.ROOT, "ratio=%.2f%n", pipeline / parseOnly);
        System.out.printf(Locale.ROOT, "pipeline_1_slot_events_per_s=%.0f%n", oneSlot);
        System.out.printf(Locale.ROOT, "scaling_1_to_2_slots=%.2f%n", pipeline / oneSlot);
        System.out.printf(Locale.ROOT, "pipeline_events_per_s=%.0f%n", pipeline);
        System.out.printf(Locale.ROOT, "parse_only_events_per_s=%.0f%n", parseOnly);
        System.out.flush();
        // The local cluster leaves non-daemon threads behind.
        System.exit(0);
    }

    /** vm-metrics only, in time order. */
    static List<byte[]> inTimeOrder(int ticks) {
        List<SimulatedRecord> records =
                new CollectorSimulator(1_763_856_000_000L)
                        .ticks(ticks)
                        .hosts(HOSTS, 0)
                        .webapps(0)
                        .perTick(0, 0)
                        .outOfOrderEvery(0)
                        .malformed(false)
                        .records();
        List<byte[]> inTimeOrder = new ArrayList<>();
        for (SimulatedRecord r : records) {
            inTimeOrder.add(r.data());
        }
        return inTimeOrder;
    }

    /** Interleaved so each of the two source readers advances through time. */
    static byte[][] forTwoReaders(List<byte[]> inTimeOrder) {
        // DataGeneratorSource gives reader 0 the first half of the indices and reader 1 the
        // second; index i maps to event 2i (first half) or 2(i - n/2) + 1 (second half).
        int n = inTimeOrder.size() / 2 * 2;
        byte[][] byIndex = new byte[n][];
        for (int i = 0; i < n / 2; i++) {
            byIndex[i] = inTimeOrder.get(2 * i);
            byIndex[n / 2 + i] = inTimeOrder.get(2 * i + 1);
        }
        return byIndex;
    }

    private static long totalBytes(byte[][] events) {
        long total = 0;
        for (byte[] e : events) {
            total += e.length;
        }
        return total;
    }

    /** Events per second of one run, by the job's own net runtime. */
    static double run(byte[][] events, boolean pipeline, int parallelism) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        parallelism, ExecutionSettings.localCluster());
        ExecutionSettings.apply(env.getConfig());
        DataGeneratorSource<byte[]> source =
                new DataGeneratorSource<>(
                        new Events(),
                        events.length,
                        RateLimiterStrategy.noOp(),
                        TypeInformation.of(byte[].class));
        DataStream<byte[]> bytes =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "vm-metrics");
        if (pipeline) {
            DataStream<ResourceSamples> samples =
                    bytes.map(new Decode())
                            .assignTimestampsAndWatermarks(
                                    WatermarkStrategy.<DecodedRecord>forBoundedOutOfOrderness(
                                                    Duration.ofSeconds(20))
                                            .withTimestampAssigner((r, t) -> r.eventTime()))
                            .process(new RouteDecoded());
            WindowedAggregation.apply(
                            samples,
                            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
                            Duration.ofMinutes(2),
                            16 * 1024)
                    .results()
                    .addSink(new DiscardingSink<WindowResult>());
        } else {
            bytes.map(new ParseOnly()).returns(Types.INT).addSink(new DiscardingSink<>());
        }
        long ms = env.execute(pipeline ? "pipeline" : "parse-only").getNetRuntime();
        return events.length * 1000.0 / ms;
    }

    /**
     * Reads the events from a static holder: the local cluster runs in this JVM, and shipping
     * hundreds of MB inside the job graph would measure Java serialization instead.
     */
    private static final class Events implements GeneratorFunction<Long, byte[]> {
        private static final long serialVersionUID = 1L;
        static byte[][] events;

        @Override
        public byte[] map(Long index) {
            return events[index.intValue()];
        }
    }

    private static final class Decode extends RichMapFunction<byte[], DecodedRecord> {
        private static final long serialVersionUID = 1L;
        private transient EventDecoder decoder;
        private long arrival;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            decoder = new EventDecoder(DecoderSettings.defaults());
            arrival = System.currentTimeMillis();
        }

        @Override
        public DecodedRecord map(byte[] value) {
            return decoder.decode(value, "bench", null, arrival).toRecord();
        }
    }

    /** The baseline: the same bytes parsed to a JSON tree, nothing else. */
    private static final class ParseOnly extends RichMapFunction<byte[], Integer> {
        private static final long serialVersionUID = 1L;
        private transient ObjectMapper json;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            json = new ObjectMapper();
        }

        @Override
        public Integer map(byte[] value) throws Exception {
            JsonNode tree = json.readTree(value);
            return tree.size();
        }
    }
}
