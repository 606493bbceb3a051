package io.metricpipe.bench;

import io.metricpipe.jobs.config.MetricpipeConfig;
import io.metricpipe.sinks.dynamodb.DynamoDbConnection;
import io.metricpipe.sinks.dynamodb.DynamoDbOutputs;
import io.metricpipe.testing.DynamoDbLocal;

/** The job's DynamoDB outputs, reaching DynamoDB Local with its credentials. */
final class LocalOutputs {
    private LocalOutputs() {}

    static DynamoDbOutputs dynamodb(MetricpipeConfig config) {
        return new DynamoDbOutputs(
                config.dynamodb,
                DynamoDbConnection.of(config.dynamodb)
                        .withStaticCredentials(DynamoDbLocal.ACCESS_KEY, DynamoDbLocal.SECRET_KEY));
    }
}
