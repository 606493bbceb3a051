package io.metricpipe.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The enrichment join in Flink's two-input operator harness. */
class ResourceEnricherTest {
    private static final long T0 = 1_763_856_000_000L;
    private static final long MINUTE = 60_000;
    private static final String ARN = "arn:aws:ec2:eu-west-1:123456789012:instance/i-1";

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, WindowResult, ResourceRecord, WindowResult>
            harness() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, WindowResult, ResourceRecord, WindowResult>
                h =
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new KeyedCoProcessOperator<>(new ResourceEnricher(3_600_000)),
                                r -> r.resourceKey,
                                r -> r.arn,
                                Types.STRING);
        h.open();
        return h;
    }

    private static WindowResult window(String key, long start) {
        MetricStats cpu = new MetricStats();
        cpu.name = "aws.CPUUtilization.average";
        cpu.count = 1;
        cpu.last = 42;
        WindowResult r = new WindowResult();
        r.resourceKey = key;
        r.resourceType = "ec2";
        r.windowStart = start;
        r.windowSizeMs = MINUTE;
        r.revision = 1;
        r.metrics = new MetricStats[] {cpu};
        r.attributeKeys = new String[] {"cloud.region"};
        r.attributeValues = new String[] {"eu-west-1"};
        return r;
    }

    private static ResourceRecord version(long observedAt, String team) {
        TreeMap<String, String> attributes = new TreeMap<>(Map.of("instanceType", "t3.micro"));
        TreeMap<String, String> tags =
                new TreeMap<>(Map.of("Name", "web-1", "team", team, "env", "prod"));
        return ResourceRecord.of(
                ARN,
                "ec2:instance",
                "i-1",
                "123456789012",
                "eu-west-1",
                attributes,
                tags,
                observedAt);
    }

    private static List<WindowResult> emitted(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, WindowResult> h) {
        List<WindowResult> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                @SuppressWarnings("unchecked")
                StreamRecord<WindowResult> r = (StreamRecord<WindowResult>) o;
                out.add(r.getValue());
            }
        }
        return out;
    }

    private static Map<String, String> attributes(WindowResult r) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < r.attributeKeys.length; i++) {
            m.put(r.attributeKeys[i], r.attributeValues[i]);
        }
        return m;
    }

    @Test
    void aResultWaitsForTheInventoryAndGetsTheVersionThatHeldAtItsWindowEnd() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<
                        String, WindowResult, ResourceRecord, WindowResult>
                h = harness()) {
            h.processWatermark2(new Watermark(T0 - 1));
            h.processElement1(new StreamRecord<>(window(ARN, T0), T0 + MINUTE - 1));
            h.processWatermark1(new Watermark(T0 + MINUTE));
            assertThat(emitted(h)).as("the inventory has not reached the window end").isEmpty();

            h.processElement2(new StreamRecord<>(version(T0 - 10_000, "a"), T0 - 10_000));
            h.processElement2(new StreamRecord<>(version(T0 + 90_000, "b"), T0 + 90_000));
            h.processWatermark2(new Watermark(T0 + 100_000));

            List<WindowResult> out = emitted(h);
            assertThat(out).hasSize(1);
            Map<String, String> a = attributes(out.get(0));
            assertThat(a)
                    .containsEntry("aws.tag.team", "a")
                    .containsEntry("aws.resource.name", "web-1")
                    .containsEntry("aws.resource.type", "ec2:instance")
                    .containsEntry("aws.instanceType", "t3.micro")
                    .containsEntry("cloud.account.id", "123456789012")
                    .containsEntry("cloud.resource_id", ARN)
                    .containsEntry("deployment.environment.name", "prod")
                    .containsEntry("cloud.region", "eu-west-1");
            assertThat(out.get(0).metrics).isEqualTo(window(ARN, T0).metrics);

            // A later window, once both inputs are past it, takes the newer version at once.
            h.processWatermark1(new Watermark(T0 + 3 * MINUTE));
            h.processWatermark2(new Watermark(T0 + 3 * MINUTE));
            h.processElement1(new StreamRecord<>(window(ARN, T0 + MINUTE), T0 + 2 * MINUTE - 1));
            assertThat(attributes(emitted(h).get(1))).containsEntry("aws.tag.team", "b");
        }
    }

    @Test
    void unknownResourcesPassUnchangedAndOldWindowsGetTheEarliestVersion() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<
                        String, WindowResult, ResourceRecord, WindowResult>
                h = harness()) {
            h.processElement2(new StreamRecord<>(version(T0 + 10 * MINUTE, "a"), T0));
            h.processWatermark1(new Watermark(T0 + 20 * MINUTE));
            h.processWatermark2(new Watermark(T0 + 20 * MINUTE));

            WindowResult host = window("host/web-01", T0);
            h.processElement1(new StreamRecord<>(host, T0));
            h.processElement1(new StreamRecord<>(window(ARN, T0), T0));

            List<WindowResult> out = emitted(h);
            assertThat(out.get(0)).isEqualTo(host);
            assertThat(attributes(out.get(1))).containsEntry("aws.tag.team", "a");
        }
    }

    @Test
    void removedVersionsAreSkippedAndVersionsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedTwoInputStreamOperatorTestHarness<
                        String, WindowResult, ResourceRecord, WindowResult>
                h = harness()) {
            h.processElement2(new StreamRecord<>(version(T0, "a"), T0));
            h.processElement2(
                    new StreamRecord<>(
                            ResourceRecord.removed(ARN, "123456789012", "eu-west-1", T0 + 1),
                            T0 + 1));
            snapshot = h.snapshot(1, T0 + 2);
        }
        try (KeyedTwoInputStreamOperatorTestHarness<
                        String, WindowResult, ResourceRecord, WindowResult>
                h =
                        new KeyedTwoInputStreamOperatorTestHarness<>(
                                new KeyedCoProcessOperator<>(new ResourceEnricher(3_600_000)),
                                r -> r.resourceKey,
                                r -> r.arn,
                                Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            h.processWatermark1(new Watermark(T0 + 10 * MINUTE));
            h.processWatermark2(new Watermark(T0 + 10 * MINUTE));
            h.processElement1(new StreamRecord<>(window(ARN, T0 + 5 * MINUTE), T0));
            assertThat(attributes(emitted(h).get(0))).containsEntry("aws.tag.team", "a");

            // A resource gone for longer than the retention (1 h) keeps no state.
            assertThat(h.numKeyedStateEntries()).isPositive();
            h.processWatermark1(new Watermark(T0 + 60 * MINUTE));
            h.processWatermark2(new Watermark(T0 + 60 * MINUTE));
            assertThat(h.numKeyedStateEntries()).isPositive();
            h.processWatermark1(new Watermark(T0 + 61 * MINUTE));
            h.processWatermark2(new Watermark(T0 + 61 * MINUTE));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
