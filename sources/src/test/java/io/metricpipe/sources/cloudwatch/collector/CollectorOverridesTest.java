package io.metricpipe.sources.cloudwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.sources.cloudwatch.CloudWatchSection;
import io.metricpipe.sources.cloudwatch.CollectorOverride;
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
        CollectorOverride ec2 = override("ec2", Duration.ofMinutes(1));
        ec2.metrics.add(metric("CPUUtilization", "p99"));
        ec2.pollInterval = Duration.ofMinutes(5);
        CollectorOverride sqs = override("sqs", Duration.ofMinutes(5));
        sqs.namespace = "AWS/SQS";
        sqs.dimensions.add("QueueName");
        sqs.metrics.add(metric("ApproximateAgeOfOldestMessage", "Maximum"));
        CloudWatchSection config = new CloudWatchSection();
        config.collectors = List.of("ec2", "rds");
        config.overrides = List.of(ec2, override("lambda", Duration.ofMinutes(1)), sqs);

        Map<String, CollectorSpec> specs =
                CollectorOverrides.apply(config.collectors, config.overrides);

        assertThat(specs.keySet()).containsExactly("ec2", "rds", "sqs");
        CollectorSpec ec2Spec = specs.get("ec2");
        assertThat(ec2Spec.period).isEqualTo(Duration.ofMinutes(1));
        assertThat(ec2Spec.pollInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(specs.get("rds").pollInterval).isEqualTo(specs.get("rds").period);
        assertThat(ec2Spec.namespace).isEqualTo("AWS/EC2");
        assertThat(ec2Spec.dimensions).containsExactly("InstanceId");
        assertThat(ec2Spec.metrics).hasSize(1);
        assertThat(ec2Spec.metrics.get(0).statistics).containsExactly("p99");
        assertThat(specs.get("rds").metrics).isEqualTo(DefaultCollectors.named("rds").metrics);
        assertThat(specs.get("sqs").namespace).isEqualTo("AWS/SQS");
    }

    private static CollectorOverride override(String collector, Duration period) {
        CollectorOverride o = new CollectorOverride();
        o.collector = collector;
        o.period = period;
        return o;
    }

    private static CollectorOverride.Metric metric(String name, String statistic) {
        CollectorOverride.Metric m = new CollectorOverride.Metric();
        m.name = name;
        m.statistics.add(statistic);
        return m;
    }
}
