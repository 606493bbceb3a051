package io.metricpipe.core.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.ConfigJson;
import io.metricpipe.core.enrich.ResourceMetadata;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.AlertRuleUpdate;
import io.metricpipe.core.model.MetricStats;
import io.metricpipe.core.model.WindowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Evaluates the alert rules on the window results of one resource, with CloudWatch alarm semantics:
 * every period of a rule is evaluated once its window result arrives, or, when none arrives, at the
 * end of the following period as missing data (event time, so a replay evaluates the same way).
 * Each evaluation is emitted; a changed state is a transition. A corrected window (a later
 * revision) re-evaluates its period if it is still the latest one evaluated. States start as {@code
 * INSUFFICIENT_DATA}, as in CloudWatch.
 *
 * <p>A resource that sends nothing for {@code stateRetention} (event time, longer than any rule's
 * evaluation of missing data, so after its last transition) has its state dropped and counted in
 * {@code alertStatesExpired}; should it come back, its rules start again from {@code
 * INSUFFICIENT_DATA}. One cleanup timer per resource is pending at a time.
 *
 * <p>The rules are those of the configuration, then those of the rules file, which arrive on the
 * broadcast input whenever the file changes and sit in broadcast state (so a restart keeps them). A
 * file rule takes the place of a configured rule of the same name. A rule whose definition changes,
 * or that goes, loses its state on every resource (a changed rule starts again from {@code
 * INSUFFICIENT_DATA}, as a new CloudWatch alarm does); every other rule keeps its state.
 */
public final class AlertEvaluator
        extends KeyedBroadcastProcessFunction<
                String, WindowResult, AlertRuleUpdate, AlertEvaluation> {
    private static final long serialVersionUID = 1L;

    /** The rules of the watched rules file, as JSON by name (see {@link ParseRuleFile}). */
    public static final MapStateDescriptor<String, String> FILE_RULES =
            new MapStateDescriptor<>("alert-rule-file", Types.STRING, Types.STRING);

    private static final MapStateDescriptor<String, RuleState> STATES =
            new MapStateDescriptor<>(
                    "alert-rules", Types.STRING, TypeInformation.of(RuleState.class));

    /** Periods of history kept beyond the evaluation range, for late corrections. */
    private static final int SLACK_PERIODS = 5;

    private final List<AlertRule> configured;
    private final long retentionMs;
    private transient ObjectMapper json;

    /** The rules in force, by name; rebuilt from the broadcast state when null. */
    private transient Map<String, AlertRule> rules;

    /** Each rule's definition as JSON, to tell a changed rule from an unchanged one. */
    private transient Map<String, String> definitions;

    private transient MapState<String, RuleState> states;
    private transient ValueState<String> resourceType;

    /** The latest window's resource attributes, keys then values (they go on each evaluation). */
    private transient ValueState<String[]> resource;

    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> cleanupAt;
    private transient Counter expired;

    public AlertEvaluator(List<AlertRule> rules, Duration stateRetention) {
        this.configured = List.copyOf(rules);
        this.retentionMs = stateRetention.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        json = ConfigJson.json();
        states = getRuntimeContext().getMapState(STATES);
        resourceType =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("resource-type", Types.STRING));
        resource =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "resource-attributes",
                                        BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
        lastSeen =
                getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Types.LONG));
        cleanupAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
        expired = getRuntimeContext().getMetricGroup().counter("alertStatesExpired");
    }

    @Override
    public void processElement(WindowResult r, ReadOnlyContext ctx, Collector<AlertEvaluation> out)
            throws Exception {
        resourceType.update(r.resourceType);
        String[] described = described(r);
        if (!Arrays.equals(described, resource.value())) {
            resource.update(described);
        }
        keepUntil(r.windowEnd() + retentionMs, ctx);
        for (AlertRule rule : rules(ctx.getBroadcastState(FILE_RULES)).values()) {
            long period = rule.period.toMillis();
            if (r.windowSizeMs != period || !rule.selects(r)) {
                continue;
            }
            double value = value(rule, r);
            if (Double.isNaN(value)) {
                continue; // a period without this metric is missing data, found by the timer
            }
            RuleState s = state(rule);
            long keepFrom = r.windowStart - (rule.evaluationPeriods + SLACK_PERIODS) * period;
            s.put(r.windowStart, value, keepFrom);
            s.lastData = Math.max(s.lastData, r.windowStart);
            if (r.windowStart >= s.lastEvaluated) {
                evaluate(
                        rule,
                        s,
                        r.windowStart,
                        ctx.getCurrentKey(),
                        r.resourceType,
                        described,
                        out);
            }
            states.put(rule.name, s);
            ctx.timerService().registerEventTimeTimer(r.windowStart + 2 * period - 1);
        }
    }

    /** Moves the resource's expiry on; registers the cleanup timer if none is pending. */
    private void keepUntil(long expiry, ReadOnlyContext ctx) throws Exception {
        Long seen = lastSeen.value();
        if (seen == null || expiry > seen) {
            lastSeen.update(expiry);
        }
        if (cleanupAt.value() == null) {
            cleanupAt.update(expiry);
            ctx.timerService().registerEventTimeTimer(expiry);
        }
    }

    /**
     * The end of a period without a datapoint: evaluate it as missing data. The cleanup time: drop
     * the resource's state if nothing came since, else look again at its new expiry.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvaluation> out)
            throws Exception {
        evaluateMissing(timestamp, ctx, out);
        Long cleanup = cleanupAt.value();
        if (cleanup != null && cleanup == timestamp) {
            long expiry = lastSeen.value();
            if (timestamp >= expiry) {
                states.clear();
                resourceType.clear();
                resource.clear();
                lastSeen.clear();
                cleanupAt.clear();
                expired.inc();
            } else {
                cleanupAt.update(expiry);
                ctx.timerService().registerEventTimeTimer(expiry);
            }
        }
    }

    private void evaluateMissing(long timestamp, OnTimerContext ctx, Collector<AlertEvaluation> out)
            throws Exception {
        long end = timestamp + 1;
        for (AlertRule rule : rules(ctx.getBroadcastState(FILE_RULES)).values()) {
            long period = rule.period.toMillis();
            RuleState s = states.get(rule.name);
            if (s == null || end % period != 0) {
                continue;
            }
            long start = end - period;
            if (s.has(start) || start <= s.lastEvaluated) {
                continue;
            }
            evaluate(
                    rule,
                    s,
                    start,
                    ctx.getCurrentKey(),
                    resourceType.value(),
                    resource.value(),
                    out);
            states.put(rule.name, s);
            // Keep looking while missing periods can still change the state.
            if (start - s.lastData < (long) rule.evaluationPeriods * period) {
                ctx.timerService().registerEventTimeTimer(end + period - 1);
            }
        }
    }

    /** The window's resource attributes: their keys, then their values. */
    private static String[] described(WindowResult r) {
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < r.attributeKeys.length; i++) {
            if (ResourceMetadata.describesResource(r.attributeKeys[i])) {
                keys.add(r.attributeKeys[i]);
                values.add(r.attributeValues[i]);
            }
        }
        keys.addAll(values);
        return keys.toArray(new String[0]);
    }

    /**
     * A new version of the rules file: its valid rules replace the file's rules, a rejected rule
     * keeps its definition from before, and each rule whose definition changed or that went loses
     * its state on every resource of this subtask.
     */
    @Override
    public void processBroadcastElement(
            AlertRuleUpdate update, Context ctx, Collector<AlertEvaluation> out) throws Exception {
        BroadcastState<String, String> file = ctx.getBroadcastState(FILE_RULES);
        Map<String, String> before = new HashMap<>(definitions(file));
        Map<String, String> next = new HashMap<>();
        for (int i = 0; i < update.names.length; i++) {
            next.put(update.names[i], update.definitions[i]);
        }
        for (String name : update.rejected) {
            String kept = file.get(name);
            if (kept != null && !next.containsKey(name)) {
                next.put(name, kept);
            }
        }
        file.clear();
        file.putAll(next);
        rules = null;
        Map<String, String> after = definitions(file);
        Set<String> changed = new HashSet<>(before.keySet());
        changed.addAll(after.keySet());
        changed.removeIf(name -> Objects.equals(before.get(name), after.get(name)));
        if (!changed.isEmpty()) {
            ctx.applyToKeyedState(
                    STATES,
                    (key, state) -> {
                        for (String name : changed) {
                            state.remove(name);
                        }
                    });
        }
    }

    /** The rules in force: the configured ones, then the file's, a file rule replacing by name. */
    private Map<String, AlertRule> rules(ReadOnlyBroadcastState<String, String> file)
            throws Exception {
        if (rules == null) {
            Map<String, AlertRule> byName = new LinkedHashMap<>();
            Map<String, String> json = new HashMap<>();
            for (AlertRule r : configured) {
                byName.put(r.name, r);
                json.put(r.name, this.json.writeValueAsString(r));
            }
            Map<String, String> fromFile = new TreeMap<>();
            for (Map.Entry<String, String> e : file.immutableEntries()) {
                fromFile.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, String> e : fromFile.entrySet()) {
                byName.remove(e.getKey());
                byName.put(e.getKey(), this.json.readValue(e.getValue(), AlertRule.class));
                json.put(e.getKey(), e.getValue());
            }
            rules = byName;
            definitions = json;
        }
        return rules;
    }

    private Map<String, String> definitions(ReadOnlyBroadcastState<String, String> file)
            throws Exception {
        rules(file);
        return definitions;
    }

    private RuleState state(AlertRule rule) throws Exception {
        RuleState s = states.get(rule.name);
        if (s == null) {
            s = new RuleState();
            s.state = AlertEvaluation.INSUFFICIENT_DATA;
        }
        return s;
    }

    private static void evaluate(
            AlertRule rule,
            RuleState s,
            long periodStart,
            String resourceKey,
            String resourceType,
            String[] described,
            Collector<AlertEvaluation> out) {
        long period = rule.period.toMillis();
        int present = 0;
        int breaching = 0;
        for (int i = 0; i < rule.evaluationPeriods; i++) {
            double v = s.valueAt(periodStart - i * period);
            if (Double.isNaN(v)) {
                if (rule.treatMissingData == AlertRule.TreatMissingData.breaching) {
                    breaching++;
                }
            } else {
                present++;
                if (rule.breaches(v)) {
                    breaching++;
                }
            }
        }
        double value = s.valueAt(periodStart);
        String next;
        if (Double.isNaN(value) && rule.treatMissingData == AlertRule.TreatMissingData.ignore) {
            next = s.state; // "ignore": a period without data keeps the current state
        } else if (breaching >= rule.datapointsToAlarm) {
            next = AlertEvaluation.ALARM;
        } else if (present > 0 || rule.treatMissingData != AlertRule.TreatMissingData.missing) {
            next = AlertEvaluation.OK;
        } else {
            next = AlertEvaluation.INSUFFICIENT_DATA;
        }

        AlertEvaluation e = new AlertEvaluation();
        e.rule = rule.name;
        e.resourceKey = resourceKey;
        e.resourceType = resourceType;
        e.periodStart = periodStart;
        e.periodEnd = periodStart + period;
        e.previousState =
                periodStart == s.lastEvaluated && s.previousState != null
                        ? s.previousState
                        : s.state;
        e.state = next;
        e.value = value;
        e.threshold = rule.threshold;
        e.breaching = breaching;
        e.evaluationPeriods = rule.evaluationPeriods;
        if (described != null) {
            int n = described.length / 2;
            e.attributeKeys = Arrays.copyOfRange(described, 0, n);
            e.attributeValues = Arrays.copyOfRange(described, n, 2 * n);
        }
        e.reason =
                String.format(
                        Locale.ROOT,
                        "%d of the last %d datapoints were %s %s (%d present)",
                        breaching,
                        rule.evaluationPeriods,
                        symbol(rule.comparison),
                        rule.threshold,
                        present);
        if (periodStart != s.lastEvaluated) {
            s.previousState = s.state;
        }
        s.state = next;
        s.lastEvaluated = periodStart;
        out.collect(e);
    }

    private static String symbol(AlertRule.Comparison c) {
        switch (c) {
            case GreaterThanThreshold:
                return ">";
            case GreaterThanOrEqualToThreshold:
                return ">=";
            case LessThanThreshold:
                return "<";
            default:
                return "<=";
        }
    }

    /**
     * The rule's value of a window, NaN when it has none. A ratio's numerator is 0 when absent (a
     * window of requests without errors has no error metric); without its denominator, or with a
     * denominator of 0, the window has no value.
     */
    static double value(AlertRule rule, WindowResult r) {
        MetricStats m = r.metric(rule.metric);
        if (rule.denominator.isEmpty()) {
            return m == null ? Double.NaN : statistic(m, rule.statistic);
        }
        MetricStats d = r.metric(rule.denominator);
        double denominator = d == null ? Double.NaN : statistic(d, rule.statistic);
        if (Double.isNaN(denominator) || denominator == 0) {
            return Double.NaN;
        }
        return (m == null ? 0 : statistic(m, rule.statistic)) / denominator;
    }

    static double statistic(MetricStats m, AlertRule.Statistic statistic) {
        switch (statistic) {
            case COUNT:
                return m.count;
            case SUM:
                return m.sum;
            case MIN:
                return m.min;
            case MAX:
                return m.max;
            case AVG:
                return m.avg();
            case LAST:
                return m.last;
            case P50:
                return m.p50;
            case P90:
                return m.p90;
            case P95:
                return m.p95;
            case P99:
                return m.p99;
            case RATE:
                return m.rate;
            case INCREASE:
                return m.increase;
            default:
                return m.distinct;
        }
    }
}
