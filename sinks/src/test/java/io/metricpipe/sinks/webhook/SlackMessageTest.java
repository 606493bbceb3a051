package io.metricpipe.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.model.AlertEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"ALARM, OK, danger", "OK, ALARM, good", "INSUFFICIENT_DATA, OK, warning"})
    void aTransitionIsSlackJsonColouredByItsNewState(String state, String was, String color)
            throws Exception {
        AlertEvaluation e = WebhookNotificationsITCase.transition("high-cpu", 1_764_547_200_000L);
        e.state = state;
        e.previousState = was;
        JsonNode m = JSON.readTree(SlackMessage.of(e));

        assertThat(m.get("text").asText())
                .isEqualTo(
                        "["
                                + state
                                + "] high-cpu on arn:aws:ec2:us-east-1:123456789012:instance/i-1:"
                                + " 3 of the last 3 datapoints were > 80.0");
        JsonNode a = m.get("attachments").get(0);
        assertThat(a.get("color").asText()).isEqualTo(color);
        assertThat(a.get("title").asText()).isEqualTo("high-cpu is " + state);
        assertThat(a.get("ts").asLong()).isEqualTo(1_764_547_200L);
        assertThat(a.get("fields").findValuesAsText("title"))
                .containsExactly("Resource", "Type", "Was", "Value", "Threshold", "Period");
        assertThat(a.get("fields").get(2).get("value").asText()).isEqualTo(was);
        assertThat(a.get("fields").get(3).get("value").asText()).isEqualTo("93.5");
        assertThat(a.get("fields").get(5).get("value").asText())
                .isEqualTo("2025-11-30T23:59:00Z to 2025-12-01T00:00:00Z");
    }

    @Test
    void aKnownResourceAddsItsNameTypeTagsAndArn() throws Exception {
        AlertEvaluation e = WebhookNotificationsITCase.transition("high-cpu", 120_000);
        e.attributeKeys =
                new String[] {
                    "aws.instanceType",
                    "aws.privateIpAddress",
                    "aws.resource.name",
                    "aws.tag.env",
                    "cloud.resource_id"
                };
        e.attributeValues = new String[] {"t3.small", "10.0.1.10", "web-01", "prod", "arn:x"};
        JsonNode fields = JSON.readTree(SlackMessage.of(e)).at("/attachments/0/fields");

        assertThat(fields.findValuesAsText("title"))
                .containsExactly(
                        "Resource",
                        "Type",
                        "Was",
                        "Value",
                        "Threshold",
                        "Period",
                        "aws.instanceType",
                        "aws.resource.name",
                        "aws.tag.env",
                        "cloud.resource_id");
        assertThat(fields.findValuesAsText("value"))
                .contains("t3.small", "web-01", "prod", "arn:x");
    }

    @Test
    void aPeriodWithoutDataSaysSo() throws Exception {
        AlertEvaluation e = WebhookNotificationsITCase.transition("silent", 120_000);
        e.value = Double.NaN;
        JsonNode m = JSON.readTree(SlackMessage.of(e));
        assertThat(m.at("/attachments/0/fields/3/value").asText()).isEqualTo("no data");
    }
}
