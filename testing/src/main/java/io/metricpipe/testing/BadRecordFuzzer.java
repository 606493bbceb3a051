package io.metricpipe.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Generates bad agent records, each labelled with the dead-letter reason the README's table gives
 * it ({@code malformed:<reason>}), and good events with empty and odd attribute names, which are
 * repaired rather than set aside ({@code metrics}, resource {@code custom/fuzz-odd-names}).
 *
 * <p>The large kinds (strings past the parser's limit, records past {@code maxRecordBytes}) are one
 * in a thousand, so that 100,000 records stay a few tens of megabytes.
 */
public final class BadRecordFuzzer {
    /** The resource of the repaired events. */
    public static final String ODD_NAMES_SERVICE = "fuzz-odd-names";

    /** The parser limits of the README's dead-letter table. */
    private static final int MAX_DEPTH = 32;

    private static final int MAX_STRING = 65_536;
    private static final int MAX_NAME = 1_024;
    private static final int MAX_NUMBER = 64;

    private final Random random;
    private final long start;
    private final long end;
    private final long now;
    private final int maxRecordBytes;

    /**
     * @param seed the random seed: the same seed gives the same records
     * @param start first event time of the records
     * @param end event time past the last record's
     * @param maxRecordBytes the job's {@code decoding.maxRecordBytes}; oversized records exceed it
     */
    public BadRecordFuzzer(long seed, long start, long end, int maxRecordBytes) {
        this.random = new Random(seed);
        this.start = start;
        this.end = end;
        this.now = System.currentTimeMillis();
        this.maxRecordBytes = maxRecordBytes;
    }

    /** {@code n} records, the kinds in a random order, their times rising from start to end. */
    public List<SimulatedRecord> records(int n) {
        List<Function<Long, SimulatedRecord>> small = smallKinds();
        List<SimulatedRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // In time order, so that good events mixed in stream order are never late.
            long ts = start + (end - start) * i / n;
            if (i % 1000 == 500) {
                out.add(oversized(ts));
            } else if (i % 1000 == 999) {
                out.add(longString(ts));
            } else {
                out.add(small.get(random.nextInt(small.size())).apply(ts));
            }
        }
        return out;
    }

    private List<Function<Long, SimulatedRecord>> smallKinds() {
        List<Function<Long, SimulatedRecord>> kinds = new ArrayList<>();
        kinds.add(this::randomBytes);
        kinds.add(ts -> bad("not_utf8", withInvalidUtf8InAString(ts)));
        kinds.add(ts -> bad("not_json", truncated(ts)));
        kinds.add(ts -> text("not_json", vmStats(ts, "\"cpu_usage\":" + nonNumericNumber())));
        kinds.add(
                ts ->
                        text(
                                "not_json",
                                "{\"type\":\"vm_stats\",\"id\":\"a\",\"id\":\"b\",\"timestamp\":"
                                        + ts
                                        + ",\"cpu_usage\":1}"));
        kinds.add(ts -> text("not_json", "garbage " + random.nextInt()));
        kinds.add(ts -> text("not_object", notAnObject()));
        kinds.add(ts -> text("unknown_type", unknownType(ts)));
        kinds.add(
                ts ->
                        text(
                                "missing_field",
                                "{\"type\":\"vm_stats\",\"timestamp\":"
                                        + ts
                                        + ",\"cpu_usage\":1}"));
        kinds.add(
                ts ->
                        text(
                                "missing_field",
                                "{\"type\":\"metrics\",\"timestamp\":"
                                        + ts
                                        + ",\"points\":[{\"name\":\"x\",\"value\":1}]}"));
        kinds.add(
                ts ->
                        text(
                                "missing_timestamp",
                                "{\"type\":\"vm_stats\",\"id\":\"" + id() + "\",\"cpu_usage\":1}"));
        kinds.add(
                ts -> text("invalid_timestamp", vmStatsAt(invalidTimestamp(), "\"cpu_usage\":1")));
        kinds.add(
                ts ->
                        text(
                                "future_timestamp",
                                vmStatsAt(
                                        Long.toString(
                                                now + 86_400_000L * (1 + random.nextInt(365))),
                                        "\"cpu_usage\":1")));
        kinds.add(ts -> text("wrong_type", wrongIdType(ts)));
        kinds.add(
                ts ->
                        text(
                                "wrong_type",
                                vmStats(ts, "\"cpu_usage\":\"high\",\"memory_used\":[1]")));
        kinds.add(
                ts ->
                        text(
                                "non_finite",
                                vmStats(
                                        ts,
                                        "\"cpu_usage\":"
                                                + (random.nextBoolean() ? "1e999" : "-1e999"))));
        kinds.add(ts -> text("no_metrics", vmStats(ts, "\"unrelated\":1")));
        kinds.add(ts -> text("too_deep", deep(ts)));
        kinds.add(
                ts ->
                        text(
                                "name_too_long",
                                vmStats(
                                        ts,
                                        "\"cpu_usage\":1,\""
                                                + letters(MAX_NAME + 1 + random.nextInt(2_000))
                                                + "\":1")));
        kinds.add(
                ts ->
                        text(
                                "number_too_long",
                                vmStats(
                                        ts,
                                        "\"cpu_usage\":"
                                                + digits(MAX_NUMBER + 1 + random.nextInt(200)))));
        kinds.add(this::oddNames);
        return kinds;
    }

    private SimulatedRecord randomBytes(long ts) {
        byte[] bytes = new byte[1 + random.nextInt(200)];
        random.nextBytes(bytes);
        // 0xFF is never part of UTF-8, nor of JSON text.
        bytes[random.nextInt(bytes.length)] = (byte) 0xFF;
        return new SimulatedRecord(key(), bytes, "malformed:not_utf8", ts);
    }

    private byte[] withInvalidUtf8InAString(long ts) {
        byte[] head = ("{\"type\":\"vm_stats\",\"id\":\"vm-").getBytes(StandardCharsets.US_ASCII);
        byte[] tail =
                ("\",\"timestamp\":" + ts + ",\"cpu_usage\":1}")
                        .getBytes(StandardCharsets.US_ASCII);
        // A lead byte followed by a byte that cannot continue it.
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    /** A strict prefix of a good event: an object that never closes. */
    private byte[] truncated(long ts) {
        String good =
                "{\"type\":\"vm-metrics\",\"source\":\""
                        + id()
                        + "\",\"timestamp\":"
                        + ts
                        + ",\"cpu\":{\"usage_percent\":"
                        + random.nextInt(100)
                        + "},\"memory\":{\"used_gb\":3.5}}";
        return good.substring(0, 1 + random.nextInt(good.length() - 1))
                .getBytes(StandardCharsets.UTF_8);
    }

    private String nonNumericNumber() {
        String[] tokens = {"NaN", "Infinity", "-Infinity", "+1", "0x10", ".5", "01"};
        return tokens[random.nextInt(tokens.length)];
    }

    private String notAnObject() {
        String[] values = {"[1,2,3]", "42", "\"vm-metrics\"", "true", "null", "[{\"type\":\"x\"}]"};
        return values[random.nextInt(values.length)];
    }

    private String unknownType(long ts) {
        String[] types = {"", "\"type\":5,", "\"type\":\"disk-metrics\",", "\"type\":null,"};
        return "{" + types[random.nextInt(types.length)] + "\"timestamp\":" + ts + ",\"id\":\"x\"}";
    }

    private String invalidTimestamp() {
        switch (random.nextInt(4)) {
            case 0:
                return "\"yesterday\"";
            case 1:
                // Seconds sent as milliseconds: January 1970.
                return Long.toString(1_700_000_000L + random.nextInt(100_000_000));
            case 2:
                // Ancient: before 2000-01-01.
                return Long.toString((long) (random.nextDouble() * 946_684_799_999L));
            default:
                return "{\"ms\":1}";
        }
    }

    private String wrongIdType(long ts) {
        String[] ids = {"42", "[\"a\"]", "{\"id\":\"a\"}", "true"};
        return "{\"type\":\"vm_stats\",\"id\":"
                + ids[random.nextInt(ids.length)]
                + ",\"timestamp\":"
                + ts
                + ",\"cpu_usage\":1}";
    }

    private String deep(long ts) {
        int depth = MAX_DEPTH + 1 + random.nextInt(500);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return vmStats(
                ts, "\"cpu_usage\":1,\"x\":" + open.repeat(depth) + "1" + close.repeat(depth));
    }

    /** A good {@code metrics} event whose empty names are dropped and odd names kept. */
    private SimulatedRecord oddNames(long ts) {
        String[] odd = {
            "name with spaces", "ünïcödé ☃", "a/b#c", "dots.and-dashes", "\\\"quoted\\\""
        };
        String name = odd[random.nextInt(odd.length)];
        String json =
                "{\"type\":\"metrics\",\"timestamp\":"
                        + ts
                        + ",\"resource\":{\"service.name\":\""
                        + ODD_NAMES_SERVICE
                        + "\",\"\":\"dropped\",\""
                        + name
                        + "\":\"kept\"},\"points\":[{\"name\":\"fuzz.value\",\"value\":"
                        + random.nextInt(100)
                        + ",\"attributes\":{\"\":\"dropped\"}}]}";
        return new SimulatedRecord(key(), json.getBytes(StandardCharsets.UTF_8), "metrics", ts);
    }

    private SimulatedRecord oversized(long ts) {
        int size = maxRecordBytes + 1 + random.nextInt(10_000);
        String head = "{\"type\":\"vm_stats\",\"id\":\"big\",\"timestamp\":" + ts + ",\"pad\":\"";
        String json = head + letters(size - head.length() - 2) + "\"}";
        return text("oversized", json);
    }

    private SimulatedRecord longString(long ts) {
        return text(
                "string_too_long",
                vmStats(
                        ts,
                        "\"cpu_usage\":1,\"note\":\""
                                + letters(MAX_STRING + 1 + random.nextInt(10_000))
                                + "\""));
    }

    private String vmStats(long ts, String fields) {
        return vmStatsAt(Long.toString(ts), fields);
    }

    private String vmStatsAt(String timestamp, String fields) {
        return "{\"type\":\"vm_stats\",\"id\":\""
                + id()
                + "\",\"timestamp\":"
                + timestamp
                + ","
                + fields
                + "}";
    }

    private String id() {
        return "fuzz-" + random.nextInt(1_000);
    }

    private String key() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String letters(int n) {
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(n);
    }

    private String digits(int n) {
        return "1" + "0".repeat(n - 1);
    }

    private SimulatedRecord text(String reason, String json) {
        return bad(reason, json.getBytes(StandardCharsets.UTF_8));
    }

    private SimulatedRecord bad(String reason, byte[] data) {
        return new SimulatedRecord(key(), data, "malformed:" + reason, start);
    }
}
