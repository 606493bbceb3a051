package io.metricpipe.core.aggregate;

import java.util.Arrays;

/**
 * A sum of doubles that is exact until the final rounding (Shewchuk's algorithm, as in Python's
 * {@code math.fsum}). Floating-point addition is not associative, so a plain {@code +=} gives
 * different last bits for different arrival orders; this sum does not, which keeps results a
 * deterministic function of the events however shards interleave.
 */
final class ExactSum {
    private static final double[] NONE = new double[0];

    private double[] partials = NONE;
    private int size;

    /** Set once the running sum overflows; from then on the sum is this infinity. */
    private double overflow;

    void add(double x) {
        if (overflow != 0) {
            return;
        }
        int i = 0;
        for (int j = 0; j < size; j++) {
            // Knuth's two-sum: hi + lo == x + y exactly, without comparing magnitudes first.
            double y = partials[j];
            double hi = x + y;
            if (Double.isInfinite(hi)) {
                overflow = hi;
                return;
            }
            double yVirtual = hi - x;
            double lo = (x - (hi - yVirtual)) + (y - yVirtual);
            if (lo != 0.0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        if (i == partials.length) {
            partials = Arrays.copyOf(partials, Math.max(2, i * 2));
        }
        partials[i] = x;
        size = i + 1;
    }

    /** Starts over at zero, keeping the space. */
    void clear() {
        size = 0;
        overflow = 0;
    }

    void addAll(ExactSum other) {
        if (other.overflow != 0) {
            overflow = overflow == 0 || overflow == other.overflow ? other.overflow : Double.NaN;
            return;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.partials[i]);
        }
    }

    /** The correctly rounded sum of everything added. */
    double value() {
        if (overflow != 0) {
            return overflow;
        }
        if (size == 0) {
            return 0.0;
        }
        int k = size - 1;
        double hi = partials[k];
        double lo = 0.0;
        while (k > 0) {
            double x = hi;
            double y = partials[--k];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) {
                break;
            }
        }
        // Round half-even across the boundary of two partials, as fsum does.
        if (k > 0 && ((lo < 0 && partials[k - 1] < 0) || (lo > 0 && partials[k - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            if (y == x - hi) {
                hi = x;
            }
        }
        return hi;
    }

    int partialCount() {
        return size;
    }

    double partial(int i) {
        return partials[i];
    }

    double overflow() {
        return overflow;
    }

    void restore(double overflow, double[] parts) {
        this.overflow = overflow;
        this.partials = parts;
        this.size = parts.length;
    }
}
