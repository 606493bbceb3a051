package io.metricpipe.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AgentInstanceMatcherTest {
    private static final long MINUTE = 60_000;
    private static final String A = "arn:aws:ec2:eu-west-1:123456789012:instance/i-aaa";
    private static final String B = "arn:aws:ec2:eu-west-1:123456789012:instance/i-bbb";

    /** A harness not yet opened, so a test can restore state into it first. */
    private static KeyedBroadcastOperatorTestHarness<
                    String, WindowResult, ResourceRecord, WindowResult>
            harness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AgentInstanceMatcher(10 * MINUTE),
                        List.of(AgentInstanceMatcher.INSTANCES)),
                r -> r.resourceKey,
                Types.STRING,
                1,
                1,
                0);
    }

    private static WindowResult host(String name, String ip, String hostname, long start) {
        WindowResult r = new WindowResult();
        r.resourceKey = "host/" + name;
        r.resourceType = "host";
        r.windowStart = start;
        r.windowSizeMs = MINUTE;
        r.revision = 1;
        r.metrics = new MetricStats[0];
        TreeMap<String, String> attributes = new TreeMap<>();
        if (ip != null) {
            attributes.put("ip_address", ip);
        }
        if (hostname != null) {
            attributes.put("hostname", hostname);
        }
        attributes.put("platform", "Linux");
        r.attributeKeys = attributes.keySet().toArray(new String[0]);
        r.attributeValues = attributes.values().toArray(new String[0]);
        return r;
    }

    private static List<String> matches(
            KeyedBroadcastOperatorTestHarness<String, WindowResult, ResourceRecord, WindowResult>
                    h) {
        return h.extractOutputValues().stream()
                .map(
                        r ->
                                r.resourceKey
                                        + "@"
                                        + r.windowStart / MINUTE
                                        + "="
                                        + r.attribute(AgentInstanceMatcher.RESOURCE_ID))
                .collect(Collectors.toList());
    }

    @Test
    void aWindowWaitsForBothWatermarksAndMatchesByIpOrHostname() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            h.processElement(host("web-01", "10.0.1.10", null, 5 * MINUTE), 6 * MINUTE - 1);
            h.processElement(host("web-02", null, "ip-10-0-1-10", 5 * MINUTE), 6 * MINUTE - 1);

            h.processWatermark(6 * MINUTE);
            assertThat(h.extractOutputValues()).as("the inventory has not reached it").isEmpty();
            h.processBroadcastWatermark(6 * MINUTE);

            assertThat(matches(h))
                    .containsExactlyInAnyOrder("host/web-01@5=" + A, "host/web-02@5=" + A);
            WindowResult out = h.extractOutputValues().get(0);
            assertThat(out.attribute("platform")).isEqualTo("Linux");
        }
    }

    @Test
    void anIpMovedToANewInstanceMatchesItFromTheRefreshThatSawIt() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            h.processBroadcastElement(
                    ResourceRecord.removed(A, "123456789012", "eu-west-1", 3 * MINUTE), 3 * MINUTE);
            h.processBroadcastElement(
                    InstanceIndexTest.instance(B, "10.0.1.10", 3 * MINUTE), 3 * MINUTE);
            h.processElement(host("web-01", "10.0.1.10", null, MINUTE), 2 * MINUTE - 1);
            h.processElement(host("web-01", "10.0.1.10", null, 3 * MINUTE), 4 * MINUTE - 1);

            h.watermark(5 * MINUTE);

            assertThat(matches(h)).containsExactly("host/web-01@1=" + A, "host/web-01@3=" + B);
        }
    }

    @Test
    void anUnmatchedHostPassesUnchanged() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            WindowResult laptop = host("laptop", "192.168.1.5", "laptop", MINUTE);
            h.processElement(laptop, 2 * MINUTE - 1);

            h.watermark(3 * MINUTE);

            assertThat(h.extractOutputValues()).containsExactly(laptop);
        }
    }

    @Test
    void theInstancesSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            h.processElement(host("web-01", "10.0.1.10", null, MINUTE), 2 * MINUTE - 1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(host("web-01", "10.0.1.10", null, 2 * MINUTE), 3 * MINUTE - 1);

            h.watermark(4 * MINUTE);

            assertThat(matches(h)).containsExactly("host/web-01@1=" + A, "host/web-01@2=" + A);
        }
    }

    @Test
    void otherInventoryRecordsAreNotKept() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.database("10.0.1.10", 0), 0);

            assertThat(h.getBroadcastState(AgentInstanceMatcher.INSTANCES).entries()).isEmpty();
        }
    }
}
