package io.metricpipe.jobs.replay;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the requests the stream throttled as a whole; the SDK's retry strategy sends them again.
 * (Records throttled inside a PutRecords answer are the {@link StreamWriter}'s to count.)
 */
final class ThrottleCounter implements ExecutionInterceptor {
    final AtomicLong throttled = new AtomicLong();

    @Override
    public void afterTransmission(
            Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        String error = context.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("");
        if (error.startsWith("ProvisionedThroughputExceeded")
                || error.startsWith("LimitExceeded")
                || error.startsWith("Throttling")) {
            throttled.incrementAndGet();
        }
    }
}
