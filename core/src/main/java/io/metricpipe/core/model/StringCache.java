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

    /** The UTF-8 bytes of {@link #strings} entries made by {@link #of(byte[], int, int)}. */
    private final byte[][] encodings;

    private final int mask;

    /**
     * @param slots a power of two
     */
    public StringCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        strings = new String[slots];
        encodings = new byte[slots][];
        mask = slots - 1;
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
        int slot = spread(h);
        byte[] known = encodings[slot];
        if (known != null
                && Arrays.equals(known, 0, known.length, bytes, offset, offset + length)) {
            return strings[slot];
        }
        String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
        strings[slot] = s;
        encodings[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        return s;
    }

    /** The string of the {@code length} chars at {@code offset}. */
    public String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + chars[offset + i];
        }
        int slot = spread(h);
        String known = strings[slot];
        if (known != null && sameChars(known, chars, offset, length)) {
            return known;
        }
        String s = new String(chars, offset, length);
        strings[slot] = s;
        encodings[slot] = null;
        return s;
    }

    private int spread(int h) {
        return (h ^ (h >>> 16)) & mask;
    }

    private static boolean sameChars(String s, char[] chars, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
