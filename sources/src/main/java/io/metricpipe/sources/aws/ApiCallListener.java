package io.metricpipe.sources.aws;

/** Told about every AWS API call the SDK made, retries included. */
public interface ApiCallListener {
    /** One call of {@code operation}: its attempts, of which {@code throttled} were throttled. */
    void called(String operation, int attempts, int throttled, boolean successful);
}
