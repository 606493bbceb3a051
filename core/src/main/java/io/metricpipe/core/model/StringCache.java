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

    /**
     * The UTF-8 bytes or the chars each entry was made from (the other null), to compare input with
     * in one vectorized call.
     */
    private final byte[][] encodings;

    private final char[][] chars;

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
        chars = new char[slots][];
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
        chars[slot] = null;
        return s;
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
        int slot = spread(h);
        char[] known = chars[slot];
        if (known != null && Arrays.equals(known, 0, known.length, text, offset, offset + length)) {
            return strings[slot];
        }
        String s = new String(text, offset, length);
        strings[slot] = s;
        chars[slot] = Arrays.copyOfRange(text, offset, offset + length);
        encodings[slot] = null;
        return s;
    }

    private int spread(int h) {
        return (h ^ (h >>> 16)) & mask;
    }
}
