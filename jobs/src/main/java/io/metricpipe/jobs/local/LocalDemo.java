package io.metricpipe.jobs.local;

import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.jobs.JobArguments;
import io.metricpipe.jobs.MetricpipeJob;
import io.metricpipe.jobs.config.ConfigLoader;
import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbConnection;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.kinesis.KinesisCollectorSource;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.KinesisMock;
import io.metricpipe.testing.Ports;
import io.metricpipe.testing.otlp.OtlpReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The README's first command. Starts kinesis-mock and DynamoDB Local, feeds a simulated fleet (5 VM
 * hosts, 2 flat-agent VMs, 2 web apps, app events, HTTP requests; one reboot, out-of-order events,
 * malformed records), runs the job on a local MiniCluster with the Web UI, and prints the
 * aggregates read back from DynamoDB. Stops after about 100 s ({@code --run-for} to change) unless
 * {@code --follow}; exits with status 1 when no aggregate reached DynamoDB by then.
 */
public final class LocalDemo {
    static final String STREAM = "collector-events";
    static final Duration RUN_FOR = Duration.ofSeconds(100);

    private LocalDemo() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        System.out.println("metricpipe demo: starting kinesis-mock and DynamoDB Local ...");
        try (KinesisMock kinesis = KinesisMock.start();
                DynamoDbLocal dynamodb = DynamoDbLocal.start();
                OtlpReceiver otlp = OtlpReceiver.grpc(Ports.free()).start();
                SimulatedAwsAccount aws = new SimulatedAwsAccount()) {
            MetricpipeConfig config = demoConfig(arguments, kinesis, dynamodb, otlp, aws);
            kinesis.createStream(config.kinesis.stream, 2);
            DynamoDbConnection connection =
                    DynamoDbConnection.of(config.dynamodb)
                            .withStaticCredentials(
                                    DynamoDbLocal.ACCESS_KEY, DynamoDbLocal.SECRET_KEY);
            new TableProvisioner(dynamodb.client()).ensureTables(config.dynamodb);

            long now = System.currentTimeMillis();
            Duration runFor = arguments.runFor != null ? arguments.runFor : RUN_FOR;
            PacedFeeder feeder =
                    PacedFeeder.startFleet(
                            kinesis,
                            config.kinesis.stream,
                            arguments.follow ? Duration.ofHours(24) : runFor);

            int uiPort = portOrFree(8081);
            Configuration flink = ExecutionSettings.localCluster();
            flink.set(RestOptions.PORT, uiPort);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(config.job.parallelism);
            env.enableCheckpointing(config.job.checkpointInterval.toMillis());
            MetricpipeJob metricpipe =
                    new MetricpipeJob(
                            config,
                            KinesisCollectorSource.fromConfig(config.kinesis, config.decoding)
                                    .setStaticCredentials(
                                            KinesisMock.ACCESS_KEY, KinesisMock.SECRET_KEY)
                                    .setKeepRawJson(config.dynamodb.compatibilityEnabled)
                                    .build(),
                            new DynamoDbOutputs(config.dynamodb, connection));
            metricpipe.withAwsSources(
                    AwsAccess.builder()
                            .configure(config.aws)
                            .staticCredentials("demo", "demo")
                            .build());
            metricpipe.build(env);
            JobClient job = env.executeAsync(config.job.name);
            System.out.printf(
                    "metricpipe demo: job %s running; Flink Web UI on http://localhost:%d%n",
                    job.getJobID(), uiPort);

            DemoReport report =
                    new DemoReport(
                            dynamodb,
                            config.dynamodb.aggregatesTable,
                            config.dynamodb.deadLettersTable,
                            config.dynamodb.alertsTable,
                            config.dynamodb.resourcesTable);
            boolean loopbackOtlp =
                    config.otlp.enabled && config.otlp.endpoint.equals(otlp.endpoint());
            if (config.otlp.enabled && !loopbackOtlp) {
                System.out.println("metricpipe demo: exporting OTLP to " + config.otlp.endpoint);
            }
            long stopAt = arguments.follow ? Long.MAX_VALUE : now + runFor.toMillis();
            int aggregates = 0;
            while (System.currentTimeMillis() < stopAt) {
                Thread.sleep(Math.min(20_000, Math.max(1, stopAt - System.currentTimeMillis())));
                System.out.printf("(%d records sent)", feeder.sent());
                aggregates = report.print(System.out);
                if (arguments.follow) {
                    report.printInventory(System.out);
                }
                if (loopbackOtlp) {
                    new OtlpReport(otlp).print(System.out);
                }
            }
            report.printInventory(System.out);
            job.cancel().get();
            feeder.stop();
            if (aggregates == 0) {
                System.out.println("metricpipe demo: FAILED, no aggregate reached DynamoDB.");
                System.exit(1);
            }
            System.out.println("metricpipe demo: done.");
        }
        System.exit(0);
    }

    private static MetricpipeConfig demoConfig(
            JobArguments arguments,
            KinesisMock kinesis,
            DynamoDbLocal dynamodb,
            OtlpReceiver otlp,
            SimulatedAwsAccount aws) {
        Map<String, String> demo = new LinkedHashMap<>();
        demo.put("kinesis.stream", STREAM);
        demo.put("kinesis.endpoint", kinesis.endpoint());
        demo.put("kinesis.region", KinesisMock.REGION);
        demo.put("kinesis.initialPosition", "TRIM_HORIZON");
        demo.put("windows.allowedLateness", "1m");
        demo.put("dynamodb.endpoint", dynamodb.endpoint());
        demo.put("dynamodb.region", DynamoDbLocal.REGION);
        demo.put("dynamodb.compatibilityEnabled", "true");
        // OTLP to a loopback receiver, unless the command line says otherwise.
        demo.put("otlp.enabled", "true");
        demo.put("otlp.protocol", "GRPC");
        demo.put("otlp.endpoint", otlp.endpoint());
        demo.put("otlp.maxTimeInBuffer", "1s");
        // CloudWatch of a simulated account, with the last 20 minutes backfilled, and its
        // resource inventory, refreshed every minute.
        demo.putAll(aws.config());
        demo.put("cloudwatch.enabled", "true");
        demo.put("cloudwatch.collectors", "ec2,rds,lambda");
        demo.put("inventory.enabled", "true");
        demo.put("inventory.refreshInterval", "1m");
        demo.put("cloudwatch.settleDelay", "1m");
        demo.put(
                "cloudwatch.backfillFrom",
                Instant.ofEpochMilli(System.currentTimeMillis())
                        .minus(Duration.ofMinutes(20))
                        .toString());
        demo.put(
                "alerts.rules",
                "[{\"name\":\"busy-cpu\",\"metric\":\"cpu.usage_percent\","
                        + "\"resourceType\":\"host\",\"statistic\":\"P95\","
                        + "\"comparison\":\"GreaterThanThreshold\",\"threshold\":50,"
                        + "\"evaluationPeriods\":3,\"datapointsToAlarm\":2}]");
        demo.putAll(arguments.overrides);
        return ConfigLoader.load(arguments.configFile, demo);
    }

    private static int portOrFree(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException taken) {
            return Ports.free();
        }
    }
}
