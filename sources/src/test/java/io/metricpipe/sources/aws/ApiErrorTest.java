package io.metricpipe.sources.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;

class ApiErrorTest {
    private static CloudWatchException service(int status, String code) {
        return (CloudWatchException)
                CloudWatchException.builder()
                        .statusCode(status)
                        .awsErrorDetails(
                                AwsErrorDetails.builder()
                                        .errorCode(code)
                                        .errorMessage(code)
                                        .build())
                        .build();
    }

    @Test
    void classifiesServiceErrors() {
        assertThat(ApiError.of(service(400, "Throttling"))).isEqualTo(ApiError.THROTTLING);
        assertThat(ApiError.of(service(429, "TooManyRequestsException")))
                .isEqualTo(ApiError.THROTTLING);
        assertThat(ApiError.of(service(400, "RequestLimitExceeded")))
                .isEqualTo(ApiError.THROTTLING);
        assertThat(ApiError.of(service(403, "AccessDenied"))).isEqualTo(ApiError.CREDENTIALS);
        assertThat(ApiError.of(service(400, "ExpiredToken"))).isEqualTo(ApiError.CREDENTIALS);
        assertThat(ApiError.of(service(400, "UnauthorizedOperation")))
                .isEqualTo(ApiError.CREDENTIALS);
        assertThat(ApiError.of(service(500, "InternalFailure"))).isEqualTo(ApiError.SERVICE_5XX);
        assertThat(ApiError.of(service(503, "ServiceUnavailable"))).isEqualTo(ApiError.SERVICE_5XX);
        assertThat(ApiError.of(service(400, "InvalidParameterValue"))).isEqualTo(ApiError.UNKNOWN);
    }

    /** A wrong URL, or a server that does not speak the API, is no outage: it is reported. */
    @Test
    void anEndpointThatDoesNotSpeakTheApiIsAConfigurationProblem() {
        assertThat(ApiError.of(service(404, null))).isEqualTo(ApiError.ENDPOINT);
        assertThat(ApiError.of(service(404, "Not Found"))).isEqualTo(ApiError.ENDPOINT);
        assertThat(ApiError.of(service(405, "MethodNotAllowed"))).isEqualTo(ApiError.ENDPOINT);
        assertThat(
                        ApiError.of(
                                SdkClientException.create(
                                        "Unable to unmarshall response (not CBOR)")))
                .isEqualTo(ApiError.ENDPOINT);
        // A 404 naming a missing resource is the API answering (Lambda, S3 tagging).
        assertThat(ApiError.of(service(404, "ResourceNotFoundException")))
                .isEqualTo(ApiError.UNKNOWN);
        assertThat(ApiError.of(service(404, "NoSuchTagSet"))).isEqualTo(ApiError.UNKNOWN);
    }

    @Test
    void classifiesClientSideErrors() {
        assertThat(
                        ApiError.of(
                                SdkClientException.create(
                                        "Unable to execute HTTP request",
                                        new ConnectException("refused"))))
                .isEqualTo(ApiError.NETWORK);
        assertThat(ApiError.of(new SocketTimeoutException("read"))).isEqualTo(ApiError.NETWORK);
        assertThat(ApiError.of(ApiCallTimeoutException.create(1000))).isEqualTo(ApiError.NETWORK);
        assertThat(
                        ApiError.of(
                                SdkClientException.create(
                                        "Unable to load credentials from any of the providers")))
                .isEqualTo(ApiError.CREDENTIALS);
        assertThat(ApiError.of(new IllegalStateException("?"))).isEqualTo(ApiError.UNKNOWN);
    }
}
