package io.metricpipe.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.metricpipe.core.config.ConfigException;
import io.metricpipe.core.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Builds {@link MetricpipeConfig} from defaults, then a YAML file, then overrides ({@code
 * section.key=value}, e.g. from the CLI), in that order of precedence. MSF runtime property groups
 * take the same route: one group per section, keys as in the YAML, lists comma-separated (a list of
 * objects, such as alert rules, as one JSON value). Every problem is reported with its key; the
 * result is validated.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = ConfigJson.yaml();
    private static final JsonNode DEFAULTS = YAML.valueToTree(new MetricpipeConfig());

    private ConfigLoader() {}

    public static MetricpipeConfig load(Path file, Map<String, String> overrides) {
        ObjectNode tree = YAML.createObjectNode();
        if (file != null) {
            try {
                JsonNode read = YAML.readTree(Files.readAllBytes(file));
                if (read != null && !read.isMissingNode() && !read.isNull()) {
                    if (!read.isObject()) {
                        throw new ConfigException(file.toString(), "must be a YAML mapping");
                    }
                    tree = (ObjectNode) read;
                }
            } catch (JsonProcessingException e) {
                throw new ConfigException(file.toString(), "is not valid YAML: " + e.getMessage());
            } catch (IOException e) {
                throw new ConfigException(file.toString(), "cannot be read: " + e);
            }
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            set(tree, o.getKey(), o.getValue());
        }
        return bind(tree);
    }

    /** MSF: {@code KinesisAnalyticsRuntime.getApplicationProperties()} passes straight in. */
    public static MetricpipeConfig fromPropertyGroups(Map<String, Properties> groups) {
        ObjectNode tree = YAML.createObjectNode();
        for (Map.Entry<String, Properties> group : groups.entrySet()) {
            for (String key : group.getValue().stringPropertyNames()) {
                set(tree, group.getKey() + "." + key, group.getValue().getProperty(key));
            }
        }
        return bind(tree);
    }

    /** Sets {@code section.key} from text; list-valued keys take comma-separated values. */
    private static void set(ObjectNode tree, String dottedKey, String value) {
        int dot = dottedKey.indexOf('.');
        if (dot <= 0 || dot == dottedKey.length() - 1 || dottedKey.indexOf('.', dot + 1) > 0) {
            throw new ConfigException(dottedKey, "override keys have the form section.key");
        }
        String section = dottedKey.substring(0, dot);
        String key = dottedKey.substring(dot + 1);
        JsonNode existing = tree.get(section);
        ObjectNode node =
                existing instanceof ObjectNode ? (ObjectNode) existing : tree.putObject(section);
        JsonNode standard = DEFAULTS.path(section).path(key);
        if (standard.isArray() && value.trim().startsWith("[")
                || standard.isObject() && value.trim().startsWith("{")) {
            // A list of objects (alert rules) or a map (app targets) arrives as one JSON value.
            try {
                node.set(key, YAML.readTree(value));
            } catch (JsonProcessingException e) {
                throw new ConfigException(
                        dottedKey,
                        "is not a valid JSON "
                                + (standard.isArray() ? "list" : "object")
                                + ": "
                                + e.getOriginalMessage());
            }
        } else if (standard.isArray()) {
            ArrayNode list = node.putArray(key);
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
        } else {
            node.set(key, TextNode.valueOf(value));
        }
    }

    private static MetricpipeConfig bind(JsonNode tree) {
        MetricpipeConfig config;
        try {
            config = YAML.treeToValue(tree, MetricpipeConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known =
                    e.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            throw new ConfigException(path(e), "unknown key (known keys: " + known + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException(
                    path(e),
                    "'" + e.getValue() + "' is not a valid " + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new ConfigException(path(e), "expected " + typeName(e.getTargetType()) + " here");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(path(e), cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", e.getOriginalMessage());
        }
        return config.validate();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "config" : sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == int.class || type == Integer.class || type == long.class) {
            return "whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true or false)";
        }
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                values.add(c.toString());
            }
            return "value; use one of " + String.join(", ", values);
        }
        if (type == Duration.class) {
            return "duration (e.g. 500ms, 10s, 5m, 1h)";
        }
        return type.getSimpleName();
    }

    /** The effective configuration as YAML, for startup logs. Holds no secrets by design. */
    public static String toYaml(MetricpipeConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
