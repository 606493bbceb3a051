package io.metricpipe.core.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A window whose events all share one names array keeps them as rows and computes its statistics
 * per column at the end; a window whose events each bring their own array folds them into
 * per-metric accumulators as they come. Both must give the same result, bit for bit.
 */
class EventRowsTest {
    private static final byte GAUGE = MetricKind.GAUGE.code();
    private static final byte COUNTER = MetricKind.COUNTER.code();

    private static final String[] NAMES = {
        "mem.used", "cpu.user", "net.bytes_recv", "disk.reads", "cpu.idle", "load1", "net.errin"
    };
    private static final byte[] KINDS = {GAUGE, GAUGE, COUNTER, COUNTER, GAUGE, GAUGE, COUNTER};
    private static final String[] ATTRIBUTE_KEYS = {"hostname", "boot_time", "architecture"};
    private static final String[] NO_ATTRIBUTES = {};

    @Test
    void rowsGiveTheAccumulatorsResultForRandomWindows() throws IOException {
        Random random = new Random(42);
        int overLimit = 0;
        for (int window = 0; window < 600; window++) {
            List<ResourceSamples> events = randomWindow(random);
            Collections.shuffle(events, random);
            WindowAccumulator rows = new WindowAccumulator();
            WindowAccumulator accumulators = new WindowAccumulator();
            for (ResourceSamples s : events) {
                rows.add(s);
                accumulators.add(withOwnArrays(s));
            }
            // Windows over the limit go the accumulators' way.
            assertThat(rows.keepsRows()).isEqualTo(events.size() <= EventRows.LIMIT);
            overLimit += events.size() > EventRows.LIMIT ? 1 : 0;
            WindowResult expected = accumulators.toResult();
            assertThat(rows.toResult().metrics)
                    .as("window %d", window)
                    .containsExactly(expected.metrics);
            assertThat(rows.toResult().attributeValues).containsExactly(expected.attributeValues);
            // The checkpoint form folds the rows; restored, the window goes on as accumulators.
            WindowAccumulator restored = roundTrip(rows);
            assertThat(restored.toResult().metrics).containsExactly(expected.metrics);
            ResourceSamples more = events.get(0);
            restored.add(more);
            rows.add(more);
            accumulators.add(withOwnArrays(more));
            assertThat(rows.toResult().metrics).containsExactly(accumulators.toResult().metrics);
            assertThat(restored.toResult().metrics)
                    .containsExactly(accumulators.toResult().metrics);
        }
        assertThat(overLimit).isBetween(10, 100);
    }

    @Test
    void aSecondShapeKindsLabelsOrAttributeKeysFoldTheRowsIntoAccumulators() {
        String[] other = NAMES.clone();
        ResourceSamples first = event(1_000, NAMES, KINDS, new double[NAMES.length]);
        for (ResourceSamples second :
                new ResourceSamples[] {
                    event(2_000, other, KINDS, new double[NAMES.length]),
                    event(2_000, NAMES, KINDS.clone(), new double[NAMES.length]),
                    withLabels(event(2_000, NAMES, KINDS, new double[NAMES.length])),
                    withAttributes(event(2_000, NAMES, KINDS, new double[NAMES.length]))
                }) {
            WindowAccumulator acc = new WindowAccumulator();
            acc.add(first);
            assertThat(acc.keepsRows()).isTrue();
            acc.add(second);
            boolean sameShape =
                    second.names == NAMES
                            && second.labels == null
                            && second.attributeKeys == NO_ATTRIBUTES
                            && java.util.Arrays.equals(second.kinds, KINDS);
            assertThat(acc.keepsRows()).isEqualTo(sameShape);
            assertThat(acc.toResult().metric("cpu.user").count).isEqualTo(2);
        }
    }

    @Test
    void occurrencesAndRepeatedNamesAreNeverKeptAsRows() {
        byte[] kinds = KINDS.clone();
        kinds[0] = MetricKind.OCCURRENCE.code();
        WindowAccumulator occurrences = new WindowAccumulator();
        occurrences.add(event(1_000, NAMES, kinds, new double[NAMES.length]));
        assertThat(occurrences.keepsRows()).isFalse();

        String[] repeated = NAMES.clone();
        repeated[3] = repeated[1];
        WindowAccumulator twice = new WindowAccumulator();
        twice.add(event(1_000, repeated, KINDS, new double[NAMES.length]));
        assertThat(twice.keepsRows()).isFalse();
        assertThat(twice.toResult().metrics).hasSize(NAMES.length - 1);
    }

    /**
     * 1 to 90 events of one host (over {@link EventRows#LIMIT} sometimes), with timestamps that
     * repeat, counters that reset, whole, fractional, negative, signed-zero and huge values.
     */
    static List<ResourceSamples> randomWindow(Random random) {
        int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 90 : 12);
        double[] counters = new double[NAMES.length];
        List<ResourceSamples> events = new ArrayList<>();
        long ts = 60_000;
        for (int e = 0; e < n; e++) {
            ts += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(10_000);
            double[] values = new double[NAMES.length];
            for (int i = 0; i < NAMES.length; i++) {
                if (KINDS[i] == COUNTER) {
                    counters[i] =
                            random.nextInt(15) == 0
                                    ? random.nextInt(100)
                                    : counters[i] + increment(random);
                    values[i] = counters[i];
                } else {
                    values[i] = gauge(random);
                }
            }
            ResourceSamples s = event(ts, NAMES, KINDS, values);
            s.attributeKeys = ATTRIBUTE_KEYS;
            s.attributeValues =
                    new String[] {"h" + random.nextInt(3), Long.toString(ts / 7), "x86_64"};
            events.add(s);
        }
        return events;
    }

    private static double increment(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(5000);
            case 1:
                return random.nextDouble() * 100;
            case 2:
                return 0;
            default:
                return 0x1p60 * random.nextDouble();
        }
    }

    private static double gauge(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return -0.0;
            case 1:
                return 0.0;
            case 2:
                return random.nextInt(100);
            case 3:
                return random.nextGaussian() * 1e300;
            default:
                return random.nextDouble() * 100 - 20;
        }
    }

    private static ResourceSamples event(long ts, String[] names, byte[] kinds, double[] values) {
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = "host/h1";
        s.resourceType = "host";
        s.timestamp = ts;
        s.names = names;
        s.kinds = kinds;
        s.values = values;
        s.attributeKeys = NO_ATTRIBUTES;
        s.attributeValues = NO_ATTRIBUTES;
        return s;
    }

    private static ResourceSamples withOwnArrays(ResourceSamples s) {
        ResourceSamples c = event(s.timestamp, s.names.clone(), s.kinds.clone(), s.values.clone());
        c.attributeKeys = s.attributeKeys.clone();
        c.attributeValues = s.attributeValues.clone();
        return c;
    }

    private static ResourceSamples withAttributes(ResourceSamples s) {
        s.attributeKeys = new String[] {"platform"};
        s.attributeValues = new String[] {"Linux"};
        return s;
    }

    private static ResourceSamples withLabels(ResourceSamples s) {
        s.labels = new String[s.names.length];
        return s;
    }

    private static WindowAccumulator roundTrip(WindowAccumulator acc) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        WindowAccumulatorSerializer.INSTANCE.serialize(acc, out);
        return WindowAccumulatorSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
