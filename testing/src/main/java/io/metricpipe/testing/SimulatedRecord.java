package io.metricpipe.testing;

import java.nio.charset.StandardCharsets;

/** One record as an agent puts it on the stream. */
public final class SimulatedRecord {
    private final String partitionKey;
    private final byte[] data;
    private final String kind;
    private final long eventTime;

    public SimulatedRecord(String partitionKey, byte[] data, String kind, long eventTime) {
        this.partitionKey = partitionKey;
        this.data = data;
        this.kind = kind;
        this.eventTime = eventTime;
    }

    /** The event time the agent stamped (for malformed records, when it was sent). */
    public long eventTime() {
        return eventTime;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public byte[] data() {
        return data;
    }

    /** The event type, or {@code malformed:<expected reason>} for a deliberately bad record. */
    public String kind() {
        return kind;
    }

    public boolean isMalformed() {
        return kind.startsWith("malformed:");
    }

    /** The dead-letter reason a malformed record must get. */
    public String expectedReason() {
        return kind.substring("malformed:".length());
    }

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
