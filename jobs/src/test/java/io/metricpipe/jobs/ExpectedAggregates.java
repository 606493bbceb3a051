package io.metricpipe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.testing.SimulatedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the aggregates must be, computed straight from the simulated JSON with a plain JSON parser
 * and plain arithmetic, independently of the job's decoder and accumulators.
 */
final class ExpectedAggregates {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** (resource key, window start) → metric → samples (timestamp, value). */
    final Map<String, Map<String, List<double[]>>> samples = new TreeMap<>();

    final Map<String, Set<String>> distinct = new HashMap<>();

    ExpectedAggregates(List<SimulatedRecord> records, long windowMs) {
        for (SimulatedRecord r : records) {
            if (r.isMalformed()) {
                continue;
            }
            JsonNode e;
            try {
                e = JSON.readTree(r.data());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            long ts = e.get("timestamp").asLong();
            String window = Long.toString(ts / windowMs * windowMs);
            switch (e.get("type").asText()) {
                case "vm-metrics":
                    String host = key("host/" + e.get("source").asText(), window);
                    add(host, "cpu.usage_percent", ts, e.at("/cpu/usage_percent"));
                    add(host, "memory.used_gb", ts, e.at("/memory/used_gb"));
                    add(host, "disk.read_bytes", ts, e.at("/disk/read_bytes"));
                    add(host, "network.bytes_recv", ts, e.at("/network/bytes_recv"));
                    break;
                case "vm_stats":
                    add(
                            key("host/" + e.get("id").asText(), window),
                            "cpu_usage",
                            ts,
                            e.get("cpu_usage"));
                    break;
                case "webapp-metrics":
                    String app = key("webapp/" + e.get("source").asText(), window);
                    add(app, "health.response_time_ms", ts, e.at("/health/response_time_ms"));
                    add(app, "performance.total_requests", ts, e.at("/performance/total_requests"));
                    break;
                case "app_event":
                    String events = key("app/" + e.get("id").asText(), window);
                    add(events, "app.events{action=" + e.get("action").asText() + "}", ts, null);
                    distinct.computeIfAbsent(events, k -> new HashSet<>())
                            .add(e.get("user").asText());
                    break;
                case "http-request":
                    String service = key("service/" + e.get("service").asText(), window);
                    add(service, "http.server.requests", ts, null);
                    if (e.get("status").asInt() >= 500) {
                        add(service, "http.server.errors", ts, null);
                    }
                    add(service, "http.server.request.duration", ts, e.get("duration_ms"));
                    break;
                case "metrics":
                    // Points whose attributes are all empty-named, so dropped: no labels.
                    String custom =
                            key("custom/" + e.at("/resource/service.name").asText(), window);
                    for (JsonNode p : e.get("points")) {
                        p.path("attributes")
                                .fieldNames()
                                .forEachRemaining(
                                        name -> {
                                            if (!name.isEmpty()) {
                                                throw new IllegalStateException(
                                                        "labels are not modelled: " + p);
                                            }
                                        });
                        add(custom, p.get("name").asText(), ts, p.get("value"));
                    }
                    break;
                default:
                    throw new IllegalStateException("unexpected type in " + e);
            }
        }
    }

    /** The aggregate items of 1-minute windows and 5-minute roll-ups the records make. */
    static int itemCount(List<SimulatedRecord> records) {
        return new ExpectedAggregates(records, 60_000).samples.size()
                + new ExpectedAggregates(records, 300_000).samples.size();
    }

    static String key(String resource, String window) {
        return resource + "@" + window;
    }

    private void add(String key, String metric, long ts, JsonNode value) {
        samples.computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(metric, k -> new ArrayList<>())
                .add(new double[] {ts, value == null ? 1 : value.asDouble()});
    }

    static double exactSum(List<double[]> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (double[] v : values) {
            sum = sum.add(new BigDecimal(v[1]));
        }
        return sum.doubleValue();
    }

    /** Increase of a cumulative counter in event-time order; a drop is a reset to the new value. */
    static double increase(List<double[]> values) {
        List<double[]> sorted = new ArrayList<>(values);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        double total = 0;
        for (int i = 1; i < sorted.size(); i++) {
            double prev = sorted.get(i - 1)[1];
            double cur = sorted.get(i)[1];
            total += cur >= prev ? cur - prev : cur;
        }
        return total;
    }

    static double last(List<double[]> values) {
        double[] latest = values.get(0);
        for (double[] v : values) {
            if (v[0] > latest[0]) {
                latest = v;
            }
        }
        return latest[1];
    }
}
