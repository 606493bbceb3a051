package io.metricpipe.sources.aws;

import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Reads the AWS SDK's own call metrics: one collection per API call, with a child per attempt whose
 * error type says whether the service throttled it. Throttled attempts that the SDK's retry
 * strategy absorbed are counted too.
 */
public final class SdkCallPublisher implements MetricPublisher {
    private final ApiCallListener listener;

    public SdkCallPublisher(ApiCallListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(MetricCollection call) {
        String operation =
                call.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("unknown");
        boolean successful =
                call.metricValues(CoreMetric.API_CALL_SUCCESSFUL).stream()
                        .findFirst()
                        .orElse(false);
        int attempts = 0;
        int throttled = 0;
        for (MetricCollection attempt : call.children()) {
            if (!"ApiCallAttempt".equals(attempt.name())) {
                continue;
            }
            attempts++;
            if (attempt.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling")) {
                throttled++;
            }
        }
        listener.called(operation, attempts, throttled, successful);
    }

    @Override
    public void close() {}
}
