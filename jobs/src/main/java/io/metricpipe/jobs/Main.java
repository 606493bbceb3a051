package io.metricpipe.jobs;

import io.metricpipe.core.config.ConfigLoader;
import io.metricpipe.core.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbConnection;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the shaded jar ({@code flink run}, REST submission, MSF). Reads and validates the
 * configuration before anything starts, optionally creates the tables, and runs the job. AWS access
 * uses the default credential chain.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        MetricpipeConfig config = ConfigLoader.load(arguments.configFile, arguments.overrides);
        LOG.info("metricpipe configuration:\n{}", ConfigLoader.toYaml(config));

        DynamoDbConnection dynamodb = DynamoDbConnection.of(config.dynamodb);
        if (arguments.createTables || config.dynamodb.createTables) {
            try (var client = dynamodb.client()) {
                LOG.info(
                        "created tables {}",
                        new TableProvisioner(client).ensureTables(config.dynamodb));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
            // No cluster-side checkpointing (MSF configures its own): use the job's setting.
            env.enableCheckpointing(config.job.checkpointInterval.toMillis());
        }
        MetricpipeJob job =
                new MetricpipeJob(
                        config,
                        KinesisCollectorSource.fromConfig(config.kinesis, config.decoding)
                                .setKeepRawJson(config.dynamodb.compatibilityEnabled)
                                .build(),
                        new DynamoDbOutputs(config.dynamodb, dynamodb));
        job.withAwsSources(AwsAccess.of(config.aws));
        job.build(env);
        env.execute(config.job.name);
    }
}
