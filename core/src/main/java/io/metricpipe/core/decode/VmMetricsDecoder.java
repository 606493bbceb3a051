package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.decode.VmMetricsLayout.Section;
import io.metricpipe.core.model.DeadLetterReason;

/**
 * {@code vm-metrics}: the nested first-generation VM agent event. Keyed by hostname. Most events
 * take the {@link VmMetricsStreamDecoder}; this one decides every event that one hands back.
 */
final class VmMetricsDecoder extends EventTypeDecoder {

    @Override
    String type() {
        return VmMetricsLayout.TYPE;
    }

    @Override
    String resourceType() {
        return VmMetricsLayout.RESOURCE_TYPE;
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return VmMetricsLayout.resourceKey(requireText(event, VmMetricsLayout.SOURCE));
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        for (Section s : VmMetricsLayout.SECTIONS) {
            JsonNode section = out.object(event.get(s.json));
            if (section == null) {
                continue;
            }
            if (s.hasAttributes) {
                for (String attr : VmMetricsLayout.ATTRIBUTES) {
                    out.attribute(attr, section.get(attr));
                }
            }
            for (int i = 0; i < s.fields.length; i++) {
                out.number(s.names[i], section.get(s.fields[i]), s.kinds[i]);
            }
            if (s.hasPerCore) {
                perCore(section.get(VmMetricsLayout.PER_CORE), out);
            }
        }
    }

    private static void perCore(JsonNode perCore, SamplesBuilder out) {
        if (perCore == null || perCore.isNull()) {
            return;
        }
        if (!perCore.isArray()) {
            out.drop(DeadLetterReason.WRONG_TYPE);
            return;
        }
        for (int i = 0; i < perCore.size(); i++) {
            out.gauge(VmMetricsLayout.coreName(i), perCore.get(i));
        }
    }
}
