package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;

/** {@code kinesis}: the collector-event stream. */
public class KinesisSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum InitialPosition {
        LATEST,
        TRIM_HORIZON,
        AT_TIMESTAMP
    }

    public String stream = "collector-events";
    public String region = "us-east-1";

    /** Endpoint override, e.g. {@code http://localhost:4567} for kinesis-mock. */
    public String endpoint = "";

    public InitialPosition initialPosition = InitialPosition.LATEST;

    /** ISO-8601 instant; required with {@code AT_TIMESTAMP}. */
    public String atTimestamp = "";

    public boolean efo = false;

    /** Consumer name registered for enhanced fan-out; required when {@code efo} is true. */
    public String efoConsumerName = "";

    /** A shard with no records for this long stops holding back the watermark. */
    public Duration idleShardInterval = Duration.ofSeconds(30);

    /** Bounded out-of-orderness of event time within a shard. */
    public Duration maxOutOfOrderness = Duration.ofSeconds(20);

    /** Pause between GetRecords calls per shard. */
    public Duration pollInterval = Duration.ofMillis(200);
}
