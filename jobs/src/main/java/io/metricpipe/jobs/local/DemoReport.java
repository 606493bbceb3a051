package io.metricpipe.jobs.local;

import io.metricpipe.sinks.dynamodb.AggregateItems;
import io.metricpipe.testing.DynamoDbLocal;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Prints the latest 1-minute aggregate per resource and the dead letters by reason. */
final class DemoReport {
    private static final DateTimeFormatter HHMM =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** What to show per resource: metric, statistic, label, unit suffix. */
    private static final String[][] HEADLINES = {
        {"cpu.usage_percent", "avg", "cpu", "%"},
        {"cpu.usage_percent", "p95", "cpu p95", "%"},
        {"memory.usage_percent", "avg", "mem", "%"},
        {"network.bytes_recv", "rate", "net in", " B/s"},
        {"disk.write_bytes", "rate", "disk wr", " B/s"},
        {"cpu_usage", "avg", "cpu", "%"},
        {"memory_percent", "avg", "mem", "%"},
        {"health.up", "avg", "up", ""},
        {"health.response_time_ms", "p95", "resp p95", " ms"},
        {"usage.total_requests", "rate", "req", "/s"},
        {"app.users", "distinct", "users", ""},
        {"app.events{action=purchase}", "count", "purchases", ""},
        {"app.events{action=login}", "count", "logins", ""},
        {"http.server.requests", "count", "requests", ""},
        {"http.server.errors", "count", "5xx", ""},
        {"http.server.request.duration", "p95", "p95", " ms"},
        {"aws.CPUUtilization.average", "last", "cpu", "%"},
        {"aws.DatabaseConnections.average", "last", "connections", ""},
        {"aws.Invocations.sum", "last", "invocations", ""},
        {"aws.Duration.p95", "last", "duration p95", " ms"},
    };

    private final DynamoDbLocal dynamodb;
    private final String aggregatesTable;
    private final String deadLettersTable;
    private final String alertsTable;
    private final String resourcesTable;

    DemoReport(
            DynamoDbLocal dynamodb,
            String aggregatesTable,
            String deadLettersTable,
            String alertsTable,
            String resourcesTable) {
        this.dynamodb = dynamodb;
        this.aggregatesTable = aggregatesTable;
        this.deadLettersTable = deadLettersTable;
        this.alertsTable = alertsTable;
        this.resourcesTable = resourcesTable;
    }

    /** Prints the report; returns the number of aggregate items read back. */
    int print(PrintStream out) {
        Map<String, Map<String, AttributeValue>> latest = new TreeMap<>();
        int rollups = 0;
        int items = 0;
        for (Map<String, AttributeValue> item : dynamodb.scan(aggregatesTable)) {
            items++;
            String window = item.get("window").s();
            if (!"1m".equals(window)) {
                rollups++;
                continue;
            }
            String resource = item.get("resourceKey").s();
            Map<String, AttributeValue> seen = latest.get(resource);
            if (seen == null || start(item) > start(seen)) {
                latest.put(resource, item);
            }
        }
        out.printf(
                "%n=== metricpipe @ %s UTC — %d aggregate items (%d roll-ups) ===%n",
                HHMM.format(Instant.now()), items, rollups);
        out.printf("%-34s %-6s %-4s %s%n", "RESOURCE", "WINDOW", "REV", "HEADLINE METRICS");
        for (Map<String, AttributeValue> item : latest.values()) {
            out.printf(
                    "%-34s %-6s %-4s %s%n",
                    abbreviate(display(item.get("resourceKey").s()) + named(item), 34),
                    HHMM.format(Instant.ofEpochMilli(start(item))),
                    item.get("revision").n(),
                    headline(item.get("metrics").m()));
        }
        Map<String, Integer> reasons = new TreeMap<>();
        for (Map<String, AttributeValue> d : dynamodb.scan(deadLettersTable)) {
            reasons.merge(d.get("reason").s(), 1, Integer::sum);
        }
        out.println("dead letters by reason: " + (reasons.isEmpty() ? "none" : reasons));

        // The latest transition of each rule and resource is its current state.
        Map<String, Map<String, AttributeValue>> current = new TreeMap<>();
        int transitions = 0;
        for (Map<String, AttributeValue> a : dynamodb.scan(alertsTable)) {
            transitions++;
            Map<String, AttributeValue> seen = current.get(a.get("alert").s());
            if (seen == null
                    || Long.parseLong(a.get("time").n()) > Long.parseLong(seen.get("time").n())) {
                current.put(a.get("alert").s(), a);
            }
        }
        Map<String, Integer> states = new TreeMap<>();
        current.values().forEach(a -> states.merge(a.get("to").s(), 1, Integer::sum));
        out.printf(
                "alerts: %d transitions; rules x resources now %s%s%n",
                transitions,
                states.isEmpty() ? "none" : states,
                current.values().stream()
                        .filter(a -> a.get("to").s().equals("ALARM"))
                        .map(a -> a.get("alert").s())
                        .reduce((x, y) -> x + ", " + y)
                        .map(s -> "; in ALARM: " + s)
                        .orElse(""));
        return items;
    }

    /** The inventory: one line per resource, with its type, name, a key attribute and tags. */
    void printInventory(PrintStream out) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(dynamodb.scan(resourcesTable));
        out.printf("inventory: %d resources%n", items.size());
        items.sort((a, b) -> a.get("arn").s().compareTo(b.get("arn").s()));
        for (Map<String, AttributeValue> r : items) {
            if (r.get("removed").bool()) {
                out.printf("  %-34s removed%n", abbreviate(display(r.get("arn").s()), 34));
                continue;
            }
            Map<String, AttributeValue> a = r.get("attributes").m();
            String detail =
                    List.of(
                                    "instanceType",
                                    "volumeType",
                                    "engine",
                                    "runtime",
                                    "type",
                                    "bucketRegion")
                            .stream()
                            .filter(a::containsKey)
                            .findFirst()
                            .map(k -> a.get(k).s())
                            .orElse("");
            Map<String, String> tags = new TreeMap<>();
            r.get("tags").m().forEach((k, v) -> tags.put(k, v.s()));
            out.printf(
                    "  %-34s %-34s %-18s %-12s tags=%s%n",
                    abbreviate(display(r.get("arn").s()), 34),
                    r.get("resourceType").s(),
                    abbreviate(r.get("name").s(), 18),
                    detail,
                    tags);
        }
    }

    /** The inventory name enrichment gave a resource, when it differs from its id. */
    private static String named(Map<String, AttributeValue> item) {
        AttributeValue attributes = item.get("attributes");
        AttributeValue name = attributes == null ? null : attributes.m().get("aws.resource.name");
        return name == null || item.get("resourceKey").s().endsWith(name.s())
                ? ""
                : " (" + name.s() + ")";
    }

    private static long start(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(AggregateItems.SORT_KEY).n());
    }

    private static String headline(Map<String, AttributeValue> metrics) {
        List<String> parts = new ArrayList<>();
        for (String[] h : HEADLINES) {
            AttributeValue m = metrics.get(h[0]);
            if (m == null || !m.m().containsKey(h[1])) {
                continue;
            }
            double v = Double.parseDouble(m.m().get(h[1]).n());
            parts.add(h[2] + "=" + format(v) + h[3]);
        }
        parts.add("(" + metrics.size() + " metrics)");
        return String.join("  ", parts);
    }

    private static String format(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** An ARN as {@code aws:<service>/<resource>}, the rest as they are. */
    private static String display(String resourceKey) {
        if (!resourceKey.startsWith("arn:")) {
            return resourceKey;
        }
        String[] parts = resourceKey.split(":", 6);
        return "aws:" + parts[2] + "/" + parts[5].replaceFirst("^[a-z]+[/:]", "");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
