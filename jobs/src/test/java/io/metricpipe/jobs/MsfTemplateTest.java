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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
    }

    /** The application's property groups, as MSF would hand them to {@code Main}. */
    private static Map<String, Properties> propertyGroups(JsonNode template) {
        Map<String, Properties> groups = new LinkedHashMap<>();
        JsonNode application = template.path("Resources").path("Application");
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
                            e -> p.setProperty(e.getKey(), value(template, e.getValue())));
            groups.put(group.path("PropertyGroupId").asText(), p);
        }
        return groups;
    }

    private static String value(JsonNode template, JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.has("Ref")) {
            return ref(template, v.get("Ref").asText());
        }
        if (v.has("Fn::Sub")) {
            Matcher m = SUB.matcher(v.get("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(ref(template, m.group(1))));
            }
            return m.appendTail(out).toString();
        }
        if (v.has("Fn::If")) {
            JsonNode f = v.get("Fn::If");
            boolean holds =
                    condition(template, template.path("Conditions").path(f.get(0).asText()));
            return value(template, f.get(holds ? 1 : 2));
        }
        if (v.has("Fn::Join")) {
            JsonNode f = v.get("Fn::Join");
            return value(template, f.get(1)).replace(",", f.get(0).asText());
        }
        throw new AssertionError("an intrinsic function this test does not evaluate: " + v);
    }

    private static boolean condition(JsonNode template, JsonNode c) {
        if (c.has("Fn::Not")) {
            return !condition(template, c.get("Fn::Not").get(0));
        }
        JsonNode equals = c.get("Fn::Equals");
        return value(template, equals.get(0)).equals(value(template, equals.get(1)));
    }

    private static String ref(JsonNode template, String name) {
        switch (name) {
            case "AWS::Region":
                return "eu-west-1";
            case "AWS::AccountId":
                return "123456789012";
            case "AWS::Partition":
                return "aws";
            default:
                JsonNode parameter = template.path("Parameters").path(name);
                assertThat(parameter.has("Default"))
                        .as("parameter %s has a default", name)
                        .isTrue();
                return parameter.get("Default").asText();
        }
    }

    @Test
    void thePropertyGroupsMakeAValidConfigurationThroughTheMsfMapping() throws IOException {
        JsonNode template = template();
        Main.Launch launch = Main.launch(new String[0], propertyGroups(template));

        assertThat(launch.onMsf).isTrue();
        MetricpipeConfig config = launch.config;
        assertThat(config.kinesis.stream).isEqualTo(ref(template, "StreamName"));
        assertThat(config.kinesis.region).isEqualTo("eu-west-1");
        assertThat(config.dynamodb.aggregatesTable).isEqualTo(ref(template, "AggregatesTable"));
        assertThat(config.dynamodb.deadLettersTable).isEqualTo(ref(template, "DeadLettersTable"));
        assertThat(config.dynamodb.alertsTable).isEqualTo(ref(template, "AlertsTable"));
        assertThat(config.dynamodb.resourcesTable).isEqualTo(ref(template, "ResourcesTable"));
        assertThat(config.dynamodb.ttl).isEqualTo(Duration.ofDays(30));
        assertThat(config.windows.sizes)
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(config.aws.assumeRoleArn)
                .isEqualTo("arn:aws:iam::{account}:role/" + ref(template, "ReaderRoleName"));
        assertThat(config.cloudwatch.enabled).isTrue();
        assertThat(config.inventory.enabled).isTrue();
    }

    @Test
    void aKeyTheConfigurationDoesNotKnowFailsNamingIt() throws IOException {
        JsonNode template = template();
        Map<String, Properties> groups = propertyGroups(template);
        Properties kinesis = groups.get("kinesis");
        kinesis.setProperty("streamName", kinesis.getProperty("stream"));
        kinesis.remove("stream");

        assertThatThrownBy(() -> Main.launch(new String[0], groups))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kinesis.streamName");
    }

    @Test
    void theTablesHaveTheKeysTheItemsAreWrittenWith() throws IOException {
        JsonNode resources = template().path("Resources");
        Duration ttl = Duration.ofDays(1);
        assertThat(keys(resources, "Aggregates"))
                .isEqualTo(new AggregateItems(ttl).keyAttributes());
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

    /** Partition key, then sort key. */
    private static List<String> keys(JsonNode resources, String table) {
        List<String> keys = new ArrayList<>();
        JsonNode schema = resources.path(table).path("Properties").path("KeySchema");
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
