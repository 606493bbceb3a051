package io.metricpipe.jobs;

import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.analytics.AnalyticsTableSource;
import io.metricpipe.sources.archive.ArchiveSource;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.cloudwatch.CloudWatchMetricsSource;
import io.metricpipe.sources.inventory.InventorySource;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import io.metricpipe.sources.rules.RuleFileSource;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every AWS API operation the job can call with a configuration, as IAM actions: what a role for it
 * needs, no more (README "IAM"). Each source and sink declares the actions of its own calls next to
 * the code that makes them; this gathers those the configuration turns on.
 */
public final class IamActions {
    private IamActions() {}

    /** What the job's own credentials call. */
    public static Set<String> of(MetricpipeConfig config, boolean createTables) {
        Set<String> actions = new TreeSet<>(collectorEvents(config));
        actions.addAll(DynamoDbOutputs.IAM_ACTIONS);
        actions.addAll(RuleFileSource.iamActions(config.alerts));
        if (createTables) {
            actions.addAll(TableProvisioner.IAM_ACTIONS);
        }
        if (config.aws.assumeRoleArn.isEmpty()) {
            actions.addAll(polling(config));
        } else if (!polling(config).isEmpty()) {
            actions.addAll(AwsAccess.iamActions(config.aws));
        }
        return actions;
    }

    /**
     * What the polling sources call: with {@code aws.assumeRoleArn}, as the role assumed in each
     * monitored account; without, with the job's own credentials.
     */
    public static Set<String> polling(MetricpipeConfig config) {
        Set<String> actions = new TreeSet<>();
        if (config.cloudwatch.enabled) {
            actions.addAll(CloudWatchMetricsSource.IAM_ACTIONS);
        }
        if (config.inventory.enabled) {
            actions.addAll(InventorySource.iamActions(config.inventory.services));
        }
        return actions;
    }

    /** The input's: the stream, or the replayed table or files instead. */
    private static Set<String> collectorEvents(MetricpipeConfig config) {
        if (!config.archive.table.isEmpty()) {
            return AnalyticsTableSource.IAM_ACTIONS;
        }
        if (config.archive.enabled()) {
            return ArchiveSource.iamActions(config.archive);
        }
        return KinesisCollectorSource.iamActions(config.kinesis);
    }
}
