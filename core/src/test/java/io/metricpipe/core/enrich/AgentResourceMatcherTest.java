package io.metricpipe.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.config.MatchingSection;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.WindowResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AgentResourceMatcherTest {
    private static final long MINUTE = 60_000;
    private static final String A = "arn:aws:ec2:eu-west-1:123456789012:instance/i-aaa";
    private static final String B = "arn:aws:ec2:eu-west-1:123456789012:instance/i-bbb";
    private static final String LB =
            "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop/0123456789abcdef";

    /** A harness not yet opened, so a test can restore state into it first. */
    private static KeyedBroadcastOperatorTestHarness<
                    String, WindowResult, ResourceRecord, WindowResult>
            harness() throws Exception {
        return harness(new MatchingSection());
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, WindowResult, ResourceRecord, WindowResult>
            harness(MatchingSection matching) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AgentResourceMatcher(new AgentMatching(matching), 10 * MINUTE),
                        List.of(AgentResourceMatcher.INVENTORY)),
                r -> r.resourceKey,
                Types.STRING,
                1,
                1,
                0);
    }

    private static WindowResult window(String resourceKey, long start) {
        WindowResult r = new WindowResult();
        r.resourceKey = resourceKey;
        r.resourceType = resourceKey.substring(0, resourceKey.indexOf('/'));
        r.windowStart = start;
        r.windowSizeMs = MINUTE;
        r.revision = 1;
        r.metrics = new MetricStats[0];
        r.attributeKeys = new String[0];
        r.attributeValues = new String[0];
        return r;
    }

    private static WindowResult host(String name, String ip, String hostname, long start) {
        WindowResult r = window("host/" + name, start);
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
                                        + r.attribute(ResourceMetadata.RESOURCE_ID))
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
            for (WindowResult out : h.extractOutputValues()) {
                assertThat(out.attribute("platform")).as("the agent's own").isEqualTo("Linux");
                assertThat(out.attribute("aws.instanceType")).isEqualTo("t3.small");
                assertThat(out.attribute("aws.resource.name")).isEqualTo("i-aaa");
                assertThat(out.attribute("aws.resource.type")).isEqualTo("ec2:instance");
            }
        }
    }

    @Test
    void anInstanceIdSentOrUsedAsTheHostIdWinsOverTheAddress() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            h.processBroadcastElement(InstanceIndexTest.instance(B, "10.0.2.20", 0), 0);
            WindowResult sent = host("web-01", "10.0.1.10", null, MINUTE);
            sent.attributeKeys = new String[] {"instance_id", "ip_address"};
            sent.attributeValues = new String[] {"i-bbb", "10.0.1.10"};
            h.processElement(sent, 2 * MINUTE - 1);
            h.processElement(window("host/i-aaa", MINUTE), 2 * MINUTE - 1); // a vm_stats id

            h.watermark(3 * MINUTE);

            assertThat(matches(h))
                    .containsExactlyInAnyOrder("host/web-01@1=" + B, "host/i-aaa@1=" + A);
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
    void aWebAppMeetsItsTaggedResourceAndAServiceItsArn() throws Exception {
        MatchingSection matching = new MatchingSection();
        matching.agents = false;
        matching.apps.put("Shop.example.com", "tag:app=shop");
        matching.apps.put("checkout", LB);
        TreeMap<String, String> tags = new TreeMap<>(Map.of("app", "shop", "Name", "shop-alb"));
        try (var h = harness(matching)) {
            h.open();
            h.processBroadcastElement(
                    ResourceRecord.of(
                            LB, "elb:loadbalancer", "shop", "1", "eu-west-1", tags, tags, 0),
                    0);
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 0), 0);
            h.processElement(window("webapp/https://shop.example.com:8443/health", MINUTE), 0);
            h.processElement(window("service/checkout", MINUTE), 0);

            h.watermark(3 * MINUTE);

            assertThat(matches(h))
                    .containsExactlyInAnyOrder(
                            "webapp/https://shop.example.com:8443/health@1=" + LB,
                            "service/checkout@1=" + LB);
            assertThat(h.extractOutputValues())
                    .allSatisfy(r -> assertThat(r.attribute("aws.tag.Name")).isEqualTo("shop-alb"));
            assertThat(h.getBroadcastState(AgentResourceMatcher.INVENTORY).entries())
                    .as("with agents off, instances are kept only because tags can select them")
                    .hasSize(2);
        }
    }

    @Test
    void aRefreshThatChangesNothingKeepsNoNewRecordAndOldOnesArePruned() throws Exception {
        try (var h = harness()) {
            h.open();
            for (int refresh = 0; refresh < 30; refresh++) {
                long at = refresh * MINUTE;
                h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", at), at);
            }
            h.processBroadcastElement(InstanceIndexTest.instance(B, "10.0.2.20", 0), 0);
            h.processBroadcastElement(InstanceIndexTest.instance(B, "10.0.2.30", MINUTE), MINUTE);
            assertThat(h.getBroadcastState(AgentResourceMatcher.INVENTORY).entries()).hasSize(3);

            h.watermark(30 * MINUTE);
            h.processBroadcastElement(InstanceIndexTest.instance(A, "10.0.1.10", 30 * MINUTE), 0);

            assertThat(
                            StreamSupport.stream(
                                            h.getBroadcastState(AgentResourceMatcher.INVENTORY)
                                                    .entries()
                                                    .spliterator(),
                                            false)
                                    .map(Map.Entry::getKey))
                    .as("B's first version is older than the retention and no longer holds")
                    .containsExactlyInAnyOrder(A + "@0", B + "@" + MINUTE);
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
    void onlyHostsAndMappedAppsCanMatch() {
        MatchingSection section = new MatchingSection();
        section.apps.put("shop.example.com", LB);
        AgentMatching matching = new AgentMatching(section);

        assertThat(matching.canMatch(window("host/web-01", 0))).isTrue();
        assertThat(matching.canMatch(window("webapp/https://shop.example.com/", 0))).isTrue();
        assertThat(matching.canMatch(window("webapp/https://other.example.com/", 0))).isFalse();
        assertThat(matching.canMatch(window("service/checkout", 0))).isFalse();
        assertThat(matching.canMatch(window("app/global-app-events", 0))).isFalse();
        assertThat(matching.canMatch(window("custom/web-01", 0))).isFalse();
        section.agents = false;
        assertThat(new AgentMatching(section).canMatch(window("host/web-01", 0))).isFalse();
    }

    @Test
    void otherInventoryRecordsAreNotKept() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(InstanceIndexTest.database("10.0.1.10", 0), 0);

            assertThat(h.getBroadcastState(AgentResourceMatcher.INVENTORY).entries()).isEmpty();
        }
    }
}
