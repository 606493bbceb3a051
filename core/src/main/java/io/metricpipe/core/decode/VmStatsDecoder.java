package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code vm_stats}: the flat second-generation VM event. {@code id} is the constant host id. */
final class VmStatsDecoder extends EventTypeDecoder {

    @Override
    String type() {
        return "vm_stats";
    }

    @Override
    String resourceType() {
        return "host";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return "host/" + requireText(event, "id");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        gauges(
                out,
                event,
                "",
                "cpu_usage",
                "memory_total",
                "memory_used",
                "memory_percent",
                "disk_total",
                "disk_used",
                "disk_percent");
        out.attribute("boot_time", event.get("boot_time"));
    }
}
