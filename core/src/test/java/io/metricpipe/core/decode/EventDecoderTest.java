package io.metricpipe.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {
    /** The fixtures are stamped 2025-11-23T00:00:00Z; they arrive a second later. */
    static final long ARRIVAL = 1_763_856_001_000L;

    private final EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = EventDecoderTest.class.getResourceAsStream("/events/" + name)) {
            return in.readAllBytes();
        }
    }

    private DecodeResult decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private DecodeResult decode(byte[] bytes) {
        return decoder.decode(bytes, "kinesis:events:shardId-000000000000", "4711", ARRIVAL);
    }

    private static Map<String, Double> values(ResourceSamples s) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            m.put(s.names[i], s.values[i]);
        }
        return m;
    }

    private static Map<String, MetricKind> kinds(ResourceSamples s) {
        Map<String, MetricKind> m = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            m.put(s.names[i], MetricKind.ofCode(s.kinds[i]));
        }
        return m;
    }

    private static Map<String, String> attributes(ResourceSamples s) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < s.attributeKeys.length; i++) {
            m.put(s.attributeKeys[i], s.attributeValues[i]);
        }
        return m;
    }

    @Test
    void vmMetricsAsTheAgentSendsThem() throws IOException {
        DecodeResult r = decode(fixture("vm-metrics.json"));

        assertThat(r.isOk()).isTrue();
        ResourceSamples s = r.samples();
        assertThat(s.resourceKey).isEqualTo("host/web-01");
        assertThat(s.resourceType).isEqualTo("host");
        assertThat(s.timestamp).isEqualTo(1_763_856_000_000L);
        assertThat(s.sourcePosition).isEqualTo("kinesis:events:shardId-000000000000/4711");
        Map<String, Double> v = values(s);
        assertThat(v)
                .containsEntry("cpu.usage_percent", 37.5)
                .containsEntry("cpu.count", 4.0)
                .containsEntry("cpu.per_core{core=1}", 45.0)
                .containsEntry("memory.used_gb", 6.05)
                .containsEntry("memory.swap_percent", 0.0)
                .containsEntry("disk.usage_percent", 42.6)
                .containsEntry("disk.read_bytes", 1893126144.0)
                .containsEntry("network.drops_in", 12.0)
                .containsEntry("system_info.uptime_hours", 63.78)
                // frequency_mhz is null: absent, not an error
                .doesNotContainKey("cpu.frequency_mhz");
        assertThat(v).hasSize(1 + 2 + 4 + 7 + 4 + 4 + 8);
        assertThat(kinds(s))
                .containsEntry("disk.read_bytes", MetricKind.COUNTER)
                .containsEntry("network.bytes_recv", MetricKind.COUNTER)
                .containsEntry("disk.used_gb", MetricKind.GAUGE);
        assertThat(attributes(s))
                .containsEntry("ip_address", "10.0.1.17")
                .containsEntry("platform", "Linux")
                .containsEntry("boot_time", "2026-11-20T08:12:44");
        assertThat(r.hasDroppedFields()).isFalse();
    }

    @Test
    void aVmMetricsEventMayNameItsInstance() {
        ResourceSamples s =
                decode(
                                "{\"type\":\"vm-metrics\",\"id\":\"e1\",\"timestamp\":"
                                        + (ARRIVAL - 1_000)
                                        + ",\"source\":\"web-01\",\"system_info\":{\"hostname\":"
                                        + "\"web-01\",\"instance_id\":\"i-0abc\"},"
                                        + "\"cpu\":{\"usage_percent\":5}}")
                        .samples();

        assertThat(attributes(s))
                .containsEntry("instance_id", "i-0abc")
                .containsEntry("hostname", "web-01");
    }

    @Test
    void webappMetrics() throws IOException {
        DecodeResult r = decode(fixture("webapp-metrics.json"));

        ResourceSamples s = r.samples();
        assertThat(s.resourceKey).isEqualTo("webapp/https://shop.example.com");
        assertThat(values(s))
                .containsEntry("health.up", 1.0)
                .containsEntry("health.status{status=online}", 1.0)
                .containsEntry("health.response_time_ms", 182.4)
                .containsEntry("performance.max_response_time_ms", 611.0)
                .containsEntry("usage.traffic_sources.organic", 63.0)
                .containsEntry("usage.total_errors", 351.0);
        assertThat(kinds(s))
                .containsEntry("performance.total_requests", MetricKind.COUNTER)
                .containsEntry("health.status{status=online}", MetricKind.OCCURRENCE);
    }

    @Test
    void webappThatIsDownIsNotUp() {
        DecodeResult r =
                decode(
                        "{\"type\":\"webapp-metrics\",\"timestamp\":1763856000000,"
                                + "\"source\":\"https://x\",\"health\":{\"status\":\"timeout\","
                                + "\"error\":\"read timed out\"}}");
        assertThat(values(r.samples()))
                .containsEntry("health.up", 0.0)
                .containsEntry("health.status{status=timeout}", 1.0);
    }

    @Test
    void vmStatsSecondGeneration() throws IOException {
        ResourceSamples s = decode(fixture("vm_stats.json")).samples();
        assertThat(s.resourceKey).isEqualTo("host/vm-7f3a");
        assertThat(values(s))
                .containsEntry("cpu_usage", 12.4)
                .containsEntry("memory_used", 3107979264.0)
                .containsEntry("disk_percent", 38.0)
                .hasSize(7);
        assertThat(attributes(s)).containsEntry("boot_time", "1.763600000123E9");
    }

    @Test
    void appEventCountsActionPageAndDistinctUser() throws IOException {
        ResourceSamples s = decode(fixture("app_event.json")).samples();
        assertThat(s.resourceKey).isEqualTo("app/global-app-events");
        assertThat(kinds(s))
                .containsEntry("app.events{action=view_page}", MetricKind.OCCURRENCE)
                .containsEntry("app.page_views{page=/products}", MetricKind.OCCURRENCE)
                .containsEntry("app.events{browser=Firefox}", MetricKind.OCCURRENCE)
                .containsEntry("app.users", MetricKind.DISTINCT);
        int users = Arrays.asList(s.names).indexOf("app.users");
        assertThat(s.labels[users]).isEqualTo("user_17");
    }

    @Test
    void appEventWithNullPageHasNoPageView() {
        ResourceSamples s =
                decode(
                                "{\"id\":\"global-app-events\",\"event_id\":\"evt-1\",\"timestamp\":1763856000000,"
                                        + "\"type\":\"app_event\",\"user\":\"u1\",\"action\":\"logout\",\"page\":null,"
                                        + "\"meta\":{\"browser\":\"Chrome\",\"os\":\"macOS\"}}")
                        .samples();
        assertThat(values(s).keySet()).noneMatch(n -> n.startsWith("app.page_views"));
        assertThat(values(s)).containsKey("app.events{action=logout}");
    }

    @Test
    void httpRequestGivesRedMetrics() throws IOException {
        ResourceSamples s = decode(fixture("http-request.json")).samples();
        assertThat(s.resourceKey).isEqualTo("service/checkout");
        assertThat(values(s))
                .containsEntry("http.server.requests", 1.0)
                .containsEntry("http.server.errors", 1.0)
                .containsEntry("http.server.request.duration", 87.5)
                .containsEntry("http.server.request.duration{method=POST,route=/api/orders}", 87.5)
                .containsEntry("http.server.errors{method=POST,route=/api/orders}", 1.0);
    }

    @Test
    void successfulRequestIsNoError() {
        ResourceSamples s =
                decode(
                                "{\"timestamp\":1763856000000,\"type\":\"http-request\",\"service\":\"a\","
                                        + "\"method\":\"GET\",\"route\":\"/\",\"status\":404,\"duration_ms\":3}")
                        .samples();
        assertThat(values(s).keySet()).noneMatch(n -> n.startsWith("http.server.errors"));
    }

    @Test
    void metricsBatch() throws IOException {
        ResourceSamples s = decode(fixture("metrics.json")).samples();
        assertThat(s.resourceKey).isEqualTo("custom/billing");
        assertThat(values(s))
                .containsEntry("queue.depth{queue=invoices}", 17.0)
                .containsEntry("jobs.processed", 40211.0);
        assertThat(kinds(s)).containsEntry("jobs.processed", MetricKind.COUNTER);
        assertThat(s.units).containsExactly("{message}", "{job}");
        assertThat(attributes(s)).containsEntry("deployment.environment", "prod");
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        DecodeResult r =
                decode(
                        "{\"type\":\"vm_stats\",\"id\":\"h\",\"timestamp\":1763856000000,"
                                + "\"cpu_usage\":1,\"kernel\":{\"x\":[1,2]},\"new_field\":\"y\"}");
        assertThat(r.isOk()).isTrue();
        assertThat(r.hasDroppedFields()).isFalse();
    }

    @Test
    void badFieldIsDroppedAndCountedTheRestSurvives() {
        DecodeResult r =
                decode(
                        "{\"type\":\"vm_stats\",\"id\":\"h\",\"timestamp\":1763856000000,"
                                + "\"cpu_usage\":\"high\",\"memory_percent\":1e999,\"disk_percent\":40}");
        assertThat(r.isOk()).isTrue();
        assertThat(values(r.samples())).containsOnlyKeys("disk_percent");
        assertThat(r.droppedFields(DeadLetterReason.WRONG_TYPE)).isEqualTo(1);
        assertThat(r.droppedFields(DeadLetterReason.NON_FINITE)).isEqualTo(1);
    }

    @Test
    void sectionOfTheWrongTypeIsDropped() {
        DecodeResult r =
                decode(
                        "{\"type\":\"vm-metrics\",\"source\":\"h\",\"timestamp\":1763856000000,"
                                + "\"cpu\":[1,2],\"memory\":{\"used_gb\":2}}");
        assertThat(values(r.samples())).containsOnlyKeys("memory.used_gb");
        assertThat(r.droppedFields(DeadLetterReason.WRONG_TYPE)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            not_json          | {"type":"vm_stats",
            not_json          | {"type":"vm_stats"} trailing
            not_json          | ''
            not_json          | {"type":"vm_stats","id":"a","id":"b","timestamp":1763856000000,"cpu_usage":1}
            not_json          | {"type":"vm-metrics","source":"h","timestamp":1763856000000,"cpu":{"usage_percent":1,"usage_percent":2}}
            not_json          | {"type":"vm_stats","id":"h","timestamp":1763856000000,"cpu_usage":NaN}
            not_object        | [1,2,3]
            not_object        | 42
            unknown_type      | {"type":"disk-metrics","timestamp":1763856000000}
            unknown_type      | {"timestamp":1763856000000,"id":"h"}
            unknown_type      | {"type":7,"timestamp":1763856000000}
            missing_timestamp | {"type":"vm_stats","id":"h","cpu_usage":1}
            invalid_timestamp | {"type":"vm_stats","id":"h","timestamp":"2025-11-23T00:00:00Z","cpu_usage":1}
            invalid_timestamp | {"type":"vm_stats","id":"h","timestamp":1763856000,"cpu_usage":1}
            invalid_timestamp | {"type":"vm_stats","id":"h","timestamp":-5,"cpu_usage":1}
            invalid_timestamp | {"type":"vm_stats","id":"h","timestamp":1e999,"cpu_usage":1}
            future_timestamp  | {"type":"vm_stats","id":"h","timestamp":1763857000000,"cpu_usage":1}
            missing_field     | {"type":"vm-metrics","timestamp":1763856000000,"cpu":{"usage_percent":1}}
            missing_field     | {"type":"metrics","timestamp":1763856000000,"resource":{"x":"y"},"points":[]}
            wrong_type        | {"type":"vm-metrics","source":17,"timestamp":1763856000000,"cpu":{"usage_percent":1}}
            wrong_type        | {"type":"vm_stats","id":"h","timestamp":1763856000000,"cpu_usage":"busy"}
            wrong_type        | {"type":"metrics","timestamp":1763856000000,"resource":{"host.name":"h"},"points":{}}
            non_finite        | {"type":"vm_stats","id":"h","timestamp":1763856000000,"cpu_usage":-1e400}
            no_metrics        | {"type":"vm-metrics","source":"h","timestamp":1763856000000}
            """)
    void deadLetterReasons(String reason, String json) {
        DecodeResult r = decode(json);

        assertThat(r.isOk()).isFalse();
        DeadLetter d = r.deadLetter();
        assertThat(d.reason).isEqualTo(reason);
        assertThat(d.source).isEqualTo("kinesis:events:shardId-000000000000");
        assertThat(d.position).isEqualTo("4711");
        assertThat(d.time).isEqualTo(ARRIVAL);
        assertThat(d.payload).isEqualTo(json);
        assertThat(d.detail).isNotBlank();
    }

    @Test
    void notUtf8() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        DecodeResult r = decode(bytes);
        assertThat(r.deadLetter().reason).isEqualTo("not_utf8");
        assertThat(r.deadLetter().payload).startsWith("base64:");
    }

    @Test
    void oversizedRecord() {
        EventDecoder small = new EventDecoder(new DecoderSettings(100, 300_000, 64));
        String big =
                "{\"type\":\"vm_stats\",\"id\":\"h\",\"timestamp\":1763856000000,\"pad\":\""
                        + "x".repeat(200)
                        + "\"}";
        DecodeResult r = small.decode(big.getBytes(StandardCharsets.UTF_8), "s", "p", ARRIVAL);
        assertThat(r.deadLetter().reason).isEqualTo("oversized");
        assertThat(r.deadLetter().payload).hasSize(64);
    }

    @Test
    void oversizedLabelIsDropped() {
        DecodeResult r =
                decode(
                        "{\"id\":\"a\",\"timestamp\":1763856000000,\"type\":\"app_event\",\"user\":\"u\","
                                + "\"action\":\"login\",\"page\":\""
                                + "p".repeat(300)
                                + "\"}");
        assertThat(r.isOk()).isTrue();
        assertThat(r.droppedFields(DeadLetterReason.OVERSIZED)).isEqualTo(1);
        assertThat(values(r.samples()).keySet()).noneMatch(n -> n.startsWith("app.page_views"));
    }

    // Poison records: parser limits, empty names, and exceptions no rule foresaw.

    @Test
    void jsonNestedDeeperThanTheLimitIsTooDeep() {
        String deep = "{\"a\":".repeat(EventDecoder.MAX_NESTING_DEPTH) + "1" + "}".repeat(32);
        DecodeResult r = decode("{\"type\":\"metrics\",\"x\":" + deep + "}");
        assertThat(r.deadLetter().reason).isEqualTo("too_deep");
        assertThat(r.deadLetter().detail).contains("nesting depth");
    }

    @Test
    void aStringLongerThanTheLimitIsStringTooLong() {
        String s = "x".repeat(EventDecoder.MAX_STRING_CHARS + 1);
        DecodeResult r =
                decode(
                        "{\"type\":\"http-request\",\"timestamp\":1763856000000,"
                                + "\"service\":\""
                                + s
                                + "\"}");
        assertThat(r.deadLetter().reason).isEqualTo("string_too_long");
    }

    @Test
    void aNameLongerThanTheLimitIsNameTooLong() {
        String n = "n".repeat(EventDecoder.MAX_NAME_CHARS + 1);
        DecodeResult r = decode("{\"type\":\"http-request\",\"" + n + "\":1}");
        assertThat(r.deadLetter().reason).isEqualTo("name_too_long");
    }

    @Test
    void aNumberLongerThanTheLimitIsNumberTooLong() {
        String digits = "1".repeat(EventDecoder.MAX_NUMBER_CHARS + 1);
        DecodeResult r =
                decode(
                        "{\"type\":\"http-request\",\"timestamp\":1763856000000,"
                                + "\"service\":\"a\",\"duration_ms\":"
                                + digits
                                + "}");
        assertThat(r.deadLetter().reason).isEqualTo("number_too_long");
    }

    @Test
    void anEmptyResourceAttributeNameIsADroppedField() {
        DecodeResult r =
                decode(
                        "{\"type\":\"metrics\",\"timestamp\":1763856000000,"
                                + "\"resource\":{\"service.name\":\"billing\",\"\":\"y\"},"
                                + "\"points\":[{\"name\":\"queue.depth\",\"value\":3,"
                                + "\"attributes\":{\"\":\"z\",\"queue\":\"q1\"}}]}");
        assertThat(r.isOk()).isTrue();
        assertThat(r.droppedFields(DeadLetterReason.EMPTY_NAME)).isEqualTo(2);
        assertThat(attributes(r.samples())).containsOnlyKeys("service.name");
        assertThat(values(r.samples())).containsOnlyKeys("queue.depth{queue=q1}");
    }

    @Test
    void anExceptionNoRuleForesawIsADecoderErrorNamingTheException() {
        EventTypeDecoder failing =
                new EventTypeDecoder() {
                    @Override
                    String type() {
                        return "boom";
                    }

                    @Override
                    String resourceType() {
                        return "boom";
                    }

                    @Override
                    String resourceKey(JsonNode event) {
                        return "boom/1";
                    }

                    @Override
                    void decode(JsonNode event, SamplesBuilder out) {
                        throw new IllegalStateException("a decoder bug");
                    }
                };
        EventDecoder withBug = new EventDecoder(DecoderSettings.defaults(), true, failing);
        DecodeResult r =
                withBug.decode(
                        "{\"type\":\"boom\",\"timestamp\":1763856000000}"
                                .getBytes(StandardCharsets.UTF_8),
                        "kinesis:events:shardId-000000000000",
                        "4711",
                        ARRIVAL);
        assertThat(r.deadLetter().reason).isEqualTo("decoder_error");
        assertThat(r.deadLetter().detail)
                .isEqualTo("java.lang.IllegalStateException: a decoder bug");
        assertThat(r.deadLetter().position).isEqualTo("4711");
        assertThat(r.deadLetter().payload).contains("boom");
    }

    /**
     * Random byte edits, cuts and splices of every agent fixture: each input is decoded or becomes
     * a dead letter under a named rule, never a {@code decoder_error} (nothing unforeseen) and
     * never an exception.
     */
    @Test
    void fuzzedFixturesAreDecodedOrDeadLetteredByARule() throws IOException {
        String[] names = {
            "vm-metrics.json",
            "webapp-metrics.json",
            "vm_stats.json",
            "app_event.json",
            "http-request.json",
            "metrics.json"
        };
        byte[] tokens = "{}[]\":,0-1e9.truenull\\u00ff\u00e9".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(13);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 30_000; i++) {
            byte[] in = fixture(names[i % names.length]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(in.length);
                switch (random.nextInt(4)) {
                    case 0:
                        in[at] = (byte) random.nextInt(256);
                        break;
                    case 1:
                        in[at] = tokens[random.nextInt(tokens.length)];
                        break;
                    case 2:
                        in = Arrays.copyOf(in, at);
                        break;
                    default:
                        byte[] other = fixture(names[random.nextInt(names.length)]);
                        int from = random.nextInt(other.length);
                        byte[] spliced = Arrays.copyOf(in, at + other.length - from);
                        System.arraycopy(other, from, spliced, at, other.length - from);
                        in = spliced;
                }
                if (in.length == 0) {
                    break;
                }
            }
            DecodeResult r = decode(in);
            String outcome = r.isOk() ? "ok" : r.deadLetter().reason;
            assertThat(outcome)
                    .as("outcome of %s", new String(in, StandardCharsets.UTF_8))
                    .isNotEqualTo("decoder_error");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // The corpus reaches both sides: decoded events and several kinds of dead letter.
        assertThat(outcomes).containsKeys("ok", "not_json");
        assertThat(outcomes.size()).isGreaterThan(4);
    }
}
