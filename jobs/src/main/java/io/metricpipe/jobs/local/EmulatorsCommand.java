package io.metricpipe.jobs.local;

import io.metricpipe.sinks.dynamodb.DynamoDbSection;
import io.metricpipe.sinks.dynamodb.TableProvisioner;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.KinesisMock;
import java.time.Duration;

/**
 * {@code bin/emulators}: kinesis-mock and DynamoDB Local for a job on {@code bin/cluster}, with the
 * stream and the tables created, until Ctrl-C (or TERM) stops them. Prints the environment and the
 * {@code --set} lines the job needs. With {@code --feed} it also puts the demo's simulated fleet on
 * the stream, paced in real time, so the job has something to aggregate.
 */
public final class EmulatorsCommand {
    private EmulatorsCommand() {}

    public static void main(String[] args) throws Exception {
        boolean feed = false;
        for (String a : args) {
            if (a.equals("--feed")) {
                feed = true;
            } else {
                System.err.println("bin/emulators: unknown argument '" + a + "'; use --feed");
                System.exit(2);
            }
        }
        KinesisMock kinesis = KinesisMock.start();
        DynamoDbLocal dynamodb = DynamoDbLocal.start();
        // Ctrl-C and TERM end the JVM through its shutdown hooks: kinesis-mock is a node process
        // of its own, stopped here so that none is left behind.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    kinesis.close();
                                    try {
                                        dynamodb.close();
                                    } catch (Exception e) {
                                        System.err.println("stopping DynamoDB Local: " + e);
                                    }
                                }));
        kinesis.createStream(LocalDemo.STREAM, 2);
        DynamoDbSection tables = new DynamoDbSection();
        tables.compatibilityEnabled = true;
        new TableProvisioner(dynamodb.client()).ensureTables(tables);
        System.out.println(
                "emulators up. Start the cluster with these in its environment (bin/cluster"
                        + " start), then submit the job with these settings:\n"
                        + "  export AWS_ACCESS_KEY_ID="
                        + KinesisMock.ACCESS_KEY
                        + " AWS_SECRET_ACCESS_KEY="
                        + KinesisMock.SECRET_KEY
                        + "\n  bin/cluster submit"
                        + " --set kinesis.stream="
                        + LocalDemo.STREAM
                        + " --set kinesis.endpoint="
                        + kinesis.endpoint()
                        + " --set kinesis.region="
                        + KinesisMock.REGION
                        + " --set kinesis.initialPosition=TRIM_HORIZON"
                        + " --set dynamodb.endpoint="
                        + dynamodb.endpoint()
                        + " --set dynamodb.region="
                        + DynamoDbLocal.REGION
                        + " --set dynamodb.compatibilityEnabled=true");
        if (feed) {
            PacedFeeder.startFleet(kinesis, LocalDemo.STREAM, Duration.ofHours(24));
            System.out.println("feeding the simulated fleet to " + LocalDemo.STREAM);
        }
        System.out.println("Ctrl-C stops the emulators.");
        Thread.currentThread().join();
    }
}
