package io.metricpipe.sources.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anItemComesBackAsTheEventItWasWrittenFrom() throws Exception {
        Map<String, AttributeValue> item =
                Map.of(
                        "id", AttributeValue.fromS("vm-7f3a"),
                        "timestamp", AttributeValue.fromN("1764460800123"),
                        "type", AttributeValue.fromS("vm_stats"),
                        "cpu_usage", AttributeValue.fromN("12.50"),
                        "boot_time", AttributeValue.fromN("1.763600000123E9"),
                        "healthy", AttributeValue.fromBool(true),
                        "page", AttributeValue.fromNul(true),
                        "meta", AttributeValue.fromM(Map.of("os", AttributeValue.fromS("linux"))),
                        "per_core",
                                AttributeValue.fromL(
                                        List.of(
                                                AttributeValue.fromN("1"),
                                                AttributeValue.fromN("2.5"))));

        var event = JSON.readTree(ItemJson.toJson(item));

        assertThat(event.get("id").asText()).isEqualTo("vm-7f3a");
        assertThat(event.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(event.get("timestamp").asLong()).isEqualTo(1764460800123L);
        assertThat(event.get("cpu_usage").asDouble()).isEqualTo(12.5);
        assertThat(event.get("boot_time").asDouble()).isEqualTo(1.763600000123E9);
        assertThat(event.get("healthy").asBoolean()).isTrue();
        assertThat(event.get("page").isNull()).isTrue();
        assertThat(event.get("meta").get("os").asText()).isEqualTo("linux");
        assertThat(event.get("per_core").get(1).asDouble()).isEqualTo(2.5);
    }
}
