package io.metricpipe.sinks.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricpipe.core.model.AlertEvaluation;
import java.time.Instant;

/**
 * The JSON body of an alert transition, in the shape Slack's incoming webhooks take: a {@code text}
 * fallback, and an attachment coloured by the new state with the details as fields. Mattermost and
 * Rocket.Chat take the same shape.
 */
public final class SlackMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {}

    public static byte[] of(AlertEvaluation e) {
        ObjectNode message = JSON.createObjectNode();
        message.put("text", text(e));
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("color", color(e.state));
        attachment.put("fallback", text(e));
        attachment.put("title", e.rule + " is " + e.state);
        attachment.put("text", e.reason);
        ArrayNode fields = attachment.putArray("fields");
        field(fields, "Resource", e.resourceKey, false);
        field(fields, "Type", e.resourceType == null ? "" : e.resourceType, true);
        field(fields, "Was", e.previousState, true);
        field(fields, "Value", Double.isNaN(e.value) ? "no data" : Double.toString(e.value), true);
        field(fields, "Threshold", Double.toString(e.threshold), true);
        field(
                fields,
                "Period",
                Instant.ofEpochMilli(e.periodStart) + " to " + Instant.ofEpochMilli(e.periodEnd),
                false);
        // What the inventory says of the resource, when it is known: what an operator looks for.
        for (int i = 0; i < e.attributeKeys.length; i++) {
            String key = e.attributeKeys[i];
            if (key.equals("aws.resource.name")
                    || key.equals("aws.instanceType")
                    || key.equals("cloud.resource_id")
                    || key.startsWith("aws.tag.")) {
                field(fields, key, e.attributeValues[i], !key.equals("cloud.resource_id"));
            }
        }
        // Seconds since the epoch, as Slack's ts.
        attachment.put("ts", e.periodEnd / 1000);
        try {
            return JSON.writeValueAsBytes(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String text(AlertEvaluation e) {
        return "[" + e.state + "] " + e.rule + " on " + e.resourceKey + ": " + e.reason;
    }

    private static String color(String state) {
        switch (state) {
            case AlertEvaluation.ALARM:
                return "danger";
            case AlertEvaluation.OK:
                return "good";
            default:
                return "warning";
        }
    }

    private static void field(ArrayNode fields, String title, String value, boolean isShort) {
        ObjectNode f = fields.addObject();
        f.put("title", title);
        f.put("value", value);
        f.put("short", isShort);
    }
}
