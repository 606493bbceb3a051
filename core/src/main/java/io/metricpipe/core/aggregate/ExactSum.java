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

    /**
     * Beyond this many values or this exponent spread, {@link #of} takes the general way: 53
     * mantissa bits shifted by up to 60, 256 of them, stay below 127 bits.
     */
    private static final int MAX_VALUES = 256;

    private static final int MAX_SPREAD = 60;

    /** Biased exponents above this could overflow in the general way; they take it. */
    private static final int MAX_EXPONENT = 2000;

    private static final long MANTISSA = (1L << 52) - 1;

    /**
     * The correctly rounded sum of {@code values[0..n)}, exactly what adding them to an {@link
     * ExactSum} gives. Up to 64 finite values whose exponents lie within {@value #MAX_SPREAD} of
     * each other (a window's values of one metric, or a roll-up's sums) are added as integers in a
     * 128-bit fixed-point accumulator and rounded once, which costs a fraction of the partials'
     * two-sums; anything else goes the general way.
     */
    static double of(double[] values, int n) {
        int minExponent = Integer.MAX_VALUE;
        int maxExponent = Integer.MIN_VALUE;
        boolean allNegativeZero = n > 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            allNegativeZero &= bits == Long.MIN_VALUE;
            int e = (int) (bits >>> 52) & 0x7ff;
            if ((bits & Long.MAX_VALUE) != 0) {
                minExponent = Math.min(minExponent, Math.max(1, e));
                maxExponent = Math.max(maxExponent, e);
            }
        }
        if (maxExponent == Integer.MIN_VALUE) {
            return allNegativeZero ? -0.0 : 0.0;
        }
        if (n > MAX_VALUES
                || maxExponent > MAX_EXPONENT
                || maxExponent - minExponent > MAX_SPREAD) {
            ExactSum sum = new ExactSum();
            for (int i = 0; i < n; i++) {
                sum.add(values[i]);
            }
            return sum.value();
        }
        // Each value is m * 2^(e - 1075); as an integer in units of 2^(minExponent - 1075).
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            int e = (int) (bits >>> 52) & 0x7ff;
            long m = e == 0 ? bits & MANTISSA : (bits & MANTISSA) | (1L << 52);
            int shift = Math.max(1, e) - minExponent;
            long mHi = shift == 0 ? 0 : m >>> (64 - shift);
            long mLo = m << shift;
            if (bits < 0) {
                long before = lo;
                lo -= mLo;
                hi -= mHi + (Long.compareUnsigned(before, mLo) < 0 ? 1 : 0);
            } else {
                lo += mLo;
                hi += mHi + (Long.compareUnsigned(lo, mLo) < 0 ? 1 : 0);
            }
        }
        if (hi == 0 && lo == 0) {
            return 0.0;
        }
        boolean negative = hi < 0;
        if (negative) {
            lo = -lo;
            hi = ~hi + (lo == 0 ? 1 : 0);
        }
        double magnitude = rounded(hi, lo, minExponent - 1075);
        return negative ? -magnitude : magnitude;
    }

    /** (hi, lo), an unsigned 128-bit integer, times 2^scale, rounded half to even. */
    private static double rounded(long hi, long lo, int scale) {
        int top =
                hi != 0 ? 127 - Long.numberOfLeadingZeros(hi) : 63 - Long.numberOfLeadingZeros(lo);
        if (top <= 52) {
            return times2ToThe((double) lo, scale);
        }
        // Keep the top 53 bits; the first bit below them and any bit further down decide.
        int r = top - 52;
        long m = r < 64 ? (lo >>> r) | (hi << (64 - r)) : hi >>> (r - 64);
        int g = r - 1;
        boolean guard = ((g < 64 ? lo >>> g : hi >>> (g - 64)) & 1) != 0;
        boolean sticky =
                g < 64
                        ? (lo & ((1L << g) - 1)) != 0
                        : lo != 0 || (hi & ((1L << (g - 64)) - 1)) != 0;
        if (guard && (sticky || (m & 1) != 0)) {
            m++;
            if (m == 1L << 53) {
                m >>>= 1;
                r++;
            }
        }
        return times2ToThe((double) m, scale + r);
    }

    /**
     * {@code x * 2^scale} for a positive whole {@code x} below 2^53: when the result is a normal
     * number, {@code scale} is added to the exponent field, which costs less than {@link
     * Math#scalb}'s several steps; otherwise scalb.
     */
    private static double times2ToThe(double x, int scale) {
        long bits = Double.doubleToRawLongBits(x);
        long exponent = (bits >>> 52) + scale;
        if (exponent > 0 && exponent < 0x7ff) {
            return Double.longBitsToDouble(bits + ((long) scale << 52));
        }
        return Math.scalb(x, scale);
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
