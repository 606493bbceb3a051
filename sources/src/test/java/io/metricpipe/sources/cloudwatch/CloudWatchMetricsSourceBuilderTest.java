package io.metricpipe.sources.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudWatchMetricsSourceBuilderTest {
    private static CloudWatchMetricsSourceBuilder defaults() {
        return CloudWatchMetricsSource.builder()
                .setAccounts(List.of("123456789012"))
                .setRegions(List.of("us-east-1"));
    }

    @Test
    void theDefaultCollectorsFallIntoThreePeriods() {
        assertThat(defaults().periods())
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1));
    }

    @Test
    void keepPeriodLeavesOnlyThatPeriodsCollectors() {
        assertThat(defaults().keepPeriod(Duration.ofDays(1)).collectors()).containsOnlyKeys("s3");
        assertThat(defaults().keepPeriod(Duration.ofMinutes(5)).collectors())
                .containsOnlyKeys("ec2", "ebs");
        assertThat(defaults().keepPeriod(Duration.ofMinutes(1)).collectors())
                .containsOnlyKeys("rds", "lambda", "alb", "nlb", "elb");
    }

    @Test
    void aPeriodNoCollectorHasLeavesNothingToBuild() {
        assertThatThrownBy(() -> defaults().keepPeriod(Duration.ofHours(1)).build())
                .hasMessageContaining("No collector is left to poll");
    }
}
