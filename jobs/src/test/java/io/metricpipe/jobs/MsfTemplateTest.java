package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metricpipe.core.config.ConfigException;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.AggregateItems;
import io.metricpipe.sinks.dynamodb.AlertItems;
import io.metricpipe.sinks.dynamodb.CompatibilityItems;
import io.metricpipe.sinks.dynamodb.DeadLetterItems;
import io.metricpipe.sinks.dynamodb.ResourceItems;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The MSF template and the code agree: its property groups, with the parameters' defaults, make a
 * valid configuration through the same mapping {@code Main} uses on MSF; and its tables have the
 * keys the item converters write. The template uses long-form intrinsic functions only, so it is
 * plain YAML here; the few functions it uses are evaluated with the parameters' defaults.
 */
class MsfTemplateTest {
    private static final Path TEMPLATE =
            Paths.get(System.getProperty("metricpipe.root"), "deploy/msf/metricpipe.yaml");
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private static final Path READER_ROLE =
            Paths.get(System.getProperty("metricpipe.root"), "deploy/msf/reader-role.yaml");

    private static Template template() throws IOException {
        return new Template(TEMPLATE, Map.of());
    }

    /**
     * A template with parameter values (the defaults unless given), and the few intrinsic functions
     * it uses evaluated.
     */
    static final class Template {
        final JsonNode root;
        private final Map<String, String> parameters;

        Template(Path file, Map<String, String> parameters) throws IOException {
            this.root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            this.parameters = parameters;
        }

        /** The application's property groups, as MSF would hand them to {@code Main}. */
        Map<String, Properties> propertyGroups() {
            Map<String, Properties> groups = new LinkedHashMap<>();
            JsonNode application = root.path("Resources").path("Application");
            for (JsonNode group :
                    application
                            .path("Properties")
                            .path("ApplicationConfiguration")
                            .path("EnvironmentProperties")
                            .path("PropertyGroups")) {
                Properties p = new Properties();
                group.path("PropertyMap")
                        .fields()
                        .forEachRemaining(
                                e -> {
                                    String value = value(e.getValue());
                                    if (value != null) { // null: AWS::NoValue, no such key
                                        p.setProperty(e.getKey(), value);
                                    }
                                });
                groups.put(group.path("PropertyGroupId").asText(), p);
            }
            return groups;
        }

        /**
         * The actions a role is granted: its inline policies and the policy resources attached to
         * it that exist under the parameters, but for the statements named in {@code except}.
         */
        Set<String> actions(String role, Set<String> except) {
            List<JsonNode> documents = new ArrayList<>();
            JsonNode resources = root.path("Resources");
            resources
                    .path(role)
                    .path("Properties")
                    .path("Policies")
                    .forEach(p -> documents.add(p.path("PolicyDocument")));
            resources.forEach(
                    r -> {
                        boolean attached =
                                r.path("Type").asText().equals("AWS::IAM::Policy")
                                        && r.path("Properties")
                                                .path("Roles")
                                                .findValuesAsText("Ref")
                                                .contains(role);
                        if (attached
                                && (!r.has("Condition")
                                        || condition(r.get("Condition").asText()))) {
                            documents.add(r.path("Properties").path("PolicyDocument"));
                        }
                    });
            Set<String> actions = new TreeSet<>();
            for (JsonNode document : documents) {
                for (JsonNode statement : document.path("Statement")) {
                    if (statement.has("Fn::If")) {
                        JsonNode f = statement.get("Fn::If");
                        statement = f.get(condition(f.get(0).asText()) ? 1 : 2);
                    }
                    if (statement.has("Ref") || except.contains(statement.path("Sid").asText())) {
                        continue; // AWS::NoValue, or the service's own
                    }
                    JsonNode action = statement.path("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText()));
                    } else {
                        actions.add(action.asText());
                    }
                }
            }
            return actions;
        }

        String value(JsonNode v) {
            if (v.isValueNode()) {
                return v.asText();
            }
            if (v.has("Ref")) {
                return ref(v.get("Ref").asText());
            }
            if (v.has("Fn::Sub")) {
                Matcher m = SUB.matcher(v.get("Fn::Sub").asText());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, Matcher.quoteReplacement(ref(m.group(1))));
                }
                return m.appendTail(out).toString();
            }
            if (v.has("Fn::If")) {
                JsonNode f = v.get("Fn::If");
                return value(f.get(condition(f.get(0).asText()) ? 1 : 2));
            }
            if (v.has("Fn::Join")) {
                JsonNode f = v.get("Fn::Join");
                return value(f.get(1)).replace(",", f.get(0).asText());
            }
            throw new AssertionError("an intrinsic function this test does not evaluate: " + v);
        }

        boolean condition(String name) {
            return holds(root.path("Conditions").path(name));
        }

        private boolean holds(JsonNode c) {
            if (c.has("Fn::Not")) {
                return !holds(c.get("Fn::Not").get(0));
            }
            if (c.has("Fn::Or")) {
                boolean any = false;
                for (JsonNode each : c.get("Fn::Or")) {
                    any |= holds(each);
                }
                return any;
            }
            JsonNode equals = c.get("Fn::Equals");
            return value(equals.get(0)).equals(value(equals.get(1)));
        }

        String ref(String name) {
            switch (name) {
                case "AWS::NoValue":
                    return null;
                case "AWS::Region":
                    return "eu-west-1";
                case "AWS::AccountId":
                    return "123456789012";
                case "AWS::Partition":
                    return "aws";
                default:
                    if (parameters.containsKey(name)) {
                        return parameters.get(name);
                    }
                    JsonNode parameter = root.path("Parameters").path(name);
                    assertThat(parameter.has("Default"))
                            .as("parameter %s has a default", name)
                            .isTrue();
                    return parameter.get("Default").asText();
            }
        }
    }

    @Test
    void thePropertyGroupsMakeAValidConfigurationThroughTheMsfMapping() throws IOException {
        Template template = template();
        Main.Launch launch = Main.launch(new String[0], template.propertyGroups());

        assertThat(launch.onMsf).isTrue();
        MetricpipeConfig config = launch.config;
        assertThat(config.kinesis.stream).isEqualTo(template.ref("StreamName"));
        assertThat(config.kinesis.region).isEqualTo("eu-west-1");
        assertThat(config.dynamodb.aggregatesTable).isEqualTo(template.ref("AggregatesTable"));
        assertThat(config.dynamodb.deadLettersTable).isEqualTo(template.ref("DeadLettersTable"));
        assertThat(config.dynamodb.alertsTable).isEqualTo(template.ref("AlertsTable"));
        assertThat(config.dynamodb.resourcesTable).isEqualTo(template.ref("ResourcesTable"));
        assertThat(config.dynamodb.ttl).isEqualTo(Duration.ofDays(30));
        assertThat(config.windows.sizes)
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(config.aws.assumeRoleArn)
                .isEqualTo("arn:aws:iam::{account}:role/" + template.ref("ReaderRoleName"));
        assertThat(config.cloudwatch.enabled).isTrue();
        assertThat(config.inventory.enabled).isTrue();
        assertThat(config.otlp.enabled).isFalse();
        assertThat(config.alerts.rules).isEmpty();
        assertThat(config.decoding.maxRecordBytes).isEqualTo(1 << 20);
    }

    @Test
    void anOtlpEndpointAndRulesGiveTheExportAndTheRules() throws IOException {
        Template template =
                new Template(
                        TEMPLATE,
                        Map.of(
                                "OtlpEndpoint", "http://collector:4318/v1/metrics",
                                "OtlpProtocol", "HTTP",
                                "AlertRules", OtlpPipelineITCase.BUSY_HOSTS));
        MetricpipeConfig config = Main.launch(new String[0], template.propertyGroups()).config;

        assertThat(config.otlp.enabled).isTrue();
        assertThat(config.otlp.endpoint).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(config.otlp.cloudAccountId).isEqualTo("123456789012");
        assertThat(config.alerts.rules).extracting(r -> r.name).containsExactly("busy");
    }

    @Test
    void aKeyTheConfigurationDoesNotKnowFailsNamingIt() throws IOException {
        Map<String, Properties> groups = template().propertyGroups();
        Properties kinesis = groups.get("kinesis");
        kinesis.setProperty("streamName", kinesis.getProperty("stream"));
        kinesis.remove("stream");

        assertThatThrownBy(() -> Main.launch(new String[0], groups))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kinesis.streamName");
    }

    @Test
    void theTablesHaveTheKeysTheItemsAreWrittenWith() throws IOException {
        JsonNode resources = template().root.path("Resources");
        Duration ttl = Duration.ofDays(1);
        assertThat(keys(resources, "Aggregates"))
                .isEqualTo(new AggregateItems(ttl).keyAttributes());
        JsonNode index =
                resources
                        .path("Aggregates")
                        .path("Properties")
                        .path("GlobalSecondaryIndexes")
                        .get(0);
        assertThat(index.path("IndexName").asText()).isEqualTo(AggregateItems.ARN_INDEX);
        assertThat(keys(index.path("KeySchema"))).isEqualTo(AggregateItems.arnIndexKeyAttributes());
        assertThat(index.path("Projection").path("ProjectionType").asText()).isEqualTo("KEYS_ONLY");
        assertThat(keys(resources, "DeadLetters"))
                .isEqualTo(new DeadLetterItems(ttl).keyAttributes());
        assertThat(keys(resources, "Alerts")).isEqualTo(new AlertItems(ttl).keyAttributes());
        assertThat(keys(resources, "Resources")).isEqualTo(new ResourceItems(ttl).keyAttributes());
        assertThat(keys(resources, "Compatibility"))
                .isEqualTo(new CompatibilityItems().keyAttributes());
        for (String table : List.of("Aggregates", "DeadLetters", "Alerts", "Resources")) {
            JsonNode properties = resources.path(table).path("Properties");
            assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
                    .isEqualTo(AggregateItems.TTL_ATTRIBUTE);
            assertThat(
                            properties
                                    .path("PointInTimeRecoverySpecification")
                                    .path("PointInTimeRecoveryEnabled")
                                    .asBoolean())
                    .isTrue();
        }
    }

    /**
     * The service role grants exactly what the job calls with the template's configuration, for
     * every combination of the switches that change it; the reader role grants exactly what the
     * polling sources call. Reading the code from S3 and writing logs are the service's own.
     */
    @ParameterizedTest(name = "efo {0}, cloudwatch {1}, inventory {2}, rules file ''{3}''")
    @CsvSource({
        "false, true, true, ''",
        "true, true, true, s3://rules-bucket/metricpipe/rules.yaml",
        "false, false, true, ''",
        "false, true, false, s3://rules-bucket/rules.yaml",
        "true, false, false, ''"
    })
    void theRolesGrantExactlyTheCallsTheCodeMakes(
            String efo, String cloudwatch, String inventory, String rulesFile) throws IOException {
        Map<String, String> switches =
                Map.of(
                        "EnhancedFanOut", efo,
                        "PollCloudWatch", cloudwatch,
                        "PollInventory", inventory,
                        "AlertRulesFile", rulesFile);
        Template application = new Template(TEMPLATE, switches);
        Main.Launch launch = Main.launch(new String[0], application.propertyGroups());

        assertThat(application.actions("ServiceRole", Set.of("ReadTheCode", "Logs")))
                .isEqualTo(IamActions.of(launch.config, launch.createTables));
        assertThat(new Template(READER_ROLE, switches).actions("ReaderRole", Set.of()))
                .isEqualTo(IamActions.polling(launch.config));
    }

    /** Partition key, then sort key. */
    private static List<String> keys(JsonNode resources, String table) {
        return keys(resources.path(table).path("Properties").path("KeySchema"));
    }

    private static List<String> keys(JsonNode schema) {
        List<String> keys = new ArrayList<>();
        for (String type : List.of("HASH", "RANGE")) {
            schema.forEach(
                    k -> {
                        if (k.path("KeyType").asText().equals(type)) {
                            keys.add(k.path("AttributeName").asText());
                        }
                    });
        }
        return keys;
    }
}
