package io.metricpipe.core.model;

/**
 * A fixed-size table of entries in sets of two, the more recently used first: a lookup probes the
 * two entries of its hash's set, and a new entry evicts the less recently used one, so a few keys
 * that share a set do not evict each other on every record. Memory stays bounded whatever comes.
 * The caches of repeating strings are built on it. For one thread.
 */
final class TwoWaySets {
    final Object[] keys;
    final Object[] values;
    private final int mask;

    /**
     * @param slots a power of two, at least 2
     */
    TwoWaySets(int slots) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        keys = new Object[slots];
        values = new Object[slots];
        mask = slots - 2;
    }

    /** The first slot of the set for {@code hash}; its two entries are this slot and the next. */
    int set(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** The value of entry {@code set + way}, which becomes the set's first. */
    Object hit(int set, int way) {
        if (way == 1) {
            swap(keys, set);
            swap(values, set);
        }
        return values[set];
    }

    /** Puts a new entry first in its set; the set's second entry goes. */
    Object insert(int set, Object key, Object value) {
        keys[set + 1] = keys[set];
        values[set + 1] = values[set];
        keys[set] = key;
        values[set] = value;
        return value;
    }

    private static void swap(Object[] a, int set) {
        Object t = a[set];
        a[set] = a[set + 1];
        a[set + 1] = t;
    }
}
