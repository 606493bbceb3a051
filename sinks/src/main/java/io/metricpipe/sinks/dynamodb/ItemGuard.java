package io.metricpipe.sinks.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks an item against what DynamoDB rejects with a {@code ValidationException}, which the Flink
 * DynamoDB sink treats as fatal: one such item would restart the job forever. Returns the problem,
 * or null when the item is safe to write.
 *
 * <p>Checked: key attributes present and non-empty; numbers finite and within DynamoDB's range and
 * precision; no empty sets; nesting depth; and the 400 KB item size (computed by DynamoDB's rules,
 * names included).
 */
public final class ItemGuard {
    /** DynamoDB's limit is 400 KB; a margin covers rounding in the size rules. */
    static final int MAX_ITEM_BYTES = 400 * 1024 - 1024;

    private static final int MAX_DEPTH = 32;
    private static final BigDecimal MAX_MAGNITUDE =
            new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

    private final List<String> keyAttributes;

    public ItemGuard(List<String> keyAttributes) {
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    public String check(Map<String, AttributeValue> item) {
        for (String key : keyAttributes) {
            AttributeValue v = item.get(key);
            if (v == null) {
                return "key attribute '" + key + "' is missing";
            }
            if (v.s() != null && v.s().isEmpty()) {
                return "key attribute '" + key + "' is an empty string";
            }
            if (v.s() != null && v.s().getBytes(StandardCharsets.UTF_8).length > 1024) {
                return "key attribute '" + key + "' is longer than 1024 bytes";
            }
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String problem = checkValue(e.getKey(), e.getValue(), 1);
            if (problem != null) {
                return problem;
            }
            size += utf8(e.getKey()) + size(e.getValue());
        }
        if (size > MAX_ITEM_BYTES) {
            return "item is " + size + " bytes, over DynamoDB's 400 KB limit";
        }
        return null;
    }

    private static String checkValue(String path, AttributeValue v, int depth) {
        if (depth > MAX_DEPTH) {
            return "'" + path + "' is nested deeper than " + MAX_DEPTH + " levels";
        }
        if (v.n() != null) {
            return checkNumber(path, v.n());
        }
        if (v.hasSs() && v.ss().isEmpty()
                || v.hasNs() && v.ns().isEmpty()
                || v.hasBs() && v.bs().isEmpty()) {
            return "'" + path + "' is an empty set";
        }
        if (v.hasNs()) {
            for (String n : v.ns()) {
                String p = checkNumber(path, n);
                if (p != null) {
                    return p;
                }
            }
        }
        if (v.hasM()) {
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                String p = checkValue(path + "." + e.getKey(), e.getValue(), depth + 1);
                if (p != null) {
                    return p;
                }
            }
        }
        if (v.hasL()) {
            int i = 0;
            for (AttributeValue e : v.l()) {
                String p = checkValue(path + "[" + i++ + "]", e, depth + 1);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String checkNumber(String path, String n) {
        BigDecimal d;
        try {
            d = new BigDecimal(n);
        } catch (NumberFormatException e) {
            return "'" + path + "' is not a finite number: " + n;
        }
        BigDecimal abs = d.abs();
        if (abs.signum() != 0
                && (abs.compareTo(MAX_MAGNITUDE) > 0 || abs.compareTo(MIN_MAGNITUDE) < 0)) {
            return "'" + path + "' = " + n + " is outside DynamoDB's number range";
        }
        if (d.stripTrailingZeros().precision() > 38) {
            return "'" + path + "' = " + n + " has more than 38 significant digits";
        }
        return null;
    }

    /** Item size by DynamoDB's published rules. */
    static long size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return (v.n().length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || v.nul() != null) {
            return 1;
        }
        long size = 3;
        if (v.hasM()) {
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                size += utf8(e.getKey()) + size(e.getValue()) + 1;
            }
        } else if (v.hasL()) {
            for (AttributeValue e : v.l()) {
                size += size(e) + 1;
            }
        } else if (v.hasSs()) {
            for (String s : v.ss()) {
                size += utf8(s);
            }
        } else if (v.hasNs()) {
            for (String n : v.ns()) {
                size += (n.length() + 1) / 2 + 1;
            }
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
