package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.DeadLetterReason;

/** Decodes the body of one event type into samples. One implementation per {@code type}. */
abstract class EventTypeDecoder {

    /** The value of the event's {@code type} field this decoder handles. */
    abstract String type();

    /** Resource type recorded on the samples and in the aggregates. */
    abstract String resourceType();

    /** The resource key; throws when the identifying field is missing or of the wrong type. */
    abstract String resourceKey(JsonNode event) throws BadEventException;

    abstract void decode(JsonNode event, SamplesBuilder out) throws BadEventException;

    static String requireText(JsonNode event, String field) throws BadEventException {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            throw new BadEventException(
                    DeadLetterReason.MISSING_FIELD, "missing required field '" + field + "'");
        }
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new BadEventException(
                    DeadLetterReason.WRONG_TYPE,
                    "field '" + field + "' must be a non-empty string, got " + node.getNodeType());
        }
        String text = node.textValue();
        if (text.length() > DecoderSettings.MAX_NAME_CHARS) {
            throw new BadEventException(
                    DeadLetterReason.OVERSIZED,
                    "field '" + field + "' is longer than " + DecoderSettings.MAX_NAME_CHARS);
        }
        return text;
    }

    /** Emits {@code prefix + field} as a gauge for each listed field of {@code section}. */
    static void gauges(SamplesBuilder out, JsonNode section, String prefix, String... fields) {
        if (section == null) {
            return;
        }
        for (String f : fields) {
            out.gauge(prefix + f, section.get(f));
        }
    }

    /** Emits {@code prefix + field} as a cumulative counter for each listed field. */
    static void counters(SamplesBuilder out, JsonNode section, String prefix, String... fields) {
        if (section == null) {
            return;
        }
        for (String f : fields) {
            out.counter(prefix + f, section.get(f));
        }
    }

    /** A metric name with labels, Prometheus-style: {@code name{k1=v1,k2=v2}}; keys in order. */
    static String labelled(String name, String... keyValues) {
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(keyValues[i]).append('=').append(keyValues[i + 1]);
        }
        return sb.append('}').toString();
    }
}
