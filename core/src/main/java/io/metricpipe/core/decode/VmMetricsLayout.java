package io.metricpipe.core.decode;

import io.metricpipe.core.model.MetricKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of a {@code vm-metrics} event and the samples they become, in the order they are
 * emitted. The tree decoder and the streaming decoder both read it, so they cannot disagree on a
 * name or a kind, and metric names are built once instead of per event.
 */
final class VmMetricsLayout {
    static final String TYPE = "vm-metrics";

    /** The field naming the host; the resource key is {@link #resourceKey} of it. */
    static final String SOURCE = "source";

    static final String RESOURCE_TYPE = "host";

    /** Attributes of the {@code system_info} section. */
    static final String[] ATTRIBUTES = {
        "platform",
        "platform_version",
        "architecture",
        "processor",
        "hostname",
        "ip_address",
        "boot_time",
        // Not sent by today's agents; one that knows its EC2 instance can say so (README "Agents
        // meet
        // their AWS resources").
        "instance_id"
    };

    /** The array of per-core utilisations in the {@code cpu} section. */
    static final String PER_CORE = "per_core";

    static final Section[] SECTIONS;

    /** Numeric fields of all sections together; each has a slot, numbered in emission order. */
    static final int SLOTS;

    static {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("system_info", true, false).gauges("uptime_hours"));
        sections.add(
                new Section("cpu", false, true).gauges("usage_percent", "count", "frequency_mhz"));
        sections.add(
                new Section("memory", false, false)
                        .gauges(
                                "total_gb",
                                "available_gb",
                                "used_gb",
                                "usage_percent",
                                "swap_total_gb",
                                "swap_used_gb",
                                "swap_percent"));
        sections.add(
                new Section("disk", false, false)
                        .gauges("total_gb", "used_gb", "free_gb", "usage_percent")
                        .counters("read_bytes", "write_bytes", "read_count", "write_count"));
        sections.add(
                new Section("network", false, false)
                        .counters(
                                "bytes_sent",
                                "bytes_recv",
                                "packets_sent",
                                "packets_recv",
                                "errors_in",
                                "errors_out",
                                "drops_in",
                                "drops_out"));
        int slot = 0;
        for (Section s : sections) {
            s.firstSlot = slot;
            slot += s.fields.length;
        }
        SECTIONS = sections.toArray(new Section[0]);
        SLOTS = slot;
    }

    private VmMetricsLayout() {}

    static String resourceKey(String source) {
        return RESOURCE_TYPE + "/" + source;
    }

    /** The index of the section named {@code json} in {@link #SECTIONS}, or -1. */
    static int sectionIndex(String json) {
        for (int i = 0; i < SECTIONS.length; i++) {
            if (SECTIONS[i].json.equals(json)) {
                return i;
            }
        }
        return -1;
    }

    /** The index of {@code field} in {@link #ATTRIBUTES}, or -1. */
    static int attributeIndex(String field) {
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            if (ATTRIBUTES[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** One object of the event, e.g. {@code memory}, and the metrics its fields become. */
    static final class Section {
        final String json;

        /** Whether the section also holds {@link #ATTRIBUTES} / the {@link #PER_CORE} array. */
        final boolean hasAttributes;

        final boolean hasPerCore;

        String[] fields = new String[0];
        String[] names = new String[0];
        MetricKind[] kinds = new MetricKind[0];
        int firstSlot;

        private Section(String json, boolean hasAttributes, boolean hasPerCore) {
            this.json = json;
            this.hasAttributes = hasAttributes;
            this.hasPerCore = hasPerCore;
        }

        private Section gauges(String... fields) {
            return add(MetricKind.GAUGE, fields);
        }

        private Section counters(String... fields) {
            return add(MetricKind.COUNTER, fields);
        }

        private Section add(MetricKind kind, String... more) {
            int n = fields.length;
            fields = Arrays.copyOf(fields, n + more.length);
            names = Arrays.copyOf(names, n + more.length);
            kinds = Arrays.copyOf(kinds, n + more.length);
            for (int i = 0; i < more.length; i++) {
                fields[n + i] = more[i];
                names[n + i] = json + "." + more[i];
                kinds[n + i] = kind;
            }
            return this;
        }

        /** The index of {@code field} among {@link #fields}, or -1. */
        int indexOf(String field) {
            // Jackson interns field names, so they are usually these very instances.
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] == field) {
                    return i;
                }
            }
            for (int i = 0; i < fields.length; i++) {
                if (fields[i].equals(field)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Per-core names are built once: they are on the hot path of every vm-metrics event. */
    private static final String[] CORE_NAMES = new String[256];

    static String coreName(int core) {
        if (core >= CORE_NAMES.length) {
            return EventTypeDecoder.labelled("cpu.per_core", "core", Integer.toString(core));
        }
        String n = CORE_NAMES[core];
        if (n == null) {
            n = EventTypeDecoder.labelled("cpu.per_core", "core", Integer.toString(core));
            CORE_NAMES[core] = n;
        }
        return n;
    }
}
