package io.metricpipe.core.decode;

import java.io.Serializable;

/** Limits the decoder enforces. Built from the validated {@code decoding} config section. */
public final class DecoderSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest metric name, label value or distinct value kept; longer ones are dropped. */
    public static final int MAX_NAME_CHARS = 256;

    /** Longest attribute value kept; longer ones are dropped. */
    public static final int MAX_ATTRIBUTE_CHARS = 1024;

    private final int maxRecordBytes;
    private final long maxFutureSkewMs;
    private final int deadLetterPayloadChars;

    public DecoderSettings(int maxRecordBytes, long maxFutureSkewMs, int deadLetterPayloadChars) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.deadLetterPayloadChars = deadLetterPayloadChars;
    }

    public static DecoderSettings defaults() {
        return new DecoderSettings(1 << 20, 5 * 60_000L, 16 * 1024);
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public long maxFutureSkewMs() {
        return maxFutureSkewMs;
    }

    public int deadLetterPayloadChars() {
        return deadLetterPayloadChars;
    }
}
