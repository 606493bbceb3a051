package io.metricpipe.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings by content, so that values repeating from record to record (a host's name, platform or
 * resource key) are one {@code String} each, decoded and hashed once, instead of a new one per
 * record. Fixed in size ({@link TwoWaySets}). For one thread.
 */
public final class StringCache {
    /**
     * Slots for the values one thread sees: a host sends a key and about ten attribute values, so
     * this holds a few hundred hosts' values without many evicting each other.
     */
    public static final int SLOTS = 8192;

    /** Longer values are decoded every time: they are rarely the repeating kind. */
    static final int MAX_LENGTH = 128;

    /** Keys: the UTF-8 bytes ({@code byte[]}) or the chars ({@code char[]}) of each string. */
    private final TwoWaySets table;

    /**
     * @param slots a power of two
     */
    public StringCache(int slots) {
        table = new TwoWaySets(slots);
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
        int set = table.set(h);
        for (int way = 0; way < 2; way++) {
            Object known = table.keys[set + way];
            if (known instanceof byte[]) {
                byte[] k = (byte[]) known;
                if (Arrays.equals(k, 0, k.length, bytes, offset, offset + length)) {
                    return (String) table.hit(set, way);
                }
            }
        }
        return (String)
                table.insert(
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
        int set = table.set(h);
        for (int way = 0; way < 2; way++) {
            Object known = table.keys[set + way];
            if (known instanceof char[]) {
                char[] k = (char[]) known;
                if (Arrays.equals(k, 0, k.length, text, offset, offset + length)) {
                    return (String) table.hit(set, way);
                }
            }
        }
        return (String)
                table.insert(
                        set,
                        Arrays.copyOfRange(text, offset, offset + length),
                        new String(text, offset, length));
    }
}
