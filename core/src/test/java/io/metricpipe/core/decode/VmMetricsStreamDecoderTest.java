package io.metricpipe.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.ResourceSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming vm-metrics decoder against the tree decoders: every event of a corpus built by
 * mutating the agent's event field by field must decode to the same samples, dropped-field counts
 * and dead letters whichever way it goes.
 */
class VmMetricsStreamDecoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long ARRIVAL = EventDecoderTest.ARRIVAL;

    /** Raw JSON values that a tree cannot carry or that test number parsing. */
    private static final String[] REPLACEMENTS = {
        "null",
        "\"12\"",
        "\"\"",
        "true",
        "{}",
        "{\"a\": [1, {\"b\": 2}]}",
        "[]",
        "[1, null, \"x\"]",
        "1e400",
        "-1e400",
        "-0.0",
        "123456789012345678901234567890",
        "9007199254740993",
        "4.9e-324",
        "0.1",
        "17"
    };

    private final EventDecoder streaming = new EventDecoder(DecoderSettings.defaults(), true);
    private final EventDecoder tree = new EventDecoder(DecoderSettings.defaults(), false);

    private static ObjectNode agentEvent() throws IOException {
        return (ObjectNode) MAPPER.readTree(EventDecoderTest.fixture("vm-metrics.json"));
    }

    /** Every way of replacing one field (top level or in a section) or one per-core value. */
    private static List<String> mutations() throws IOException {
        List<String> corpus = new ArrayList<>();
        ObjectNode event = agentEvent();
        String marker = "\"@@value@@\"";
        List<String> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> top = it.next();
            paths.add(top.getKey());
            if (top.getValue().isObject()) {
                top.getValue()
                        .fieldNames()
                        .forEachRemaining(f -> paths.add(top.getKey() + "/" + f));
            }
        }
        paths.add("cpu/per_core/1");
        paths.add("cpu/per_core/9");
        paths.add("memory/brand_new");
        for (String path : paths) {
            ObjectNode copy = event.deepCopy();
            JsonNode parent = copy;
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.get(parts[i]);
            }
            String last = parts[parts.length - 1];
            if (parent.isArray()) {
                ArrayNode array = (ArrayNode) parent;
                int index = Integer.parseInt(last);
                while (array.size() <= index) {
                    array.add(1.5);
                }
                array.set(index, MAPPER.getNodeFactory().textNode("@@value@@"));
            } else {
                ((ObjectNode) parent).put(last, "@@value@@");
            }
            String template = MAPPER.writeValueAsString(copy);
            for (String replacement : REPLACEMENTS) {
                corpus.add(template.replace(marker, replacement));
            }
            if (parent.isObject()) {
                ((ObjectNode) parent).remove(last);
                corpus.add(MAPPER.writeValueAsString(copy));
            }
        }
        return corpus;
    }

    /** Whole-event variations: order, repeats, trailing data, time and identity. */
    private static List<String> variations() throws IOException {
        ObjectNode event = agentEvent();
        String plain = MAPPER.writeValueAsString(event);
        List<String> corpus = new ArrayList<>();
        corpus.add(plain);
        corpus.add(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event));
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        ObjectNode reversed = MAPPER.createObjectNode();
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), event.get(names.get(i)));
        }
        corpus.add(MAPPER.writeValueAsString(reversed));
        corpus.add(plain.replace("\"cpu\":{", "\"cpu\":{\"usage_percent\":99,"));
        corpus.add(plain.replace("\"memory\":{", "\"memory\":{},\"memory\":{"));
        corpus.add(plain.replace("\"type\":", "\"type\":\"vm-metrics\",\"type\":"));
        corpus.add(plain.replace("\"platform\":", "\"platform\":\"BSD\",\"platform\":"));
        corpus.add(plain.replace("\"per_core\":", "\"per_core\":[1],\"per_core\":"));
        corpus.add(plain + " {}");
        corpus.add(plain + " ");
        corpus.add(plain.substring(0, plain.length() - 1));
        corpus.add(plain.replace("1763856000000", "1763856000"));
        corpus.add(plain.replace("1763856000000", "1763856000999.75"));
        corpus.add(plain.replace("1763856000000", "1763856900000"));
        corpus.add(plain.replace("\"web-01\"", "\"" + "w".repeat(300) + "\""));
        corpus.add(plain.replace("\"Linux\"", "\"" + "L".repeat(2000) + "\""));
        corpus.add(plain.replace("\"vm-metrics\"", "\"vm_stats\""));
        corpus.add(plain.replace("\"cpu\":{", "\"cpu\":{\"usage_percent\":\"\\u0031\","));
        corpus.add("{\"type\":\"vm-metrics\",\"timestamp\":1763856000000,\"source\":\"h\"}");
        corpus.add(
                "{\"type\":\"vm-metrics\",\"timestamp\":1763856000000,\"source\":\"h\","
                        + "\"cpu\":{\"per_core\":[null, 3]}}");
        corpus.add(
                "{\"type\":\"vm-metrics\",\"timestamp\":1763856000000,\"source\":\"h\","
                        + "\"cpu\":{\"per_core\":[null]},\"system_info\":{\"platform\":\"x\"}}");
        corpus.add("[1]");
        corpus.add("");
        return corpus;
    }

    @Test
    void everyEventDecodesAsTheTreeDecodesIt() throws IOException {
        List<String> corpus = new ArrayList<>(variations());
        corpus.addAll(mutations());
        int decodedByStream = 0;
        VmMetricsStreamDecoder stream =
                new VmMetricsStreamDecoder(EventDecoder.JSON, DecoderSettings.defaults());
        for (String json : corpus) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            DecodeResult expected = tree.decode(bytes, "k:s", "7", ARRIVAL);
            DecodeResult actual = streaming.decode(bytes, "k:s", "7", ARRIVAL);
            assertThat(actual.isOk()).as(json).isEqualTo(expected.isOk());
            if (expected.isOk()) {
                assertThat(actual.samples()).as(json).isEqualTo(expected.samples());
                for (DeadLetterReason reason : DeadLetterReason.values()) {
                    assertThat(actual.droppedFields(reason))
                            .as(json + " " + reason)
                            .isEqualTo(expected.droppedFields(reason));
                }
            } else {
                assertThat(actual.deadLetter()).as(json).isEqualTo(expected.deadLetter());
            }
            if (stream.decode(bytes, ARRIVAL) != null) {
                decodedByStream++;
            }
        }
        // The comparison means something only if many events really took the streaming way.
        assertThat(corpus).hasSizeGreaterThan(700);
        assertThat(decodedByStream).isGreaterThan(corpus.size() / 4);
    }

    @Test
    void takesTheAgentsEventsAndHandsBackWhatItMustNotDecide() throws IOException {
        VmMetricsStreamDecoder stream =
                new VmMetricsStreamDecoder(EventDecoder.JSON, DecoderSettings.defaults());
        byte[] agent = EventDecoderTest.fixture("vm-metrics.json");
        ResourceSamples first = stream.decode(agent, ARRIVAL);
        assertThat(first).isNotNull();
        assertThat(first.resourceKey).isEqualTo("host/web-01");
        assertThat(first.size()).isEqualTo(1 + 2 + 4 + 7 + 4 + 4 + 8);

        // Consecutive events of one shape share their names, so they are serialized from cache.
        ResourceSamples second = stream.decode(agent, ARRIVAL);
        assertThat(second.names).isSameAs(first.names);
        assertThat(second.attributeKeys).isSameAs(first.attributeKeys);
        assertThat(second.values).isNotSameAs(first.values);

        String plain = new String(agent, StandardCharsets.UTF_8);
        for (String handedBack :
                new String[] {
                    plain.replace("\"count\": 4", "\"count\": \"4\""),
                    plain.replace("\"vm-metrics\"", "\"webapp-metrics\""),
                    plain.replace("\"web-01\",\n  \"system_info\"", "\"\",\n  \"system_info\""),
                    plain.replace("1763856000000", "1763856900000"),
                    plain.replace("\"per_core\": [", "\"per_core\": [1e999, "),
                    "{\"type\":\"vm-metrics\",\"timestamp\":1763856000000,\"source\":\"h\"}",
                    plain + "]"
                }) {
            assertThat(stream.decode(handedBack.getBytes(StandardCharsets.UTF_8), ARRIVAL))
                    .as(handedBack)
                    .isNull();
        }
    }
}
