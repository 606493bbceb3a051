package io.metricpipe.jobs;

import io.metricpipe.core.alert.AlertEvaluator;
import io.metricpipe.core.alert.ParseRuleFile;
import io.metricpipe.core.config.AlertRule;
import io.metricpipe.core.config.Durations;
import io.metricpipe.core.enrich.AgentMatching;
import io.metricpipe.core.enrich.AgentResourceMatcher;
import io.metricpipe.core.enrich.ResourceEnricher;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.AlertRuleUpdate;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.core.model.WindowResult;
import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.core.pipeline.RouteDecoded;
import io.metricpipe.core.pipeline.WindowedAggregation;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.otlp.OtlpSink;
import io.metricpipe.sinks.webhook.WebhookNotifications;
import io.metricpipe.sinks.webhook.WebhookNotifier;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.cloudwatch.CloudWatchMetricsSource;
import io.metricpipe.sources.cloudwatch.CloudWatchMetricsSourceBuilder;
import io.metricpipe.sources.inventory.InventorySource;
import io.metricpipe.sources.inventory.InventoryWatermarks;
import io.metricpipe.sources.rules.RuleFileSource;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The topology: collector events (and polled CloudWatch metrics) → route (dead letters aside) →
 * windows and roll-ups → enrichment with the resource inventory (when it runs) → DynamoDB and OTLP,
 * alert rules on the window results (transitions to DynamoDB, states to OTLP), the resource
 * inventory to its table, with every dead letter (decode, late, rejected item) in one table. It
 * takes its source and outputs in the constructor, so tests wire in their own.
 */
public final class MetricpipeJob {
    /** An inventory scope that emitted nothing this long holds back no window result. */
    private static final Duration INVENTORY_IDLE = Duration.ofMinutes(1);

    private final MetricpipeConfig config;
    private final CollectorEvents events;
    private final DynamoDbOutputs outputs;
    private UnaryOperator<DataStream<ResourceSamples>> samplesTap = UnaryOperator.identity();

    /** Polling sources by name; each gets windows, enrichment and a watermark of its own. */
    private final Map<String, PolledSource> pollingSources = new LinkedHashMap<>();

    private Source<ResourceRecord, ?, ?> inventorySource;
    private SerializableSupplier<URI> webhookTarget;

    public MetricpipeJob(MetricpipeConfig config, CollectorEvents events, DynamoDbOutputs outputs) {
        this.config = config;
        this.events = events;
        this.outputs = outputs;
    }

    /** Collector events from the Kinesis stream, through this consumer. */
    public MetricpipeJob(
            MetricpipeConfig config,
            SourceFunction<DecodedRecord> source,
            DynamoDbOutputs outputs) {
        this(config, CollectorEvents.kinesis(source, config.kinesis.stream), outputs);
    }

    /** Inserts an operator after decoding (and after polling); tests use it to inject a failure. */
    public MetricpipeJob withSamplesTap(UnaryOperator<DataStream<ResourceSamples>> tap) {
        this.samplesTap = tap;
        return this;
    }

    /** Adds polled AWS metrics (the CloudWatch source), with windows of their own. */
    public MetricpipeJob withPollingSource(Source<ResourceSamples, ?, ?> source) {
        if (source != null) {
            pollingSources.put("cloudwatch", new PolledSource(source, false));
        }
        return this;
    }

    /**
     * Adds polled AWS metrics of one period, with a source, windows and enrichment of their own, so
     * that a collector's period never holds back the windows of a collector with a shorter one. A
     * period longer than the largest window (S3's day) also gets alert evaluation of its own: its
     * watermark, a day behind, would hold back every other resource's missing-data timers.
     */
    public MetricpipeJob withPollingSource(Duration period, Source<ResourceSamples, ?, ?> source) {
        pollingSources.put(
                "cloudwatch-" + Durations.label(period),
                new PolledSource(source, period.compareTo(largestWindow()) > 0));
        return this;
    }

    private Duration largestWindow() {
        return config.windows.sizes.get(config.windows.sizes.size() - 1);
    }

    /**
     * Posts alert transitions to this URL instead of the one in {@code webhook.urlEnv}, when the
     * webhook is enabled.
     */
    public MetricpipeJob withWebhookTarget(SerializableSupplier<URI> target) {
        this.webhookTarget = target;
        return this;
    }

    /** Adds the resource inventory, written to the resources table. */
    public MetricpipeJob withInventorySource(Source<ResourceRecord, ?, ?> source) {
        this.inventorySource = source;
        return this;
    }

    /** Adds the AWS polling sources the configuration enables, reaching AWS through access. */
    public MetricpipeJob withAwsSources(AwsAccess access) {
        if (config.cloudwatch.enabled) {
            for (Duration period : cloudWatch(access).periods()) {
                withPollingSource(period, cloudWatch(access).keepPeriod(period).build());
            }
        }
        if (config.inventory.enabled) {
            withInventorySource(
                    InventorySource.builder()
                            .configure(config.aws, config.inventory)
                            .setAccess(access)
                            .build());
        }
        return this;
    }

    private CloudWatchMetricsSourceBuilder cloudWatch(AwsAccess access) {
        return CloudWatchMetricsSource.builder()
                .configure(config.aws, config.cloudwatch)
                .setAccess(access);
    }

    /**
     * How long inventory versions are kept behind the watermark: long enough for the latest window,
     * its lateness, a settling CloudWatch period and a refresh.
     */
    private long enrichmentRetentionMs() {
        List<Duration> sizes = config.windows.sizes;
        return sizes.get(sizes.size() - 1)
                .plus(config.windows.allowedLateness)
                .plus(config.cloudwatch.settleDelay)
                .plus(config.inventory.refreshInterval)
                .toMillis();
    }

    /** Polled results with their resource's inventory metadata (their key is the ARN). */
    private DataStream<WindowResult> enrich(
            DataStream<WindowResult> results, DataStream<ResourceRecord> inventory, String prefix) {
        if (inventory == null) {
            return results;
        }
        return enrichByArn(results, r -> r.resourceKey, inventory, prefix);
    }

    private DataStream<WindowResult> enrichByArn(
            DataStream<WindowResult> results,
            KeySelector<WindowResult, String> arn,
            DataStream<ResourceRecord> inventory,
            String prefix) {
        return results.keyBy(arn, Types.STRING)
                .connect(inventory.keyBy(r -> r.arn, Types.STRING))
                .process(new ResourceEnricher(enrichmentRetentionMs()))
                .name(prefix + "enrich")
                .uid(prefix.replace(' ', '-') + "enrich");
    }

    /**
     * Agent results with the resource they meet: hosts and mapped apps through the matcher (the
     * inventory broadcast), windows that name their ARN through the enricher; the others, which
     * nothing can match, go straight on and wait for no inventory.
     */
    private DataStream<WindowResult> enrichAgentWindows(
            DataStream<WindowResult> results, DataStream<ResourceRecord> inventory) {
        if (inventory == null) {
            return results;
        }
        AgentMatching matching = new AgentMatching(config.matching);
        DataStream<WindowResult> enriched =
                enrichByArn(
                        route(results, matching, AgentMatching.Route.BY_ARN),
                        AgentMatching::declaredArn,
                        inventory,
                        "");
        DataStream<WindowResult> unmatched = route(results, matching, AgentMatching.Route.NONE);
        if (matching.enabled()) {
            DataStream<WindowResult> matched =
                    route(results, matching, AgentMatching.Route.MATCH)
                            .keyBy(r -> r.resourceKey, Types.STRING)
                            .connect(
                                    inventory
                                            .filter(matching::uses)
                                            .name("inventory to match")
                                            .uid("inventory-to-match")
                                            .broadcast(AgentResourceMatcher.INVENTORY))
                            .process(new AgentResourceMatcher(matching, enrichmentRetentionMs()))
                            .name("match agents")
                            .uid("match-agents");
            enriched = enriched.union(matched);
        }
        return enriched.union(unmatched);
    }

    private static DataStream<WindowResult> route(
            DataStream<WindowResult> results, AgentMatching matching, AgentMatching.Route route) {
        String name = route.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return results.filter(r -> matching.route(r) == route)
                .name("agent windows " + name)
                .uid("agent-windows-" + name);
    }

    /** Windows of their own for a polling source, whose watermark is its splits' cursors. */
    private WindowedAggregation polledWindows(
            StreamExecutionEnvironment env, Source<ResourceSamples, ?, ?> polling, String name) {
        DataStream<ResourceSamples> samples =
                samplesTap.apply(
                        env.fromSource(
                                        polling,
                                        // Each split's watermark is its cursor (set by the source).
                                        WatermarkStrategy.noWatermarks(),
                                        name.replace('-', ' ') + " metrics")
                                .uid(name.replaceFirst("^cloudwatch", "cloudwatch-metrics")));
        return derived(
                WindowedAggregation.apply(
                        name,
                        samples,
                        config.windows.sizes,
                        config.windows.allowedLateness,
                        config.decoding.deadLetterPayloadChars));
    }

    private WindowedAggregation derived(WindowedAggregation aggregation) {
        return config.windows.derivedMetrics ? aggregation.withDerivedMetrics() : aggregation;
    }

    private SingleOutputStreamOperator<AlertEvaluation> evaluateAlerts(
            DataStream<WindowResult> results,
            List<AlertRule> rules,
            BroadcastStream<AlertRuleUpdate> fileRules,
            String prefix) {
        return results.keyBy(r -> r.resourceKey, Types.STRING)
                .connect(fileRules)
                .process(new AlertEvaluator(rules, config.alerts.stateRetention))
                .name(prefix + "alerts")
                .uid(prefix.replace(' ', '-') + "alerts");
    }

    /**
     * The watched rules file's versions, parsed (rejected rules aside as dead letters). The source
     * is there without a file too, emitting nothing, so adding a file keeps the topology.
     */
    private SingleOutputStreamOperator<AlertRuleUpdate> ruleFile(StreamExecutionEnvironment env) {
        return env.fromSource(
                        RuleFileSource.builder()
                                .configure(config.alerts)
                                // An archive replay ends: it reads the file once.
                                .setBounded(config.archive.enabled())
                                .build(),
                        // The source's watermark is at the end of time: rules carry no event time.
                        WatermarkStrategy.noWatermarks(),
                        "alert rule file")
                .uid("alert-rule-file")
                .setParallelism(1)
                .process(
                        new ParseRuleFile(
                                config.windows.sizes,
                                config.alerts.stateRetention,
                                config.decoding.deadLetterPayloadChars))
                .name("parse alert rules")
                .uid("parse-alert-rules")
                .setParallelism(1);
    }

    /** A polling source, and whether its period is longer than the largest window. */
    private static final class PolledSource {
        final Source<ResourceSamples, ?, ?> source;
        final boolean longPeriod;

        PolledSource(Source<ResourceSamples, ?, ?> source, boolean longPeriod) {
            this.source = source;
            this.longPeriod = longPeriod;
        }
    }

    public void build(StreamExecutionEnvironment env) {
        ExecutionSettings.apply(env.getConfig());
        DataStream<DecodedRecord> decoded = events.read(env);
        SingleOutputStreamOperator<ResourceSamples> samples =
                decoded.process(new RouteDecoded()).name("route decoded").uid("route-decoded");

        WindowedAggregation aggregation =
                derived(
                        WindowedAggregation.apply(
                                samplesTap.apply(samples),
                                config.windows.sizes,
                                config.windows.allowedLateness,
                                config.decoding.deadLetterPayloadChars));

        DataStream<ResourceRecord> inventory =
                inventorySource == null
                        ? null
                        : env.fromSource(
                                        inventorySource,
                                        InventoryWatermarks.strategy(INVENTORY_IDLE),
                                        "resource inventory")
                                .uid("resource-inventory");
        DataStream<WindowResult> results = enrichAgentWindows(aggregation.results(), inventory);
        DataStream<DeadLetter> lateEvents = aggregation.lateEvents();
        DataStream<WindowResult> longPeriodResults = null;
        for (Map.Entry<String, PolledSource> polling : pollingSources.entrySet()) {
            // Polled datapoints arrive a period and the settle delay after their period starts:
            // their own event-time progress, so they get windows (and enrichment) of their own,
            // with the same operators.
            String name = polling.getKey();
            WindowedAggregation polled = polledWindows(env, polling.getValue().source, name);
            DataStream<WindowResult> enriched =
                    enrich(polled.results(), inventory, name.replace('-', ' ') + " ");
            lateEvents = lateEvents.union(polled.lateEvents());
            if (polling.getValue().longPeriod) {
                longPeriodResults =
                        longPeriodResults == null ? enriched : longPeriodResults.union(enriched);
            } else {
                results = results.union(enriched);
            }
        }

        DataStream<WindowResult> allResults =
                longPeriodResults == null ? results : results.union(longPeriodResults);
        DataStream<DeadLetter> deadLetters =
                samples.getSideOutput(RouteDecoded.DEAD_LETTERS)
                        .union(lateEvents, outputs.writeAggregates(allResults));
        if (inventory != null) {
            deadLetters = deadLetters.union(outputs.writeResources(inventory));
        }
        if (config.dynamodb.compatibilityEnabled) {
            deadLetters =
                    deadLetters.union(
                            outputs.writeCompatibility(
                                    samples.getSideOutput(RouteDecoded.RAW_EVENTS)));
        }

        DataStream<AlertEvaluation> alertStates = null;
        List<AlertRule> rules = config.alerts.effectiveRules(config.windows.sizes);
        if (!rules.isEmpty() || !config.alerts.rulesFile.isEmpty()) {
            SingleOutputStreamOperator<AlertRuleUpdate> fileRules = ruleFile(env);
            deadLetters = deadLetters.union(fileRules.getSideOutput(ParseRuleFile.DEAD_LETTERS));
            BroadcastStream<AlertRuleUpdate> toEvaluators =
                    fileRules.broadcast(AlertEvaluator.FILE_RULES);
            // Long periods are evaluated apart: their watermark, a day behind, would hold back the
            // missing-data timers of every other resource. A resource is in one stream only.
            alertStates = evaluateAlerts(results, rules, toEvaluators, "");
            if (longPeriodResults != null) {
                alertStates =
                        alertStates.union(
                                evaluateAlerts(
                                        longPeriodResults, rules, toEvaluators, "long periods "));
            }
            DataStream<AlertEvaluation> transitions =
                    alertStates
                            .filter(AlertEvaluation::isTransition)
                            .name("alert transitions")
                            .uid("alert-transitions");
            deadLetters = deadLetters.union(outputs.writeAlerts(transitions));
            if (config.webhook.enabled) {
                deadLetters =
                        deadLetters.union(
                                WebhookNotifications.deliver(
                                        transitions,
                                        config.webhook,
                                        webhookTarget != null
                                                ? webhookTarget
                                                : WebhookNotifier.fromEnvironment(config.webhook)));
            }
        }
        outputs.writeDeadLetters(deadLetters);

        if (config.otlp.enabled) {
            // Only the base size: a roll-up's delta sums would repeat its minutes' deltas.
            long base = config.windows.sizes.get(0).toMillis();
            allResults
                    .filter(r -> r.windowSizeMs == base)
                    .name("otlp windows")
                    .uid("otlp-windows")
                    .sinkTo(OtlpSink.builder().configure(config.otlp).build())
                    .name("otlp")
                    .uid("otlp-sink");
            if (alertStates != null) {
                alertStates
                        .sinkTo(OtlpSink.alertStateBuilder().configure(config.otlp).build())
                        .name("otlp alert states")
                        .uid("otlp-alert-states");
            }
        }
    }
}
