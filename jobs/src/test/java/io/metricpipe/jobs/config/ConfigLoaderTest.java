package io.metricpipe.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.ConfigException;
import io.metricpipe.sources.kinesis.KinesisSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("metricpipe.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsAreValid() {
        MetricpipeConfig c = ConfigLoader.load(null, Map.of());
        assertThat(c.windows.sizes).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(c.kinesis.initialPosition).isEqualTo(KinesisSection.InitialPosition.LATEST);
    }

    @Test
    void cliOverridesFileOverridesDefaults() throws IOException {
        Path f =
                yaml(
                        "kinesis:\n  stream: from-file\n  region: eu-west-1\n"
                                + "windows:\n  sizes: [30s, 5m, 1h]\n  allowedLateness: 90s\n");

        MetricpipeConfig c = ConfigLoader.load(f, Map.of("kinesis.stream", "from-cli"));

        assertThat(c.kinesis.stream).isEqualTo("from-cli");
        assertThat(c.kinesis.region).isEqualTo("eu-west-1");
        assertThat(c.windows.sizes)
                .containsExactly(
                        Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(c.windows.allowedLateness).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.dynamodb.aggregatesTable).isEqualTo("metricpipe-aggregates");
    }

    @Test
    void propertyGroupsGiveTheSameObjectAsYaml() throws IOException {
        Properties windows = new Properties();
        windows.setProperty("sizes", "1m, 1h");
        Properties dynamodb = new Properties();
        dynamodb.setProperty("compatibilityEnabled", "true");
        dynamodb.setProperty("ttl", "7d");

        MetricpipeConfig fromGroups =
                ConfigLoader.fromPropertyGroups(Map.of("windows", windows, "dynamodb", dynamodb));
        MetricpipeConfig fromYaml =
                ConfigLoader.load(
                        yaml(
                                "windows:\n  sizes: [1m, 1h]\n"
                                        + "dynamodb:\n  compatibilityEnabled: true\n  ttl: 7d\n"),
                        Map.of());

        assertThat(ConfigLoader.toYaml(fromGroups)).isEqualTo(ConfigLoader.toYaml(fromYaml));
        assertThat(fromGroups.dynamodb.compatibilityEnabled).isTrue();
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("kinesis:\n  strem: x\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kinesis.strem: unknown key")
                .hasMessageContaining("stream");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("job.parallelism", "two")))
                .hasMessageContaining("job.parallelism: 'two' is not a valid whole number");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("windows.allowedLateness", "soon")))
                .hasMessageContaining("windows.allowedLateness")
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(
                        () -> ConfigLoader.load(null, Map.of("kinesis.initialPosition", "OLDEST")))
                .hasMessageContaining("kinesis.initialPosition")
                .hasMessageContaining("TRIM_HORIZON");
    }

    @Test
    void everySemanticProblemIsListedWithItsKey() {
        ConfigException e =
                invalid(
                        Map.of(
                                "windows.sizes", "1m,90s",
                                "kinesis.region", "Mars",
                                "kinesis.initialPosition", "AT_TIMESTAMP",
                                "dynamodb.endpoint", "localhost:8000",
                                "decoding.maxRecordBytes", "5000000",
                                "job.parallelism", "0"));
        List<String> problems = e.problems();
        assertThat(problems)
                .anyMatch(p -> p.startsWith("windows.sizes[1]:"))
                .anyMatch(p -> p.startsWith("kinesis.region:"))
                .anyMatch(p -> p.startsWith("kinesis.atTimestamp: required"))
                .anyMatch(p -> p.startsWith("dynamodb.endpoint:"))
                .anyMatch(p -> p.startsWith("decoding.maxRecordBytes:"))
                .anyMatch(p -> p.startsWith("job.parallelism:"))
                .hasSize(6);
    }

    @Test
    void rollupSizesMustBeMultiplesOfTheBase() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("windows.sizes", "2m,5m")))
                .hasMessageContaining("windows.sizes[1]")
                .hasMessageContaining("not a multiple of the base size");
    }

    @Test
    void malformedOverrideKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("stream", "x")))
                .hasMessageContaining("stream: override keys have the form section.key");
    }

    @Test
    void otlpProblemsAreNamed() {
        ConfigException e =
                invalid(
                        Map.of(
                                "otlp.protocol", "HTTP",
                                "otlp.endpoint", "http://collector:4318",
                                "otlp.trustedCertificates", "/no/such.pem",
                                "otlp.headersEnv", "MY HEADERS",
                                "otlp.maxAttempts", "9",
                                "otlp.maxBufferedRequests", "10",
                                "otlp.cloudAccountId", "12345"));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("otlp.endpoint:") && p.contains("/v1/metrics"))
                .anyMatch(p -> p.startsWith("otlp.trustedCertificates: cannot read"))
                .anyMatch(p -> p.startsWith("otlp.headersEnv:"))
                .anyMatch(p -> p.startsWith("otlp.maxAttempts:"))
                .anyMatch(p -> p.startsWith("otlp.maxBufferedRequests:"))
                .anyMatch(p -> p.startsWith("otlp.cloudAccountId:"))
                .hasSize(6);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("otlp.protocol", "UDP")))
                .hasMessageContaining("otlp.protocol");
    }

    @Test
    void ruleSelectorsAreValidated() {
        ConfigException e =
                invalid(
                        Map.of(
                                "alerts.rules",
                                "[{\"name\":\"a\",\"metric\":\"m\",\"threshold\":1,"
                                        + "\"attributes\":[\"aws.tag.env\"],"
                                        + "\"resourceKeyPattern\":\"host/(\"}]"));
        assertThat(e.problems())
                .anyMatch(
                        p ->
                                p.startsWith(
                                        "alerts.rules[0].attributes[0]: 'aws.tag.env' must be"
                                                + " name=value"))
                .anyMatch(
                        p ->
                                p.startsWith(
                                        "alerts.rules[0].resourceKeyPattern: 'host/(' is not a"
                                                + " regular expression"))
                .hasSize(2);
    }

    @Test
    void aRulesFileMustBeAPathAndItsPollShorterThanTheBaseWindow() {
        ConfigException e =
                invalid(
                        Map.of(
                                "alerts.rulesFile", "s3://",
                                "alerts.rulesFilePollInterval", "1m"));
        assertThat(e.problems())
                .anyMatch(p -> p.equals("alerts.rulesFile: 's3://' names no file"))
                .anyMatch(
                        p ->
                                p.equals(
                                        "alerts.rulesFilePollInterval: must be shorter than the"
                                                + " base window 1m, so a change applies within one"
                                                + " period"))
                .hasSize(2);
        assertThat(
                        ConfigLoader.load(
                                        null, Map.of("alerts.rulesFile", "s3://bucket/rules.yaml"))
                                .alerts
                                .rulesFile)
                .isEqualTo("s3://bucket/rules.yaml");
    }

    @Test
    void appTargetsComeFromYamlOrOneJsonValueAndAreValidated() throws IOException {
        MetricpipeConfig fromYaml =
                ConfigLoader.load(
                        yaml(
                                "matching:\n  apps:\n    shop.example.com: tag:app=shop\n"
                                        + "    checkout: arn:aws:ecs:eu-west-1:1:service/c/x\n"),
                        Map.of());
        Properties matching = new Properties();
        matching.setProperty(
                "apps",
                "{\"shop.example.com\": \"tag:app=shop\","
                        + " \"checkout\": \"arn:aws:ecs:eu-west-1:1:service/c/x\"}");
        MetricpipeConfig fromMsf = ConfigLoader.fromPropertyGroups(Map.of("matching", matching));

        assertThat(fromYaml.matching.apps)
                .containsEntry("shop.example.com", "tag:app=shop")
                .hasSize(2)
                .isEqualTo(fromMsf.matching.apps);
        assertThat(fromYaml.matching.agents).isTrue();

        ConfigException e =
                invalid(Map.of("matching.apps", "{\"shop.example.com\": \"shop-alb\"}"));
        assertThat(e.problems())
                .containsExactly(
                        "matching.apps.shop.example.com: 'shop-alb' is not an ARN or"
                                + " tag:Key=Value");
    }

    @Test
    void circuitBreakerSettingsAreReadAndValidated() {
        MetricpipeConfig config =
                ConfigLoader.load(
                        null,
                        Map.of(
                                "aws.circuitBreakerFailures", "3",
                                "aws.circuitBreakerOpenFor", "5s"));
        assertThat(config.aws.circuitBreakerFailures).isEqualTo(3);
        assertThat(config.aws.circuitBreakerOpenFor).isEqualTo(Duration.ofSeconds(5));
        ConfigException e =
                invalid(
                        Map.of(
                                "aws.circuitBreakerFailures", "0",
                                "aws.circuitBreakerOpenFor", "0s"));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("aws.circuitBreakerFailures: must be between 1"))
                .anyMatch(p -> p.startsWith("aws.circuitBreakerOpenFor: must be a positive"))
                .hasSize(2);
    }

    @Test
    void alertRulesComeFromYamlOrOneJsonPropertyAndAreValidated() throws IOException {
        Path file = Files.createTempFile("rules", ".yaml");
        Files.writeString(
                file,
                "alerts:\n"
                        + "  rules:\n"
                        + "    - name: high-cpu\n"
                        + "      metric: cpu.usage_percent\n"
                        + "      statistic: P95\n"
                        + "      comparison: GreaterThanOrEqualToThreshold\n"
                        + "      threshold: 90\n"
                        + "      evaluationPeriods: 3\n"
                        + "      datapointsToAlarm: 2\n"
                        + "      treatMissingData: notBreaching\n");
        AlertRule fromYaml = ConfigLoader.load(file, Map.of()).alerts.rules.get(0);
        Properties group = new Properties();
        group.setProperty(
                "rules",
                "[{\"name\":\"high-cpu\",\"metric\":\"cpu.usage_percent\",\"statistic\":\"P95\","
                        + "\"comparison\":\"GreaterThanOrEqualToThreshold\",\"threshold\":90,"
                        + "\"evaluationPeriods\":3,\"datapointsToAlarm\":2,"
                        + "\"treatMissingData\":\"notBreaching\"}]");
        AlertRule fromMsf =
                ConfigLoader.fromPropertyGroups(Map.of("alerts", group)).alerts.rules.get(0);
        for (AlertRule r : List.of(fromYaml, fromMsf)) {
            assertThat(r.statistic).isEqualTo(AlertRule.Statistic.P95);
            assertThat(r.datapointsToAlarm).isEqualTo(2);
            assertThat(r.treatMissingData).isEqualTo(AlertRule.TreatMissingData.notBreaching);
            assertThat(r.breaches(90)).isTrue();
            assertThat(r.breaches(89.9)).isFalse();
        }

        ConfigException e =
                invalid(
                        Map.of(
                                "alerts.rules",
                                "[{\"name\":\"a b\",\"period\":\"2m\","
                                        + "\"evaluationPeriods\":2,"
                                        + "\"datapointsToAlarm\":3},"
                                        + "{\"name\":\"x\",\"metric\":\"m\","
                                        + "\"threshold\":1},"
                                        + "{\"name\":\"x\",\"metric\":\"m\","
                                        + "\"threshold\":1}]"));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("alerts.rules[0].name:"))
                .anyMatch(p -> p.startsWith("alerts.rules[0].metric: required"))
                .anyMatch(p -> p.startsWith("alerts.rules[0].threshold:"))
                .anyMatch(p -> p.startsWith("alerts.rules[0].period:"))
                .anyMatch(p -> p.startsWith("alerts.rules[0].datapointsToAlarm:"))
                .anyMatch(p -> p.startsWith("alerts.rules[2].name:") && p.contains("earlier rule"))
                .hasSize(6);

        assertThat(
                        invalid(
                                        Map.of(
                                                "alerts.rules",
                                                "[{\"name\":\"slow\",\"metric\":\"m\","
                                                        + "\"threshold\":1,\"period\":\"5m\","
                                                        + "\"evaluationPeriods\":5,"
                                                        + "\"datapointsToAlarm\":5}]",
                                                "alerts.stateRetention",
                                                "30m"))
                                .problems())
                .containsExactly(
                        "alerts.stateRetention: 30m must be longer than rule 'slow' evaluates"
                                + " missing data (30m: evaluationPeriods + 1 periods)");
    }

    @Test
    void anArchiveReplayIsConfiguredAndItsProblemsAreNamed() {
        MetricpipeConfig ok =
                ConfigLoader.load(
                        null,
                        Map.of(
                                "archive.paths", "s3://archive/events,/data/more",
                                "archive.from", "2026-11-30T10:00:00Z"));
        assertThat(ok.archive.paths).containsExactly("s3://archive/events", "/data/more");
        assertThat(ok.archive.enabled()).isTrue();

        ConfigException e =
                invalid(
                        Map.of(
                                "archive.paths", "/data",
                                "inventory.enabled", "true",
                                "aws.accounts", "123456789012",
                                "aws.regions", "us-east-1",
                                "archive.from", "2026-11-30T10:00:00Z",
                                "archive.to", "2026-11-30T09:00:00Z",
                                "archive.table", "analytics-data",
                                "archive.segments", "0"));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("archive.paths: a replay of an archive ends"))
                .anyMatch(p -> p.startsWith("archive.to: must be after archive.from"))
                .anyMatch(p -> p.startsWith("archive.table: replay either files"))
                .anyMatch(p -> p.startsWith("archive.segments: must be between 1"));
    }

    @Test
    void pollingProblemsAreNamed() {
        ConfigException e =
                invalid(
                        Map.of(
                                "cloudwatch.enabled", "true",
                                "aws.accounts", "12345",
                                "cloudwatch.collectors", "ec2,sqs",
                                "aws.assumeRoleArn", "role/reader",
                                "cloudwatch.backfillFrom", "yesterday",
                                "aws.endpoints", "ec2=http://localhost:1,sqs=http://localhost:2",
                                "inventory.services", "ec2,dynamodb",
                                "inventory.refreshInterval", "0s"));
        assertThat(e.problems())
                .anyMatch(p -> p.startsWith("aws.accounts[0]:"))
                .anyMatch(p -> p.startsWith("aws.regions: at least one region"))
                .anyMatch(p -> p.startsWith("cloudwatch.collectors[1]: unknown collector 'sqs'"))
                .anyMatch(p -> p.startsWith("aws.assumeRoleArn:"))
                .anyMatch(p -> p.startsWith("cloudwatch.backfillFrom:"))
                .anyMatch(p -> p.startsWith("aws.endpoints[1]: 'sqs=http://localhost:2'"))
                .anyMatch(p -> p.startsWith("inventory.services[1]: unknown service 'dynamodb'"))
                .anyMatch(p -> p.startsWith("inventory.refreshInterval:"))
                .hasSize(8);
        MetricpipeConfig ok =
                ConfigLoader.load(
                        null,
                        Map.of(
                                "aws.assumeRoleArn",
                                "arn:aws:iam::{account}:role/metricpipe-reader",
                                "aws.endpoints",
                                "ec2=http://localhost:1, s3=http://localhost:2"));
        assertThat(ok.aws.assumeRoleArn).contains("{account}");
        assertThat(ok.aws.endpoints)
                .containsExactly("ec2=http://localhost:1", "s3=http://localhost:2");
    }

    /** Loads overrides that must fail validation, and returns the failure. */
    private static ConfigException invalid(Map<String, String> overrides) {
        Throwable t =
                org.assertj.core.api.Assertions.catchThrowable(
                        () -> ConfigLoader.load(null, overrides));
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
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
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        null,
                                        Map.of(
                                                "cloudwatch.overrides",
                                                "[{\"collector\":\"lambda\",\"pollInterval\":\"90s\"},"
                                                        + "{\"collector\":\"ec2\",\"pollInterval\":\"10h\"}]")))
                .hasMessageContaining(
                        "cloudwatch.overrides[0].pollInterval: must be a whole multiple of the"
                                + " period (1m), got 90s")
                .hasMessageContaining(
                        "cloudwatch.overrides[1].pollInterval: at most"
                                + " cloudwatch.maxPeriodsPerFetch (60) periods, got 120");
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
