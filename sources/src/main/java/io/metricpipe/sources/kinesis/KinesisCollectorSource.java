package io.metricpipe.sources.kinesis;

import io.metricpipe.core.config.DecodingSection;
import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.model.DecodedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.util.Preconditions;

/**
 * The collector-event source: Flink's {@link FlinkKinesisConsumer} (the mature consumer of the
 * 4.3.0 connector) with in-consumer decoding and per-shard watermarks. Everything about which
 * consumer is used lives in this class, so switching to {@code KinesisStreamsSource} later touches
 * one file.
 *
 * <p>Defaults: region {@code us-east-1}, initial position {@code LATEST}, polling (no EFO), idle
 * shard interval 30 s, out-of-orderness 20 s, poll interval 200 ms, the default AWS credential
 * chain, and {@link DecoderSettings#defaults()}.
 */
public final class KinesisCollectorSource {
    /**
     * The IAM actions of the connector's polling consumer (its {@code KinesisProxy}: the stream's
     * shards, an iterator per shard, its records).
     */
    static final Set<String> POLLING_ACTIONS =
            Set.of(
                    "kinesis:DescribeStream",
                    "kinesis:ListShards",
                    "kinesis:GetShardIterator",
                    "kinesis:GetRecords");

    /**
     * The IAM actions of enhanced fan-out (the connector's {@code KinesisProxyV2}: it registers its
     * consumer, waits for it, subscribes to each shard, and deregisters on shutdown).
     */
    static final Set<String> EFO_ACTIONS =
            Set.of(
                    "kinesis:DescribeStreamSummary",
                    "kinesis:RegisterStreamConsumer",
                    "kinesis:DescribeStreamConsumer",
                    "kinesis:DeregisterStreamConsumer",
                    "kinesis:SubscribeToShard");

    private KinesisCollectorSource() {}

    public static Builder builder() {
        return new Builder();
    }

    /** The IAM actions the source calls with this configuration. */
    public static Set<String> iamActions(KinesisSection kinesis) {
        Set<String> actions = new TreeSet<>(POLLING_ACTIONS);
        if (kinesis.efo) {
            actions.addAll(EFO_ACTIONS);
        }
        return actions;
    }

    /** A builder preset from the validated config sections. */
    public static Builder fromConfig(KinesisSection kinesis, DecodingSection decoding) {
        Builder b =
                builder()
                        .setStream(kinesis.stream)
                        .setRegion(kinesis.region)
                        .setEndpoint(kinesis.endpoint)
                        .setInitialPosition(kinesis.initialPosition)
                        .setIdleShardInterval(kinesis.idleShardInterval)
                        .setMaxOutOfOrderness(kinesis.maxOutOfOrderness)
                        .setPollInterval(kinesis.pollInterval)
                        .setDecoderSettings(decoding.decoderSettings());
        if (!kinesis.atTimestamp.isEmpty()) {
            b.setAtTimestamp(Instant.parse(kinesis.atTimestamp));
        }
        if (kinesis.efo) {
            b.setEfoConsumerName(kinesis.efoConsumerName);
        }
        return b;
    }

    /** Fluent builder; {@link #build()} validates and applies the defaults. */
    public static final class Builder {
        private String stream;
        private String region = "us-east-1";
        private String endpoint = "";
        private KinesisSection.InitialPosition initialPosition =
                KinesisSection.InitialPosition.LATEST;
        private Instant atTimestamp;
        private String efoConsumerName = "";
        private Duration idleShardInterval = Duration.ofSeconds(30);
        private Duration maxOutOfOrderness = Duration.ofSeconds(20);
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration shardDiscoveryInterval = Duration.ofSeconds(10);
        private DecoderSettings decoderSettings = DecoderSettings.defaults();
        private boolean keepRawJson;
        private String accessKeyId;
        private String secretKey;

        public Builder setStream(String stream) {
            this.stream = stream;
            return this;
        }

        public Builder setRegion(String region) {
            this.region = region;
            return this;
        }

        /** Endpoint override, e.g. kinesis-mock's plain-HTTP port. Empty uses AWS. */
        public Builder setEndpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder setInitialPosition(KinesisSection.InitialPosition initialPosition) {
            this.initialPosition = initialPosition;
            return this;
        }

        public Builder setAtTimestamp(Instant atTimestamp) {
            this.atTimestamp = atTimestamp;
            return this;
        }

        /** Enables enhanced fan-out under this consumer name. Empty keeps polling. */
        public Builder setEfoConsumerName(String efoConsumerName) {
            this.efoConsumerName = efoConsumerName;
            return this;
        }

        public Builder setIdleShardInterval(Duration idleShardInterval) {
            this.idleShardInterval = idleShardInterval;
            return this;
        }

        public Builder setMaxOutOfOrderness(Duration maxOutOfOrderness) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            return this;
        }

        public Builder setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder setShardDiscoveryInterval(Duration shardDiscoveryInterval) {
            this.shardDiscoveryInterval = shardDiscoveryInterval;
            return this;
        }

        public Builder setDecoderSettings(DecoderSettings decoderSettings) {
            this.decoderSettings = decoderSettings;
            return this;
        }

        /** Carry each good record's JSON too, for the {@code analytics-data} writer. */
        public Builder setKeepRawJson(boolean keepRawJson) {
            this.keepRawJson = keepRawJson;
            return this;
        }

        /** Static credentials, for local emulators only; AWS runs use the default chain. */
        public Builder setStaticCredentials(String accessKeyId, String secretKey) {
            this.accessKeyId = accessKeyId;
            this.secretKey = secretKey;
            return this;
        }

        Properties consumerProperties() {
            Properties p = new Properties();
            p.setProperty(AWSConfigConstants.AWS_REGION, region);
            if (!endpoint.isEmpty()) {
                p.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint);
            }
            if (accessKeyId != null) {
                p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
                p.setProperty(
                        AWSConfigConstants.accessKeyId(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                        accessKeyId);
                p.setProperty(
                        AWSConfigConstants.secretKey(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER),
                        secretKey);
            }
            p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, initialPosition.name());
            if (initialPosition == KinesisSection.InitialPosition.AT_TIMESTAMP) {
                // The connector takes epoch seconds with a fraction when no date format is set.
                p.setProperty(
                        ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                        String.valueOf(atTimestamp.toEpochMilli() / 1000.0));
            }
            if (!efoConsumerName.isEmpty()) {
                p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, "EFO");
                p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, efoConsumerName);
            }
            p.setProperty(
                    ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS,
                    String.valueOf(idleShardInterval.toMillis()));
            p.setProperty(
                    ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                    String.valueOf(pollInterval.toMillis()));
            p.setProperty(
                    ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                    String.valueOf(shardDiscoveryInterval.toMillis()));
            return p;
        }

        public FlinkKinesisConsumer<DecodedRecord> build() {
            Preconditions.checkArgument(
                    stream != null && !stream.isEmpty(), "Kinesis stream name must be set");
            Preconditions.checkArgument(
                    initialPosition != KinesisSection.InitialPosition.AT_TIMESTAMP
                            || atTimestamp != null,
                    "An AT_TIMESTAMP initial position needs a timestamp");
            Preconditions.checkArgument(
                    !maxOutOfOrderness.isNegative(), "Out-of-orderness must not be negative");
            return new GatedKinesisConsumer(
                    stream,
                    new CollectorRecordDeserializer(decoderSettings, keepRawJson),
                    consumerProperties(),
                    idleShardInterval.toMillis(),
                    maxOutOfOrderness);
        }
    }
}
