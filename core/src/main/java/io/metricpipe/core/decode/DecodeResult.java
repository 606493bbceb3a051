package io.metricpipe.core.decode;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceSamples;

/**
 * The outcome of decoding one record: either samples (possibly with some fields dropped) or a dead
 * letter.
 */
public final class DecodeResult {
    private final ResourceSamples samples;
    private final DeadLetter deadLetter;
    private final int[] droppedFields;

    private DecodeResult(ResourceSamples samples, DeadLetter deadLetter, int[] droppedFields) {
        this.samples = samples;
        this.deadLetter = deadLetter;
        this.droppedFields = droppedFields;
    }

    static DecodeResult ok(ResourceSamples samples, int[] droppedFields) {
        return new DecodeResult(samples, null, droppedFields);
    }

    static DecodeResult dead(DeadLetter deadLetter) {
        return new DecodeResult(null, deadLetter, null);
    }

    public boolean isOk() {
        return samples != null;
    }

    public ResourceSamples samples() {
        return samples;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    /** How many fields of a good event were dropped for {@code reason}. */
    public int droppedFields(DeadLetterReason reason) {
        return droppedFields == null ? 0 : droppedFields[reason.ordinal()];
    }

    /** This result as the record a source emits. */
    public DecodedRecord toRecord() {
        return samples != null
                ? DecodedRecord.of(samples, hasDroppedFields() ? droppedFields : null)
                : DecodedRecord.of(deadLetter);
    }

    public boolean hasDroppedFields() {
        if (droppedFields == null) {
            return false;
        }
        for (int n : droppedFields) {
            if (n > 0) {
                return true;
            }
        }
        return false;
    }
}
