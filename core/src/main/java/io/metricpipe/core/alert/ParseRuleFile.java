package io.metricpipe.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.ConfigJson;
import io.metricpipe.core.config.RuleFile;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.metrics.DeadLetterCounters;
import io.metricpipe.core.model.AlertRuleUpdate;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.RuleFileRead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns each read of the alert rules file into an {@link AlertRuleUpdate} for the evaluators. Every
 * rule it rejects, and a file that cannot be read or parsed at all, is a {@code rule_rejected} dead
 * letter with its problems, counted in {@code deadLetters.rule_rejected}; a file rejected whole
 * changes nothing, and a rejected rule keeps its definition from before.
 */
public final class ParseRuleFile extends ProcessFunction<RuleFileRead, AlertRuleUpdate> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("rule-file-dead-letters") {};

    private final List<Duration> windowSizes;
    private final Duration stateRetention;
    private final int payloadChars;
    private transient ObjectMapper json;
    private transient DeadLetterCounters deadLetters;

    public ParseRuleFile(List<Duration> windowSizes, Duration stateRetention, int payloadChars) {
        this.windowSizes = new ArrayList<>(windowSizes);
        this.stateRetention = stateRetention;
        this.payloadChars = payloadChars;
    }

    @Override
    public void open(OpenContext context) {
        json = ConfigJson.json();
        deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RuleFileRead read, Context ctx, Collector<AlertRuleUpdate> out)
            throws JsonProcessingException {
        if (read.error != null) {
            reject(read, "file", "cannot be read, the rules in force stay: " + read.error, ctx);
            return;
        }
        RuleFile.Parsed parsed = RuleFile.parse(read.content, windowSizes, stateRetention);
        if (parsed.fileProblem != null) {
            reject(read, "file", parsed.fileProblem + "; the rules in force stay", ctx);
            return;
        }
        for (Map.Entry<String, String> problem : parsed.problems.entrySet()) {
            reject(read, problem.getKey(), problem.getValue(), ctx);
        }
        AlertRuleUpdate update = new AlertRuleUpdate();
        update.names = new String[parsed.rules.size()];
        update.definitions = new String[parsed.rules.size()];
        for (int i = 0; i < parsed.rules.size(); i++) {
            AlertRule rule = parsed.rules.get(i);
            update.names[i] = rule.name;
            update.definitions[i] = json.writeValueAsString(rule);
        }
        update.rejected = parsed.rejected.toArray(new String[0]);
        out.collect(update);
    }

    private void reject(RuleFileRead read, String position, String detail, Context ctx) {
        deadLetters.deadLetter(DeadLetterReason.RULE_REJECTED);
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.of(
                        DeadLetterReason.RULE_REJECTED,
                        "rules:" + read.path,
                        position,
                        read.readAt,
                        detail,
                        read.content == null
                                ? ""
                                : EventDecoder.printable(
                                        read.content.getBytes(StandardCharsets.UTF_8),
                                        payloadChars)));
    }
}
