package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.MetricKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics}: arbitrary points for one resource. The resource is named by the first of its
 * attributes {@code cloud.resource_id}, {@code host.name}, {@code service.name}; all resource
 * attributes are kept as attributes. A point's attributes become labels of its name.
 */
final class MetricsBatchDecoder extends EventTypeDecoder {
    private static final String[] IDENTITY = {"cloud.resource_id", "host.name", "service.name"};

    @Override
    String type() {
        return "metrics";
    }

    @Override
    String resourceType() {
        return "custom";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        JsonNode resource = event.get("resource");
        if (resource == null || resource.isNull()) {
            throw new BadEventException(
                    DeadLetterReason.MISSING_FIELD, "missing required field 'resource'");
        }
        if (!resource.isObject()) {
            throw new BadEventException(
                    DeadLetterReason.WRONG_TYPE, "field 'resource' must be an object");
        }
        for (String attr : IDENTITY) {
            JsonNode id = resource.get(attr);
            if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
                if (id.textValue().length() > DecoderSettings.MAX_NAME_CHARS) {
                    throw new BadEventException(
                            DeadLetterReason.OVERSIZED, "resource." + attr + " is too long");
                }
                return "custom/" + id.textValue();
            }
        }
        throw new BadEventException(
                DeadLetterReason.MISSING_FIELD,
                "resource needs one of cloud.resource_id, host.name, service.name");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) throws BadEventException {
        Iterator<Map.Entry<String, JsonNode>> attrs = event.get("resource").fields();
        while (attrs.hasNext()) {
            Map.Entry<String, JsonNode> a = attrs.next();
            out.attribute(a.getKey(), a.getValue());
        }
        JsonNode points = event.get("points");
        if (points == null || points.isNull()) {
            throw new BadEventException(
                    DeadLetterReason.MISSING_FIELD, "missing required field 'points'");
        }
        if (!points.isArray()) {
            throw new BadEventException(
                    DeadLetterReason.WRONG_TYPE, "field 'points' must be an array");
        }
        for (JsonNode p : points) {
            point(p, out);
        }
    }

    private static void point(JsonNode p, SamplesBuilder out) {
        if (!p.isObject()) {
            out.drop(DeadLetterReason.WRONG_TYPE);
            return;
        }
        String name = out.text(p.get("name"), DecoderSettings.MAX_NAME_CHARS);
        JsonNode value = p.get("value");
        if (name == null || name.isEmpty() || value == null || value.isNull()) {
            out.drop(DeadLetterReason.MISSING_FIELD);
            return;
        }
        if (!value.isNumber()) {
            out.drop(DeadLetterReason.WRONG_TYPE);
            return;
        }
        MetricKind kind = MetricKind.GAUGE;
        JsonNode kindNode = p.get("kind");
        if (kindNode != null && !kindNode.isNull()) {
            if ("counter".equals(kindNode.asText())) {
                kind = MetricKind.COUNTER;
            } else if (!"gauge".equals(kindNode.asText())) {
                out.drop(DeadLetterReason.WRONG_TYPE);
                return;
            }
        }
        String unit = out.text(p.get("unit"), 64);
        out.value(labels(name, p.get("attributes"), out), value.doubleValue(), kind, unit);
    }

    private static String labels(String name, JsonNode attributes, SamplesBuilder out) {
        if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
            return name;
        }
        List<String> keys = new ArrayList<>();
        attributes.fieldNames().forEachRemaining(keys::add);
        if (keys.remove("")) {
            out.drop(DeadLetterReason.EMPTY_NAME);
            if (keys.isEmpty()) {
                return name;
            }
        }
        keys.sort(null);
        String[] kv = new String[keys.size() * 2];
        int i = 0;
        for (String k : keys) {
            String v = out.text(attributes.get(k), DecoderSettings.MAX_NAME_CHARS);
            kv[i++] = k;
            kv[i++] = v == null ? "" : v;
        }
        return labelled(name, kv);
    }
}
