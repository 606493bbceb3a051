package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code alerts}: rules evaluated on every window result. On MSF, {@code rules} is one property
 * holding the list as JSON.
 */
public class AlertsSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public List<AlertRule> rules = new ArrayList<>();

    /** Whether the default rule pack ({@link DefaultRules}) is evaluated too. */
    public boolean defaultRules = true;

    /**
     * How long a resource may send nothing before its rule states are dropped (event time). It must
     * outlast every rule's evaluation of missing data, so the state goes after its last transition.
     */
    public Duration stateRetention = Duration.ofDays(1);

    /**
     * A file of rules watched while the job runs ({@code file:///…}, a local path, or {@code
     * s3://…}); empty for none. See {@link RuleFile}.
     */
    public String rulesFile = "";

    /**
     * How often the rules file is read; shorter than the base window, so a change applies within
     * one period.
     */
    public Duration rulesFilePollInterval = Duration.ofSeconds(10);

    /**
     * The rules the job evaluates: the defaults (when on) whose period is one of the window sizes
     * and whose name no rule of {@link #rules} takes, then {@link #rules}.
     */
    public List<AlertRule> effectiveRules(List<Duration> windowSizes) {
        List<AlertRule> effective = new ArrayList<>();
        if (defaultRules) {
            Set<String> own = new HashSet<>();
            rules.stream().filter(r -> r != null).forEach(r -> own.add(r.name));
            for (AlertRule d : DefaultRules.all()) {
                if (windowSizes.contains(d.period) && !own.contains(d.name)) {
                    effective.add(d);
                }
            }
        }
        effective.addAll(rules);
        return effective;
    }

    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Checks the rules; each rule's period must be one of the window sizes. */
    public void validate(Problems p, List<Duration> windowSizes) {
        p.positive("alerts.stateRetention", stateRetention);
        if (!rulesFile.isEmpty()) {
            String problem;
            try {
                String path = new org.apache.flink.core.fs.Path(rulesFile).toUri().getPath();
                problem =
                        path == null || path.isEmpty() || path.endsWith("/")
                                ? "names no file"
                                : null;
            } catch (IllegalArgumentException e) {
                problem = "is not a path or URI: " + e.getMessage();
            }
            if (problem != null) {
                p.add("alerts.rulesFile", "'" + rulesFile + "' " + problem);
            }
            p.positive("alerts.rulesFilePollInterval", rulesFilePollInterval);
            if (rulesFilePollInterval != null
                    && !windowSizes.isEmpty()
                    && windowSizes.get(0) != null
                    && rulesFilePollInterval.compareTo(windowSizes.get(0)) >= 0) {
                p.add(
                        "alerts.rulesFilePollInterval",
                        "must be shorter than the base window "
                                + Durations.label(windowSizes.get(0))
                                + ", so a change applies within one period");
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String key = "alerts.rules[" + i + "]";
            AlertRule r = rules.get(i);
            validateRule(p, key, r, windowSizes);
            if (r != null
                    && r.name != null
                    && RULE_NAME.matcher(r.name).matches()
                    && !names.add(r.name)) {
                p.add(key + ".name", "'" + r.name + "' is used by an earlier rule");
            }
        }
        // Every rule evaluated, the defaults included.
        for (AlertRule r : effectiveRules(windowSizes)) {
            if (r != null
                    && r.period != null
                    && stateRetention != null
                    && stateRetention.compareTo(r.evaluationSpan()) <= 0) {
                p.add(
                        "alerts.stateRetention",
                        Durations.label(stateRetention)
                                + " must be longer than rule '"
                                + r.name
                                + "' evaluates missing data ("
                                + Durations.label(r.evaluationSpan())
                                + ": evaluationPeriods + 1 periods)");
            }
        }
    }

    /**
     * Checks one rule, reporting under {@code key}; fills in the empty defaults of lists and
     * patterns a parser left null.
     */
    public static void validateRule(
            Problems p, String key, AlertRule r, List<Duration> windowSizes) {
        if (r == null) {
            p.add(key, "must be a rule");
            return;
        }
        if (r.name == null || !RULE_NAME.matcher(r.name).matches()) {
            p.add(key + ".name", "'" + r.name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (r.metric == null || r.metric.isEmpty()) {
            p.add(key + ".metric", "required");
        }
        if (!Double.isFinite(r.threshold)) {
            p.add(key + ".threshold", "required, a finite number");
        }
        if (r.period == null || !windowSizes.contains(r.period)) {
            p.add(key + ".period", r.period + " must be one of windows.sizes " + windowSizes);
        }
        p.between(key + ".evaluationPeriods", r.evaluationPeriods, 1, 100, "");
        if (r.attributes == null) {
            r.attributes = new ArrayList<>();
        }
        for (int a = 0; a < r.attributes.size(); a++) {
            String selector = r.attributes.get(a);
            if (selector == null || selector.indexOf('=') < 1) {
                p.add(
                        key + ".attributes[" + a + "]",
                        "'" + selector + "' must be name=value, e.g. aws.tag.env=prod");
            }
        }
        if (r.denominator == null) {
            r.denominator = "";
        }
        if (r.resourceKeyPattern == null) {
            r.resourceKeyPattern = "";
        }
        try {
            Pattern.compile(r.resourceKeyPattern);
        } catch (PatternSyntaxException e) {
            p.add(
                    key + ".resourceKeyPattern",
                    "'"
                            + r.resourceKeyPattern
                            + "' is not a regular expression: "
                            + e.getDescription());
        }
        p.between(
                key + ".datapointsToAlarm",
                r.datapointsToAlarm,
                1,
                r.evaluationPeriods,
                " (evaluationPeriods)");
    }
}
