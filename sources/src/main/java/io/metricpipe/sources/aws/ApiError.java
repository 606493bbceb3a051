package io.metricpipe.sources.aws;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The class of a failed AWS API call and what the source does about it (DESIGN §4.2). No class
 * fails the job.
 */
public enum ApiError {
    /** Back off with jitter and retry. */
    THROTTLING,
    /** Mark the collector DOWN and retry slowly. */
    CREDENTIALS,
    /** Retry with backoff. */
    NETWORK,
    /** Skip this cycle without moving the cursor. */
    SERVICE_5XX,
    /**
     * The endpoint does not speak the API (404 or 405 naming no missing resource, or an answer the
     * SDK cannot read): a configuration problem. Mark the collector DOWN, report it once, retry
     * slowly.
     */
    ENDPOINT,
    /** Log and continue. */
    UNKNOWN;

    private static final Set<String> CREDENTIAL_CODES =
            Set.of(
                    "AccessDenied",
                    "AccessDeniedException",
                    "AuthFailure",
                    "ExpiredToken",
                    "ExpiredTokenException",
                    "InvalidAccessKeyId",
                    "InvalidClientTokenId",
                    "MissingAuthenticationToken",
                    "SignatureDoesNotMatch",
                    "UnauthorizedOperation",
                    "UnrecognizedClientException");

    public static ApiError of(Throwable t) {
        Throwable e = t;
        while (e != null) {
            if (e instanceof AwsServiceException) {
                return ofService((AwsServiceException) e);
            }
            if (e instanceof ApiCallTimeoutException
                    || e instanceof ApiCallAttemptTimeoutException
                    || e instanceof IOException) {
                return NETWORK;
            }
            if (e instanceof AbortedException) {
                return UNKNOWN;
            }
            if (e instanceof SdkClientException && e.getMessage() != null) {
                if (e.getMessage().contains("credentials")) {
                    return CREDENTIALS; // no credentials could be loaded
                }
                if (e.getMessage().startsWith("Unable to unmarshall")) {
                    return ENDPOINT;
                }
            }
            e = e.getCause() == e ? null : e.getCause();
        }
        return UNKNOWN;
    }

    private static ApiError ofService(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (e.isThrottlingException()) {
            return THROTTLING;
        }
        if (code != null && CREDENTIAL_CODES.contains(code)
                || e.statusCode() == 401
                || e.statusCode() == 403) {
            return CREDENTIALS;
        }
        if (e.statusCode() >= 500) {
            return SERVICE_5XX;
        }
        if ((e.statusCode() == 404 || e.statusCode() == 405) && !namesMissingResource(code)) {
            return ENDPOINT;
        }
        return UNKNOWN;
    }

    /** An AWS error code for a resource that is not there (Lambda, S3 tagging answer 404 so). */
    private static boolean namesMissingResource(String code) {
        return code != null && (code.startsWith("NoSuch") || code.contains("NotFound"));
    }

    /**
     * How long to wait before the next attempt after {@code failures} failures in a row (DESIGN
     * §4.2): jittered and growing, slow for credentials, up to 5 minutes.
     */
    public long backoffMs(int failures) {
        long base;
        switch (this) {
            case CREDENTIALS:
            case ENDPOINT:
                base = 60_000;
                break;
            case THROTTLING:
                base = 1_000;
                break;
            case SERVICE_5XX:
            case NETWORK:
                base = 2_000;
                break;
            default:
                base = 5_000;
        }
        long capped = Math.min(300_000, base << Math.min(failures - 1, 8));
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }
}
