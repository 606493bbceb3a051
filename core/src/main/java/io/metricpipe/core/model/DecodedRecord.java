package io.metricpipe.core.model;

/**
 * What a source emits for one record: the decoded samples, or the dead letter it became. Sources
 * decode so that per-shard watermarks can read event time; routing to the dead-letter output
 * happens in the first operator after the source.
 */
public class DecodedRecord {
    public ResourceSamples samples;
    public DeadLetter deadLetter;

    /** Dropped-field counts by {@link DeadLetterReason} ordinal; null when none were dropped. */
    public int[] droppedFields;

    /** The record's JSON text, kept only when the compatibility writer needs it. */
    public String rawJson;

    public DecodedRecord() {}

    public static DecodedRecord of(ResourceSamples samples, int[] droppedFields) {
        DecodedRecord r = new DecodedRecord();
        r.samples = samples;
        r.droppedFields = droppedFields;
        return r;
    }

    public static DecodedRecord of(DeadLetter deadLetter) {
        DecodedRecord r = new DecodedRecord();
        r.deadLetter = deadLetter;
        return r;
    }

    /** Event time, or {@code Long.MIN_VALUE} for a dead letter so it never moves watermarks. */
    public long eventTime() {
        return samples != null ? samples.timestamp : Long.MIN_VALUE;
    }
}
