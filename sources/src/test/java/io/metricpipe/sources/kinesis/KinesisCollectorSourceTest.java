package io.metricpipe.sources.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.config.DecodingSection;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.junit.jupiter.api.Test;

class KinesisCollectorSourceTest {
    @Test
    void configMapsOntoConsumerProperties() {
        KinesisSection kinesis = new KinesisSection();
        kinesis.stream = "events";
        kinesis.region = "eu-west-1";
        kinesis.endpoint = "http://localhost:4567";
        kinesis.initialPosition = KinesisSection.InitialPosition.AT_TIMESTAMP;
        kinesis.atTimestamp = "2026-11-01T00:00:00Z";
        kinesis.efo = true;
        kinesis.efoConsumerName = "metricpipe";
        kinesis.idleShardInterval = Duration.ofSeconds(45);

        Properties p =
                KinesisCollectorSource.fromConfig(kinesis, new DecodingSection())
                        .consumerProperties();

        assertThat(p.getProperty(AWSConfigConstants.AWS_REGION)).isEqualTo("eu-west-1");
        assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT))
                .isEqualTo("http://localhost:4567");
        assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
                .isEqualTo("AT_TIMESTAMP");
        assertThat(
                        Double.parseDouble(
                                p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP)))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z").getEpochSecond());
        assertThat(p.getProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE)).isEqualTo("EFO");
        assertThat(p.getProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME))
                .isEqualTo("metricpipe");
        assertThat(p.getProperty(ConsumerConfigConstants.SHARD_IDLE_INTERVAL_MILLIS))
                .isEqualTo("45000");
        assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER))
                .as("the default credential chain, no keys in config")
                .isNull();
    }

    @Test
    void pollingByDefault() {
        Properties p = KinesisCollectorSource.builder().setStream("events").consumerProperties();
        assertThat(p.getProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE)).isNull();
        assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
                .isEqualTo(KinesisSection.InitialPosition.LATEST.name());
    }

    @Test
    void buildRejectsAMissingStream() {
        assertThatThrownBy(() -> KinesisCollectorSource.builder().build())
                .hasMessageContaining("stream name must be set");
    }
}
