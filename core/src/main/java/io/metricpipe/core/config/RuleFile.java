package io.metricpipe.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alert rules file ({@code alerts.rulesFile}): YAML or JSON, either a list of rules or a
 * mapping with {@code rules:}, each rule as in {@code alerts.rules}. Each rule is checked on its
 * own: an invalid one is rejected with its problems while the valid ones apply. A file that does
 * not parse, or holds no document at all (a file caught half-written), is rejected whole. {@code
 * rules: []} removes every rule of the file.
 */
public final class RuleFile {
    private static final ObjectMapper YAML = ConfigJson.yaml();

    /** The rules of a file that apply, and the problems of those that do not. */
    public static final class Parsed {
        public final List<AlertRule> rules = new ArrayList<>();

        /**
         * The problems of each rejected rule by its place ({@code rules[2]}), each with its key,
         * e.g. {@code rules[2].threshold: required, a finite number}, joined by {@code "; "}.
         */
        public final Map<String, String> problems = new LinkedHashMap<>();

        /**
         * Names of the rules rejected (those with a readable name), whose definition from before
         * stays in force.
         */
        public final Set<String> rejected = new HashSet<>();

        /** Set when the whole file is rejected: nothing of it applies. */
        public String fileProblem;
    }

    private RuleFile() {}

    public static Parsed parse(String text, List<Duration> windowSizes, Duration stateRetention) {
        Parsed out = new Parsed();
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            out.fileProblem = "is not valid YAML or JSON: " + e.getOriginalMessage();
            return out;
        }
        JsonNode list = root != null && root.isObject() ? root.get("rules") : root;
        if (list == null || !list.isArray()) {
            out.fileProblem =
                    "must be a list of rules or a mapping with 'rules:' (write 'rules: []' to"
                            + " remove every rule)";
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "rules[" + i + "]";
            JsonNode node = list.get(i);
            String name = node.path("name").isTextual() ? node.path("name").asText() : null;
            Problems problems = new Problems();
            AlertRule rule = null;
            try {
                rule = YAML.treeToValue(node, AlertRule.class);
                AlertsSection.validateRule(problems, key, rule, windowSizes);
            } catch (JsonProcessingException e) {
                problems.add(key, "is not a rule: " + e.getOriginalMessage());
            }
            if (rule != null && problems.isEmpty()) {
                if (!names.add(rule.name)) {
                    problems.add(key + ".name", "'" + rule.name + "' is used by an earlier rule");
                } else if (stateRetention.compareTo(rule.evaluationSpan()) <= 0) {
                    problems.add(
                            key + ".evaluationPeriods",
                            "evaluates missing data for "
                                    + Durations.label(rule.evaluationSpan())
                                    + ", longer than alerts.stateRetention "
                                    + Durations.label(stateRetention));
                }
            }
            if (problems.isEmpty()) {
                out.rules.add(rule);
            } else {
                out.problems.put(key, String.join("; ", problems.list()));
                if (name != null) {
                    out.rejected.add(name);
                }
            }
        }
        // A name that a valid rule of the file takes is not kept from before.
        out.rules.forEach(r -> out.rejected.remove(r.name));
        return out;
    }
}
