package io.metricpipe.core.config;

import io.metricpipe.core.decode.DecoderSettings;
import java.io.Serializable;
import java.time.Duration;

/** {@code decoding}: limits applied to every collector record. */
public class DecodingSection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Records above this size are dead letters ({@code oversized}). Kinesis allows 1 MiB. */
    public int maxRecordBytes = 1 << 20;

    /** Events stamped further than this after their arrival are dead letters. */
    public Duration maxFutureSkew = Duration.ofMinutes(5);

    /** Dead-letter payloads are truncated to this many characters. */
    public int deadLetterPayloadChars = 16 * 1024;

    /** The decoders' settings from this section. */
    public DecoderSettings decoderSettings() {
        return new DecoderSettings(
                maxRecordBytes, maxFutureSkew.toMillis(), deadLetterPayloadChars);
    }

    public void validate(Problems p) {
        p.between("decoding.maxRecordBytes", maxRecordBytes, 1, 1 << 20, " (the Kinesis limit)");
        p.notNegative("decoding.maxFutureSkew", maxFutureSkew);
        p.between(
                "decoding.deadLetterPayloadChars",
                deadLetterPayloadChars,
                64,
                100_000,
                " so a dead letter fits a DynamoDB item");
    }
}
