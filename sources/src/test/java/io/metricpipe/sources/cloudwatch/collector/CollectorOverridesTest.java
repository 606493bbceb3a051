package io.metricpipe.sources.cloudwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.config.CloudWatchSection;
import io.metricpipe.core.config.ConfigLoader;
import io.metricpipe.core.config.MetricpipeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectorOverridesTest {
    @Test
    void everyDefaultCollectorOfTheConfigExists() {
        assertThat(DefaultCollectors.all().keySet())
                .containsExactlyElementsOf(CloudWatchSection.COLLECTORS);
        assertThat(DefaultCollectors.named("lambda").metrics)
                .anySatisfy(
                        m -> {
                            assertThat(m.name).isEqualTo("Duration");
                            assertThat(m.statistics).contains("p95");
                        });
        assertThat(DefaultCollectors.named("alb").metrics)
                .anySatisfy(m -> assertThat(m.statistics).contains("p95"));
    }

    @Test
    void overridesReplaceWhatTheyGiveAndDefineNewCollectors() {
        MetricpipeConfig config =
                ConfigLoader.load(
                        null,
                        Map.of(
                                "cloudwatch.collectors",
                                "ec2,rds",
                                "cloudwatch.overrides",
                                "[{\"collector\":\"ec2\",\"period\":\"1m\","
                                        + "\"metrics\":[{\"name\":\"CPUUtilization\",\"statistics\":[\"p99\"]}]},"
                                        + "{\"collector\":\"lambda\",\"period\":\"1m\"},"
                                        + "{\"collector\":\"sqs\",\"namespace\":\"AWS/SQS\","
                                        + "\"dimensions\":[\"QueueName\"],\"period\":\"5m\","
                                        + "\"metrics\":[{\"name\":\"ApproximateAgeOfOldestMessage\","
                                        + "\"statistics\":[\"Maximum\"]}]}]"));
        Map<String, CollectorSpec> specs =
                CollectorOverrides.apply(config.cloudwatch.collectors, config.cloudwatch.overrides);

        assertThat(specs.keySet()).containsExactly("ec2", "rds", "sqs");
        CollectorSpec ec2 = specs.get("ec2");
        assertThat(ec2.period).isEqualTo(Duration.ofMinutes(1));
        assertThat(ec2.namespace).isEqualTo("AWS/EC2");
        assertThat(ec2.dimensions).containsExactly("InstanceId");
        assertThat(ec2.metrics).hasSize(1);
        assertThat(ec2.metrics.get(0).statistics).containsExactly("p99");
        assertThat(specs.get("rds").metrics).isEqualTo(DefaultCollectors.named("rds").metrics);
        assertThat(specs.get("sqs").namespace).isEqualTo("AWS/SQS");
    }

    @Test
    void badOverridesAreNamedAtStartup() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        null,
                                        Map.of(
                                                "cloudwatch.overrides",
                                                "[{\"collector\":\"sqs\"},"
                                                        + "{\"collector\":\"ec2\",\"period\":\"90s\","
                                                        + "\"metrics\":[{\"name\":\"X\",\"statistics\":[\"Median\"]}]}]")))
                .hasMessageContaining("cloudwatch.overrides[0]: 'sqs' is not a default collector")
                .hasMessageContaining("cloudwatch.overrides[1].period")
                .hasMessageContaining("'Median' is not a CloudWatch statistic");
        assertThat(List.of("p95", "tm99", "p99.9", "SampleCount"))
                .allSatisfy(
                        stat ->
                                ConfigLoader.load(
                                        null,
                                        Map.of(
                                                "cloudwatch.overrides",
                                                "[{\"collector\":\"ec2\",\"metrics\":[{\"name\":\"X\","
                                                        + "\"statistics\":[\""
                                                        + stat
                                                        + "\"]}]}]")));
    }
}
