package io.metricpipe.core.aggregate;

import io.metricpipe.core.model.MetricStats;

/**
 * The per-second rate of a counter over a window, with Prometheus' {@code rate()} extrapolation:
 * the observed increase is extrapolated towards the window edges (by at most half a sample interval
 * when the series does not reach them, and never below zero), then divided by the window length.
 * Fewer than two samples, or samples at one instant, give no rate (NaN).
 */
public final class CounterRate {
    private CounterRate() {}

    public static double of(MetricStats counter, long windowStart, long windowEnd) {
        if (counter.count < 2 || counter.lastTimestamp <= counter.firstTimestamp) {
            return Double.NaN;
        }
        double result = counter.increase;
        double durationToStart = (counter.firstTimestamp - windowStart) / 1000.0;
        double durationToEnd = (windowEnd - counter.lastTimestamp) / 1000.0;
        double sampledInterval = (counter.lastTimestamp - counter.firstTimestamp) / 1000.0;
        double averageBetweenSamples = sampledInterval / (counter.count - 1);
        double threshold = averageBetweenSamples * 1.1;

        if (durationToStart >= threshold) {
            durationToStart = averageBetweenSamples / 2;
        }
        if (result > 0 && counter.first >= 0) {
            double durationToZero = sampledInterval * (counter.first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageBetweenSamples / 2;
        }
        double extrapolated = sampledInterval + durationToStart + durationToEnd;
        return result * (extrapolated / sampledInterval) / ((windowEnd - windowStart) / 1000.0);
    }
}
