package io.metricpipe.core.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record the job could not use, with the reason. Dead letters are written to their own table,
 * keyed deterministically by reason, time and source position, so a replay rewrites the same items.
 */
public class DeadLetter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A {@link DeadLetterReason#code()}. */
    public String reason;

    /** What produced the record: a stream and shard, a file, or an operator. */
    public String source;

    /** Position inside {@link #source}: a sequence number, a line, or an item key. */
    public String position;

    /**
     * Epoch ms: the arrival time of a record that failed decoding, or the event time of a late
     * event or a rejected item.
     */
    public long time;

    /** A short human-readable explanation. */
    public String detail;

    /** The offending payload, truncated to a safe size. */
    public String payload;

    public DeadLetter() {}

    public static DeadLetter of(
            DeadLetterReason reason,
            String source,
            String position,
            long time,
            String detail,
            String payload) {
        DeadLetter d = new DeadLetter();
        d.reason = reason.code();
        d.source = source;
        d.position = position;
        d.time = time;
        d.detail = detail;
        d.payload = payload;
        return d;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return time == that.time
                && Objects.equals(reason, that.reason)
                && Objects.equals(source, that.source)
                && Objects.equals(position, that.position)
                && Objects.equals(detail, that.detail)
                && Objects.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, source, position, time);
    }

    @Override
    public String toString() {
        return "DeadLetter{"
                + reason
                + " "
                + source
                + "/"
                + position
                + " @"
                + time
                + ": "
                + detail
                + "}";
    }
}
