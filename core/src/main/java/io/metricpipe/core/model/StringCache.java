package io.metricpipe.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings by content, so that values repeating from record to record (a host's name, platform or
 * resource key) are one {@code String} each, decoded and hashed once, instead of a new one per
 * record. Direct-mapped and fixed in size: a value whose slot is taken replaces the entry, so
 * memory stays bounded whatever comes. For one thread.
 */
public final class StringCache {
    /**
     * Slots for the values one thread sees: a host sends a key and about ten attribute values, so
     * this holds a few hundred hosts' values without many evicting each other.
     */
    public static final int SLOTS = 8192;

    /** Longer values are decoded every time: they are rarely the repeating kind. */
    static final int MAX_LENGTH = 128;

    private final String[] strings;

    /** The UTF-8 bytes ({@code byte[]}) or the chars ({@code char[]}) each entry was made from. */
    private final Object[] keys;

    private final int mask;

    /**
     * @param slots a power of two; two per set, the more recently used first
     */
    public StringCache(int slots) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        strings = new String[slots];
        keys = new Object[slots];
        mask = slots - 2;
    }

    /** The string of the {@code length} UTF-8 bytes at {@code offset}. */
    public String of(byte[] bytes, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[offset + i];
        }
        int set = set(h);
        for (int way = 0; way < 2; way++) {
            Object known = keys[set + way];
            if (known instanceof byte[]) {
                byte[] k = (byte[]) known;
                if (Arrays.equals(k, 0, k.length, bytes, offset, offset + length)) {
                    return hit(set, way);
                }
            }
        }
        return insert(
                set,
                Arrays.copyOfRange(bytes, offset, offset + length),
                new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    /** The string of the {@code length} chars at {@code offset}. */
    public String of(char[] text, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(text, offset, length);
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + text[offset + i];
        }
        int set = set(h);
        for (int way = 0; way < 2; way++) {
            Object known = keys[set + way];
            if (known instanceof char[]) {
                char[] k = (char[]) known;
                if (Arrays.equals(k, 0, k.length, text, offset, offset + length)) {
                    return hit(set, way);
                }
            }
        }
        return insert(
                set,
                Arrays.copyOfRange(text, offset, offset + length),
                new String(text, offset, length));
    }

    private int set(int h) {
        return (h ^ (h >>> 16)) & mask;
    }

    private String hit(int set, int way) {
        if (way == 1) {
            swap(strings, set);
            swap(keys, set);
        }
        return strings[set];
    }

    /** Puts a new entry first in its set; the less recently used one goes. */
    private String insert(int set, Object key, String s) {
        strings[set + 1] = strings[set];
        keys[set + 1] = keys[set];
        strings[set] = s;
        keys[set] = key;
        return s;
    }

    private static void swap(Object[] a, int set) {
        Object t = a[set];
        a[set] = a[set + 1];
        a[set + 1] = t;
    }
}
