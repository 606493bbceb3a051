package io.metricpipe.core.model;

import java.util.function.Function;

/**
 * Values computed from keys, remembered by the key's identity: for strings that {@link StringCache}
 * makes one instance each (a source's resource key, a string's UTF-8 bytes). Fixed in size ({@link
 * TwoWaySets}). For one thread.
 */
public final class IdentityCache<K, V> {
    private final TwoWaySets table;
    private final Function<K, V> compute;

    /**
     * @param slots a power of two
     */
    public IdentityCache(int slots, Function<K, V> compute) {
        this.table = new TwoWaySets(slots);
        this.compute = compute;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        int set = table.set(key.hashCode());
        for (int way = 0; way < 2; way++) {
            if (table.keys[set + way] == key) {
                return (V) table.hit(set, way);
            }
        }
        return (V) table.insert(set, key, compute.apply(key));
    }
}
