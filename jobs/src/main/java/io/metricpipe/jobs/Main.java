package io.metricpipe.jobs;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.metricpipe.core.config.ConfigException;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbConnection;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.analytics.AnalyticsTableSource;
import io.metricpipe.sources.archive.ArchiveSource;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the shaded jar ({@code flink run}, REST submission, MSF). Reads and validates the
 * configuration before anything starts, optionally creates the tables, and runs the job. AWS access
 * uses the default credential chain.
 *
 * <p>On Amazon Managed Service for Apache Flink the configuration is the application's runtime
 * property groups ({@code KinesisAnalyticsRuntime.getApplicationProperties()}) and nothing else;
 * the service owns parallelism, checkpointing and the state backend. Anywhere else it comes from
 * {@code --config} and {@code --set}, and the {@code job} section's state backend, checkpoint
 * directory and interval apply.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    /** The configuration and where it came from. */
    static final class Launch {
        final MetricpipeConfig config;
        final boolean onMsf;
        final boolean createTables;

        Launch(MetricpipeConfig config, boolean onMsf, boolean createTables) {
            if (config.webhook.enabled) {
                // The URL comes from the environment, not the config: checked at start-up here.
                config.webhook.url(System.getenv());
            }
            this.config = config;
            this.onMsf = onMsf;
            this.createTables = createTables;
        }
    }

    /**
     * @param msfGroups the MSF runtime property groups; empty anywhere but on MSF
     */
    static Launch launch(String[] args, Map<String, Properties> msfGroups) {
        if (msfGroups.isEmpty()) {
            JobArguments arguments = JobArguments.parse(args);
            MetricpipeConfig config = ConfigLoader.load(arguments.configFile, arguments.overrides);
            return new Launch(
                    config, false, arguments.createTables || config.dynamodb.createTables);
        }
        if (args.length > 0) {
            throw new ConfigException(
                    String.join(" ", args),
                    "on MSF the configuration comes from the application's property groups only;"
                            + " set it there");
        }
        MetricpipeConfig config = ConfigLoader.fromPropertyGroups(msfGroups);
        return new Launch(config, true, config.dynamodb.createTables);
    }

    /**
     * A bounded replay of the archive files or the analytics-data table the {@code archive} section
     * names, else the stream.
     */
    static CollectorEvents collectorEvents(MetricpipeConfig config) {
        boolean raw = config.dynamodb.compatibilityEnabled;
        if (!config.archive.table.isEmpty()) {
            return CollectorEvents.table(
                    AnalyticsTableSource.builder()
                            .setTable(config.archive.table)
                            .setSegments(config.archive.segments)
                            .setRegion(config.dynamodb.region)
                            .setEndpoint(config.dynamodb.endpoint)
                            .setDecoderSettings(config.decoding.decoderSettings())
                            .setKeepRawJson(raw)
                            .build());
        }
        if (config.archive.enabled()) {
            return CollectorEvents.archive(
                    ArchiveSource.fromConfig(config.archive, config.decoding)
                            .setKeepRawJson(raw)
                            .build(),
                    config.kinesis.maxOutOfOrderness);
        }
        return CollectorEvents.kinesis(
                KinesisCollectorSource.fromConfig(config.kinesis, config.decoding)
                        .setKeepRawJson(raw)
                        .build(),
                config.kinesis.stream);
    }

    public static void main(String[] args) throws Exception {
        Launch launch = launch(args, KinesisAnalyticsRuntime.getApplicationProperties());
        MetricpipeConfig config = launch.config;
        LOG.info(
                "metricpipe configuration ({}):\n{}",
                launch.onMsf ? "MSF property groups" : "file and command line",
                ConfigLoader.toYaml(config));

        DynamoDbConnection dynamodb = DynamoDbConnection.of(config.dynamodb);
        if (launch.createTables) {
            try (var client = dynamodb.client()) {
                LOG.info(
                        "created tables {}",
                        new TableProvisioner(client).ensureTables(config.dynamodb));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!launch.onMsf) {
            env.configure(config.job.stateAndCheckpoints());
            if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
                // The cluster configures no checkpointing: use the job's setting.
                env.enableCheckpointing(config.job.checkpointInterval.toMillis());
            }
        }
        MetricpipeJob job =
                new MetricpipeJob(
                        config,
                        collectorEvents(config),
                        new DynamoDbOutputs(config.dynamodb, dynamodb));
        job.withAwsSources(AwsAccess.of(config.aws));
        job.build(env);
        env.execute(config.job.name);
    }
}
