package io.metricpipe.core.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/** The sketch settings of the job, in one place, and their byte forms. */
final class Sketches {
    /** DDSketch relative accuracy: quantiles are within 1% of a value of the right rank. */
    static final double RELATIVE_ACCURACY = 0.01;

    /** HLL precision: 2^12 registers, about 1.6% standard error. */
    static final int HLL_LG_K = 12;

    static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    private Sketches() {}

    /**
     * Bins grow in steps of {@value #STORE_GROWTH}: one window of one gauge usually spans a few
     * bins, and the default step of 64 made allocating, centering and scanning empty bins the main
     * cost of a short window.
     */
    private static final int STORE_GROWTH = 16;

    private static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);

    static DDSketch newQuantileSketch() {
        return new DDSketch(MAPPING, Sketches::newStore);
    }

    private static Store newStore() {
        return new UnboundedSizeDenseStore(STORE_GROWTH);
    }

    static byte[] toBytes(DDSketch sketch) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode DDSketch", e);
        }
        return out.trimmedCopy();
    }

    static DDSketch quantileSketchOf(byte[] bytes) {
        try {
            return DDSketch.decode(ByteArrayInput.wrap(bytes), Sketches::newStore, MAPPING);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt DDSketch", e);
        }
    }

    static HllSketch newDistinctSketch() {
        return new HllSketch(HLL_LG_K);
    }

    static HllSketch distinctSketchOf(byte[] bytes) {
        return HllSketch.heapify(Memory.wrap(bytes));
    }

    static HllSketch union(HllSketch a, HllSketch b) {
        Union union = new Union(HLL_LG_K);
        union.update(a);
        union.update(b);
        return union.getResult();
    }
}
