package io.metricpipe.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the records real collector agents put on the stream, deterministically from a seed:
 * {@code vm-metrics} for nested-agent hosts, {@code vm_stats} for flat-agent hosts, {@code
 * webapp-metrics}, {@code app_event} under its constant partition key, and {@code http-request},
 * every 10 s of event time. One host reboots (its cumulative counters restart near zero), some
 * events arrive out of order, and a few malformed records are mixed in, one per dead-letter reason.
 */
public final class CollectorSimulator {
    public static final long TICK_MS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACTIONS = {
        "login", "view_page", "click_button", "logout", "purchase"
    };
    private static final String[] PAGES = {"/", "/products", "/cart", "/checkout", "/account"};
    private static final String[] ROUTES = {"/api/orders", "/api/cart", "/api/products"};

    private long seed = 42;
    private long start;
    private int ticks = 12;
    private int hosts = 5;
    private int flatHosts = 2;
    private int webapps = 2;
    private int appEventsPerTick = 3;
    private int httpRequestsPerTick = 4;
    private int rebootTick = 6;
    private int outOfOrderEvery = 9;
    private boolean malformed = true;

    public CollectorSimulator(long start) {
        this.start = start;
    }

    public CollectorSimulator seed(long seed) {
        this.seed = seed;
        return this;
    }

    public CollectorSimulator ticks(int ticks) {
        this.ticks = ticks;
        return this;
    }

    public CollectorSimulator hosts(int hosts, int flatHosts) {
        this.hosts = hosts;
        this.flatHosts = flatHosts;
        return this;
    }

    public CollectorSimulator webapps(int webapps) {
        this.webapps = webapps;
        return this;
    }

    public CollectorSimulator perTick(int appEvents, int httpRequests) {
        this.appEventsPerTick = appEvents;
        this.httpRequestsPerTick = httpRequests;
        return this;
    }

    /** The tick at which host 0 reboots; negative for none. */
    public CollectorSimulator rebootTick(int rebootTick) {
        this.rebootTick = rebootTick;
        return this;
    }

    /** Every n-th event is delayed by one tick in arrival order; 0 for none. */
    public CollectorSimulator outOfOrderEvery(int n) {
        this.outOfOrderEvery = n;
        return this;
    }

    public CollectorSimulator malformed(boolean malformed) {
        this.malformed = malformed;
        return this;
    }

    public static String hostName(int i) {
        return String.format("web-%02d", i + 1);
    }

    public static String vmId(int i) {
        return String.format("vm-%04x", 0x7f3a + i);
    }

    public static String webappUrl(int i) {
        return "https://app" + (i + 1) + ".example.com";
    }

    /** The records in arrival order. */
    public List<SimulatedRecord> records() {
        Random random = new Random(seed);
        List<List<SimulatedRecord>> byTick = new ArrayList<>();
        HostState[] hostStates = new HostState[hosts];
        for (int h = 0; h < hosts; h++) {
            hostStates[h] = new HostState(random, start);
        }
        long[] webappTotals = new long[webapps];
        for (int tick = 0; tick < ticks; tick++) {
            long ts = start + tick * TICK_MS + 1_000;
            List<SimulatedRecord> out = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                if (h == 0 && tick == rebootTick) {
                    hostStates[h].reboot(random, ts);
                }
                out.add(
                        record(
                                uuid(random),
                                vmMetrics(random, hostName(h), hostStates[h], ts),
                                "vm-metrics"));
            }
            for (int v = 0; v < flatHosts; v++) {
                out.add(record(vmId(v), vmStats(random, vmId(v), ts), "vm_stats"));
            }
            for (int w = 0; w < webapps; w++) {
                webappTotals[w] += 100 + random.nextInt(50);
                out.add(
                        record(
                                uuid(random),
                                webapp(random, webappUrl(w), webappTotals[w], ts),
                                "webapp-metrics"));
            }
            for (int a = 0; a < appEventsPerTick; a++) {
                out.add(record("global-app-events", appEvent(random, ts + a), "app_event"));
            }
            for (int r = 0; r < httpRequestsPerTick; r++) {
                out.add(record(uuid(random), httpRequest(random, ts + r * 7), "http-request"));
            }
            byTick.add(out);
        }
        List<SimulatedRecord> ordered = new ArrayList<>();
        List<SimulatedRecord> delayed = new ArrayList<>();
        int n = 0;
        for (List<SimulatedRecord> tick : byTick) {
            List<SimulatedRecord> next = new ArrayList<>();
            for (SimulatedRecord r : tick) {
                if (outOfOrderEvery > 0 && ++n % outOfOrderEvery == 0) {
                    next.add(r);
                } else {
                    ordered.add(r);
                }
            }
            ordered.addAll(delayed);
            delayed = next;
        }
        ordered.addAll(delayed);
        if (malformed) {
            List<SimulatedRecord> bad = malformedRecords(start + TICK_MS * ticks / 2);
            for (int i = 0; i < bad.size(); i++) {
                ordered.add(
                        Math.min(ordered.size(), (i + 1) * ordered.size() / (bad.size() + 1)),
                        bad.get(i));
            }
        }
        return ordered;
    }

    /** One record per decode dead-letter reason the agents can plausibly cause. */
    public static List<SimulatedRecord> malformedRecords(long ts) {
        List<SimulatedRecord> bad = new ArrayList<>();
        bad.add(
                text(
                        "p-1",
                        "{\"type\":\"vm-metrics\",\"source\":\"web-01\",\"timestamp\":" + ts,
                        "not_json",
                        ts));
        bad.add(
                new SimulatedRecord(
                        "p-2",
                        new byte[] {
                            '{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
                        },
                        "malformed:not_utf8",
                        ts));
        bad.add(text("p-3", "[\"vm-metrics\"]", "not_object", ts));
        bad.add(
                text(
                        "p-4",
                        "{\"type\":\"disk-metrics\",\"timestamp\":"
                                + ts
                                + ",\"source\":\"web-01\"}",
                        "unknown_type",
                        ts));
        bad.add(
                text(
                        "p-5",
                        "{\"type\":\"vm_stats\",\"id\":\"vm-bad\",\"cpu_usage\":5}",
                        "missing_timestamp",
                        ts));
        bad.add(
                text(
                        "p-6",
                        "{\"type\":\"vm_stats\",\"id\":\"vm-bad\",\"timestamp\":\"yesterday\",\"cpu_usage\":5}",
                        "invalid_timestamp",
                        ts));
        bad.add(
                text(
                        "p-7",
                        "{\"type\":\"vm_stats\",\"id\":\"vm-bad\",\"timestamp\":"
                                + (System.currentTimeMillis() + 3_600_000L)
                                + ",\"cpu_usage\":5}",
                        "future_timestamp",
                        ts));
        bad.add(
                text(
                        "p-8",
                        "{\"type\":\"vm-metrics\",\"source\":42,\"timestamp\":"
                                + ts
                                + ",\"cpu\":{\"usage_percent\":5}}",
                        "wrong_type",
                        ts));
        bad.add(
                text(
                        "p-9",
                        "{\"type\":\"vm_stats\",\"id\":\"vm-bad\",\"timestamp\":"
                                + ts
                                + ",\"cpu_usage\":1e999}",
                        "non_finite",
                        ts));
        return bad;
    }

    private static SimulatedRecord text(String key, String json, String reason, long ts) {
        return new SimulatedRecord(
                key, json.getBytes(StandardCharsets.UTF_8), "malformed:" + reason, ts);
    }

    private static SimulatedRecord record(String key, ObjectNode event, String kind) {
        try {
            return new SimulatedRecord(
                    key, JSON.writeValueAsBytes(event), kind, event.get("timestamp").asLong());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Cumulative counters and boot time of one host. */
    private static final class HostState {
        long bootTime;
        long readBytes, writeBytes, readCount, writeCount;
        long bytesSent, bytesRecv, packetsSent, packetsRecv, errorsIn, errorsOut, dropsIn, dropsOut;
        double cpu;

        HostState(Random random, long now) {
            bootTime = now - 3_600_000L * (20 + random.nextInt(100));
            readBytes = 1_000_000_000L + random.nextInt(1_000_000_000);
            writeBytes = 5_000_000_000L + random.nextInt(1_000_000_000);
            readCount = 50_000 + random.nextInt(10_000);
            writeCount = 400_000 + random.nextInt(10_000);
            bytesSent = 900_000_000L + random.nextInt(100_000_000);
            bytesRecv = 2_300_000_000L + random.nextInt(100_000_000);
            packetsSent = 1_200_000 + random.nextInt(100_000);
            packetsRecv = 2_300_000 + random.nextInt(100_000);
            cpu = 20 + random.nextInt(40);
        }

        void reboot(Random random, long now) {
            bootTime = now - 5_000;
            readBytes = random.nextInt(100_000);
            writeBytes = random.nextInt(100_000);
            readCount = random.nextInt(100);
            writeCount = random.nextInt(100);
            bytesSent = random.nextInt(10_000);
            bytesRecv = random.nextInt(10_000);
            packetsSent = random.nextInt(100);
            packetsRecv = random.nextInt(100);
            errorsIn = errorsOut = dropsIn = dropsOut = 0;
        }

        void advance(Random random) {
            readBytes += 100_000 + random.nextInt(5_000_000);
            writeBytes += 500_000 + random.nextInt(9_000_000);
            readCount += random.nextInt(200);
            writeCount += random.nextInt(900);
            bytesSent += 50_000 + random.nextInt(2_000_000);
            bytesRecv += 80_000 + random.nextInt(4_000_000);
            packetsSent += random.nextInt(3_000);
            packetsRecv += random.nextInt(5_000);
            errorsIn += random.nextInt(10) == 0 ? 1 : 0;
            dropsIn += random.nextInt(4) == 0 ? 1 : 0;
            cpu = Math.max(1, Math.min(99, cpu + random.nextGaussian() * 8));
        }
    }

    private static ObjectNode vmMetrics(Random random, String host, HostState s, long ts) {
        s.advance(random);
        ObjectNode e = JSON.createObjectNode();
        e.put("id", uuid(random));
        e.put("timestamp", ts);
        e.put("type", "vm-metrics");
        e.put("source", host);
        ObjectNode info = e.putObject("system_info");
        info.put("platform", "Linux");
        info.put("platform_version", "5.15.0-1051-aws");
        info.put("architecture", "x86_64");
        info.put("processor", "x86_64");
        info.put("hostname", host);
        info.put("ip_address", "10.0.1." + (10 + host.hashCode() % 200 + 200) % 250);
        info.put(
                "boot_time",
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        Instant.ofEpochMilli(s.bootTime).atOffset(ZoneOffset.UTC).withNano(0)));
        info.put("uptime_hours", round((ts - s.bootTime) / 3_600_000.0, 2));
        ObjectNode cpu = e.putObject("cpu");
        cpu.put("usage_percent", round(s.cpu, 1));
        cpu.put("count", 4);
        cpu.putNull("frequency_mhz");
        ArrayNode cores = cpu.putArray("per_core");
        for (int c = 0; c < 4; c++) {
            cores.add(round(Math.max(0, Math.min(100, s.cpu + random.nextGaussian() * 5)), 1));
        }
        ObjectNode mem = e.putObject("memory");
        double used = round(4 + random.nextDouble() * 6, 2);
        mem.put("total_gb", 15.54);
        mem.put("available_gb", round(15.54 - used, 2));
        mem.put("used_gb", used);
        mem.put("usage_percent", round(used / 15.54 * 100, 1));
        mem.put("swap_total_gb", 0.0);
        mem.put("swap_used_gb", 0.0);
        mem.put("swap_percent", 0.0);
        ObjectNode disk = e.putObject("disk");
        disk.put("total_gb", 96.73);
        disk.put("used_gb", 41.2);
        disk.put("free_gb", 55.53);
        disk.put("usage_percent", 42.6);
        disk.put("read_bytes", s.readBytes);
        disk.put("write_bytes", s.writeBytes);
        disk.put("read_count", s.readCount);
        disk.put("write_count", s.writeCount);
        ObjectNode net = e.putObject("network");
        net.put("bytes_sent", s.bytesSent);
        net.put("bytes_recv", s.bytesRecv);
        net.put("packets_sent", s.packetsSent);
        net.put("packets_recv", s.packetsRecv);
        net.put("errors_in", s.errorsIn);
        net.put("errors_out", s.errorsOut);
        net.put("drops_in", s.dropsIn);
        net.put("drops_out", s.dropsOut);
        return e;
    }

    private static ObjectNode vmStats(Random random, String id, long ts) {
        ObjectNode e = JSON.createObjectNode();
        long total = 8_254_427_136L;
        long used = (long) (total * (0.3 + random.nextDouble() * 0.4));
        e.put("id", id);
        e.put("timestamp", ts);
        e.put("type", "vm_stats");
        e.put("cpu_usage", round(5 + random.nextDouble() * 60, 1));
        e.put("memory_total", total);
        e.put("memory_used", used);
        e.put("memory_percent", round(100.0 * used / total, 1));
        e.put("disk_total", 53_687_091_200L);
        e.put("disk_used", 20_401_094_656L);
        e.put("disk_percent", 38.0);
        e.put("boot_time", 1_763_600_000.123);
        return e;
    }

    private static ObjectNode webapp(Random random, String url, long totalRequests, long ts) {
        ObjectNode e = JSON.createObjectNode();
        double rt = round(80 + random.nextDouble() * 300, 1);
        e.put("id", uuid(random));
        e.put("timestamp", ts);
        e.put("type", "webapp-metrics");
        e.put("source", url);
        ObjectNode health = e.putObject("health");
        boolean online = random.nextInt(20) != 0;
        health.put("status", online ? "online" : "timeout");
        health.put("status_code", online ? 200 : 0);
        health.put("response_time_ms", rt);
        health.put("content_length", 48_000 + random.nextInt(1000));
        if (!online) {
            health.put("error", "read timed out");
        }
        ObjectNode perf = e.putObject("performance");
        perf.put("current_response_time_ms", rt);
        perf.put("avg_response_time_ms", round(rt * 0.9, 1));
        perf.put("min_response_time_ms", round(rt * 0.5, 1));
        perf.put("max_response_time_ms", round(rt * 3, 1));
        perf.put("total_requests", totalRequests);
        perf.put("total_errors", totalRequests / 300);
        perf.put("error_rate_percent", 0.33);
        ObjectNode usage = e.putObject("usage");
        usage.put("active_users", 100 + random.nextInt(80));
        usage.put("requests_per_second", round(20 + random.nextDouble() * 15, 1));
        usage.put("error_rate_percent", 0.4);
        usage.put("avg_page_load_ms", round(900 + random.nextDouble() * 600, 1));
        usage.put("avg_db_query_ms", round(10 + random.nextDouble() * 20, 1));
        ObjectNode sources = usage.putObject("traffic_sources");
        sources.put("direct", random.nextInt(60));
        sources.put("organic", random.nextInt(80));
        sources.put("referral", random.nextInt(30));
        sources.put("social", random.nextInt(20));
        usage.put("total_requests", totalRequests * 8);
        usage.put("total_errors", totalRequests * 8 / 250);
        return e;
    }

    private static ObjectNode appEvent(Random random, long ts) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", "global-app-events");
        e.put("event_id", String.format("evt-%04d", random.nextInt(10_000)));
        e.put("timestamp", ts);
        e.put("type", "app_event");
        e.put("user", "user_" + random.nextInt(40));
        e.put("action", ACTIONS[random.nextInt(ACTIONS.length)]);
        if (random.nextInt(4) == 0) {
            e.putNull("page");
        } else {
            e.put("page", PAGES[random.nextInt(PAGES.length)]);
        }
        ObjectNode meta = e.putObject("meta");
        meta.put("browser", random.nextBoolean() ? "Chrome" : "Firefox");
        meta.put("os", random.nextBoolean() ? "Linux" : "macOS");
        return e;
    }

    private static ObjectNode httpRequest(Random random, long ts) {
        ObjectNode e = JSON.createObjectNode();
        e.put("timestamp", ts);
        e.put("type", "http-request");
        e.put("service", "checkout");
        e.put("method", random.nextBoolean() ? "GET" : "POST");
        e.put("route", ROUTES[random.nextInt(ROUTES.length)]);
        e.put("status", random.nextInt(25) == 0 ? 503 : 200);
        e.put("duration_ms", round(Math.exp(3 + random.nextGaussian() * 0.8), 2));
        return e;
    }
}
