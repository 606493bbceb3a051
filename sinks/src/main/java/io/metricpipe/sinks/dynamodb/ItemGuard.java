package io.metricpipe.sinks.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Checks an item against every rule DynamoDB enforces with a {@code ValidationException}, so that
 * no item reaches the writer in a form DynamoDB rejects. Returns the broken rule, or null when the
 * item is safe to write.
 *
 * <p>The rules, at every nesting level: key attributes present, scalar, non-empty, the partition
 * key at most 2048 bytes and the sort key at most 1024; attribute names non-empty, at most 64 KB
 * (key names at most 255 bytes); every value of exactly one type; numbers finite, within DynamoDB's
 * range and 38 significant digits; sets non-empty and without duplicates; strings and names
 * well-formed Unicode (no lone surrogate, which cannot be sent as UTF-8); nesting at most 32
 * levels; and the 400 KB item size (computed by DynamoDB's rules, names included).
 *
 * <p>{@link #repair} mends the one problem that can be mended without changing what an item says:
 * an empty attribute name, from input such as {@code {"": "y"}}, is dropped.
 */
public final class ItemGuard {
    /** DynamoDB's limit is 400 KB; a margin covers rounding in the size rules. */
    static final int MAX_ITEM_BYTES = 400 * 1024 - 1024;

    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;
    static final int MAX_KEY_NAME_BYTES = 255;
    static final int MAX_NAME_BYTES = 65535;
    static final int MAX_DEPTH = 32;

    private static final BigDecimal MAX_MAGNITUDE =
            new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

    private final List<String> keyAttributes;

    /**
     * @param keyAttributes partition key, then the sort key if the table has one
     */
    public ItemGuard(List<String> keyAttributes) {
        this.keyAttributes = List.copyOf(keyAttributes);
    }

    /** An item and how many empty attribute names were dropped from it. */
    public static final class Repaired {
        public final Map<String, AttributeValue> item;
        public final int droppedNames;

        Repaired(Map<String, AttributeValue> item, int droppedNames) {
            this.item = item;
            this.droppedNames = droppedNames;
        }
    }

    /**
     * The item without its empty attribute names, at every level; the same map when it has none.
     */
    public static Repaired repair(Map<String, AttributeValue> item) {
        int[] dropped = {0};
        Map<String, AttributeValue> repaired = withoutEmptyNames(item, dropped);
        return new Repaired(repaired, dropped[0]);
    }

    private static Map<String, AttributeValue> withoutEmptyNames(
            Map<String, AttributeValue> map, int[] dropped) {
        Map<String, AttributeValue> out = null;
        for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
            AttributeValue v = e.getValue();
            AttributeValue mended = v == null ? null : withoutEmptyNames(v, dropped);
            if (e.getKey().isEmpty() || mended != v) {
                if (out == null) {
                    out = new LinkedHashMap<>(map);
                }
                if (e.getKey().isEmpty()) {
                    dropped[0]++;
                    out.remove(e.getKey());
                } else {
                    out.put(e.getKey(), mended);
                }
            }
        }
        return out == null ? map : out;
    }

    private static AttributeValue withoutEmptyNames(AttributeValue v, int[] dropped) {
        if (v.hasM()) {
            Map<String, AttributeValue> m = withoutEmptyNames(v.m(), dropped);
            return m == v.m() ? v : AttributeValue.fromM(m);
        }
        if (v.hasL()) {
            List<AttributeValue> l = null;
            for (int i = 0; i < v.l().size(); i++) {
                AttributeValue e = v.l().get(i);
                AttributeValue mended = e == null ? null : withoutEmptyNames(e, dropped);
                if (mended != e) {
                    if (l == null) {
                        l = new ArrayList<>(v.l());
                    }
                    l.set(i, mended);
                }
            }
            return l == null ? v : AttributeValue.fromL(l);
        }
        return v;
    }

    public String check(Map<String, AttributeValue> item) {
        for (int k = 0; k < keyAttributes.size(); k++) {
            String problem = checkKey(keyAttributes.get(k), item, k == 0);
            if (problem != null) {
                return problem;
            }
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            String problem = checkName(e.getKey(), e.getKey());
            if (problem == null) {
                problem = checkValue(e.getKey(), e.getValue(), 1);
            }
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

    private static String checkKey(
            String key, Map<String, AttributeValue> item, boolean partition) {
        if (utf8(key) > MAX_KEY_NAME_BYTES) {
            return "key attribute name is longer than " + MAX_KEY_NAME_BYTES + " bytes";
        }
        AttributeValue v = item.get(key);
        if (v == null) {
            return "key attribute '" + key + "' is missing";
        }
        if (v.s() == null && v.n() == null && v.b() == null) {
            return "key attribute '" + key + "' is not a string, number or binary";
        }
        if (v.s() != null && v.s().isEmpty() || v.b() != null && v.b().asByteArray().length == 0) {
            return "key attribute '" + key + "' is empty";
        }
        int limit = partition ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
        long bytes = v.s() != null ? utf8(v.s()) : v.b() != null ? v.b().asByteArray().length : 0;
        if (bytes > limit) {
            return "key attribute '" + key + "' is longer than " + limit + " bytes";
        }
        return null;
    }

    private static String checkName(String path, String name) {
        if (name.isEmpty()) {
            return "'" + path + "' has an empty attribute name";
        }
        if (!wellFormed(name)) {
            return "attribute name '" + path + "' is not well-formed Unicode";
        }
        if (utf8(name) > MAX_NAME_BYTES) {
            return "attribute name of '" + abbreviated(path) + "' is longer than 64 KB";
        }
        return null;
    }

    private static String checkValue(String path, AttributeValue v, int depth) {
        if (v == null) {
            return "'" + path + "' has no value";
        }
        if (depth > MAX_DEPTH) {
            return "'" + abbreviated(path) + "' is nested deeper than " + MAX_DEPTH + " levels";
        }
        int types = types(v);
        if (types != 1) {
            return "'" + path + "' has " + types + " types, DynamoDB needs exactly one";
        }
        if (v.n() != null) {
            return checkNumber(path, v.n());
        }
        if (v.s() != null) {
            return wellFormed(v.s()) ? null : "'" + path + "' is not well-formed Unicode";
        }
        if (v.hasSs() || v.hasNs() || v.hasBs()) {
            return checkSet(path, v);
        }
        if (v.hasM()) {
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                String p = path + "." + e.getKey();
                String problem = checkName(p, e.getKey());
                if (problem == null) {
                    problem = checkValue(p, e.getValue(), depth + 1);
                }
                if (problem != null) {
                    return problem;
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

    private static String checkSet(String path, AttributeValue v) {
        int size = v.hasSs() ? v.ss().size() : v.hasNs() ? v.ns().size() : v.bs().size();
        if (size == 0) {
            return "'" + path + "' is an empty set";
        }
        Set<Object> seen = new HashSet<>();
        if (v.hasSs()) {
            for (String s : v.ss()) {
                if (s == null || !wellFormed(s)) {
                    return "'" + path + "' has a string that is not well-formed Unicode";
                }
                seen.add(s);
            }
        } else if (v.hasNs()) {
            for (String n : v.ns()) {
                String p = n == null ? "'" + path + "' has a null number" : checkNumber(path, n);
                if (p != null) {
                    return p;
                }
                seen.add(new BigDecimal(n).stripTrailingZeros());
            }
        } else {
            for (SdkBytes b : v.bs()) {
                seen.add(b);
            }
        }
        return seen.size() < size ? "'" + path + "' is a set with duplicate values" : null;
    }

    private static int types(AttributeValue v) {
        int n = 0;
        n += v.s() != null ? 1 : 0;
        n += v.n() != null ? 1 : 0;
        n += v.b() != null ? 1 : 0;
        n += v.bool() != null ? 1 : 0;
        n += v.nul() != null ? 1 : 0;
        n += v.hasSs() ? 1 : 0;
        n += v.hasNs() ? 1 : 0;
        n += v.hasBs() ? 1 : 0;
        n += v.hasM() ? 1 : 0;
        n += v.hasL() ? 1 : 0;
        return n;
    }

    private static String checkNumber(String path, String n) {
        BigDecimal d;
        try {
            d = new BigDecimal(n);
        } catch (NumberFormatException e) {
            return "'" + path + "' is not a finite number: " + abbreviated(n);
        }
        BigDecimal abs = d.abs();
        if (abs.signum() != 0
                && (abs.compareTo(MAX_MAGNITUDE) > 0 || abs.compareTo(MIN_MAGNITUDE) < 0)) {
            return "'" + path + "' = " + abbreviated(n) + " is outside DynamoDB's number range";
        }
        if (d.stripTrailingZeros().precision() > 38) {
            return "'" + path + "' = " + abbreviated(n) + " has more than 38 significant digits";
        }
        return null;
    }

    /** True when every surrogate is part of a pair, so the text has a UTF-8 form. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviated(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /**
     * An item's size by DynamoDB's published rules: what its write capacity units are billed on.
     */
    public static long itemBytes(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    /** Write capacity units of one write of the item: one per started KB. */
    public static long writeUnits(Map<String, AttributeValue> item) {
        return Math.max(1, (itemBytes(item) + 1023) / 1024);
    }

    /** A value's size by DynamoDB's published rules. */
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
        } else if (v.hasBs()) {
            for (SdkBytes b : v.bs()) {
                size += b.asByteArray().length;
            }
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
