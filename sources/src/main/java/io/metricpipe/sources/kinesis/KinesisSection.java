package io.metricpipe.sources.kinesis;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

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

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    public void validate(Problems p) {
        p.require("kinesis.stream", stream, STREAM_NAME, "a Kinesis stream name");
        p.region("kinesis.region", region);
        p.endpoint("kinesis.endpoint", endpoint);
        if (initialPosition == InitialPosition.AT_TIMESTAMP && atTimestamp.isEmpty()) {
            p.add("kinesis.atTimestamp", "required when kinesis.initialPosition is AT_TIMESTAMP");
        }
        p.instant("kinesis.atTimestamp", atTimestamp);
        if (efo && efoConsumerName.isEmpty()) {
            p.add("kinesis.efoConsumerName", "required when kinesis.efo is true");
        }
        p.positive("kinesis.idleShardInterval", idleShardInterval);
        p.notNegative("kinesis.maxOutOfOrderness", maxOutOfOrderness);
        p.positive("kinesis.pollInterval", pollInterval);
    }
}
