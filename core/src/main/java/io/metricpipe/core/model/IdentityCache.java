package io.metricpipe.core.model;

import java.util.function.Function;

/**
 * Values computed from keys, remembered by the key's identity: for strings that {@link StringCache}
 * makes one instance each (a source's resource key, a string's UTF-8 bytes). Two entries per set of
 * the key's hash, the more recently used first, so a few colliding keys do not evict each other on
 * every record. Fixed in size. For one thread.
 */
public final class IdentityCache<K, V> {
    private final Object[] keys;
    private final Object[] values;
    private final int mask;
    private final Function<K, V> compute;

    /**
     * @param slots a power of two
     */
    public IdentityCache(int slots, Function<K, V> compute) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        keys = new Object[slots];
        values = new Object[slots];
        mask = slots - 2;
        this.compute = compute;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        int h = key.hashCode();
        int set = (h ^ (h >>> 16)) & mask;
        if (keys[set] == key) {
            return (V) values[set];
        }
        if (keys[set + 1] == key) {
            Object v = values[set + 1];
            keys[set + 1] = keys[set];
            values[set + 1] = values[set];
            keys[set] = key;
            values[set] = v;
            return (V) v;
        }
        V v = compute.apply(key);
        keys[set + 1] = keys[set];
        values[set + 1] = values[set];
        keys[set] = key;
        values[set] = v;
        return v;
    }
}
