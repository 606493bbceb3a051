package io.metricpipe.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricpipe.core.model.DeadLetterReason;

/** {@code vm-metrics}: the nested first-generation VM agent event. Keyed by hostname. */
final class VmMetricsDecoder extends EventTypeDecoder {

    @Override
    String type() {
        return "vm-metrics";
    }

    @Override
    String resourceType() {
        return "host";
    }

    @Override
    String resourceKey(JsonNode event) throws BadEventException {
        return "host/" + requireText(event, "source");
    }

    @Override
    void decode(JsonNode event, SamplesBuilder out) {
        JsonNode info = out.object(event.get("system_info"));
        if (info != null) {
            for (String attr :
                    new String[] {
                        "platform",
                        "platform_version",
                        "architecture",
                        "processor",
                        "hostname",
                        "ip_address",
                        "boot_time"
                    }) {
                out.attribute(attr, info.get(attr));
            }
            out.gauge("system_info.uptime_hours", info.get("uptime_hours"));
        }

        JsonNode cpu = out.object(event.get("cpu"));
        gauges(out, cpu, "cpu.", "usage_percent", "count", "frequency_mhz");
        if (cpu != null) {
            perCore(cpu.get("per_core"), out);
        }
        gauges(
                out,
                out.object(event.get("memory")),
                "memory.",
                "total_gb",
                "available_gb",
                "used_gb",
                "usage_percent",
                "swap_total_gb",
                "swap_used_gb",
                "swap_percent");
        JsonNode disk = out.object(event.get("disk"));
        gauges(out, disk, "disk.", "total_gb", "used_gb", "free_gb", "usage_percent");
        counters(out, disk, "disk.", "read_bytes", "write_bytes", "read_count", "write_count");
        counters(
                out,
                out.object(event.get("network")),
                "network.",
                "bytes_sent",
                "bytes_recv",
                "packets_sent",
                "packets_recv",
                "errors_in",
                "errors_out",
                "drops_in",
                "drops_out");
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
            out.gauge(CORE_NAMES.name(i), perCore.get(i));
        }
    }

    /** Per-core names are built once: they are on the hot path of every vm-metrics event. */
    private static final CoreNames CORE_NAMES = new CoreNames();

    private static final class CoreNames {
        private final String[] cached = new String[256];

        String name(int core) {
            if (core >= cached.length) {
                return labelled("cpu.per_core", "core", Integer.toString(core));
            }
            String n = cached[core];
            if (n == null) {
                n = labelled("cpu.per_core", "core", Integer.toString(core));
                cached[core] = n;
            }
            return n;
        }
    }
}
