package io.metricpipe.jobs;

import io.metricpipe.core.pipeline.ExecutionSettings;
import io.metricpipe.testing.DynamoDbLocal;
import io.metricpipe.testing.KinesisMock;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rig of every job ITCase: a MiniCluster with the demo's network settings, kinesis-mock and
 * DynamoDB Local, per test class.
 */
abstract class EmulatorITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(ExecutionSettings.localCluster())
                            .build());

    static KinesisMock kinesis;
    static DynamoDbLocal dynamodb;

    @BeforeAll
    static void startEmulators() throws Exception {
        kinesis = KinesisMock.start();
        dynamodb = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopEmulators() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
        if (dynamodb != null) {
            dynamodb.close();
        }
    }
}
