package io.metricpipe.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Adobe S3Mock as a child process on a free plain-HTTP port, its objects in a temporary folder. The
 * build copies its executable jar to {@code testing/target/s3mock/}. S3Mock checks no signatures,
 * so any credentials do.
 */
public final class S3Mock implements AutoCloseable {
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private S3Mock(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts S3Mock with the given buckets. */
    public static S3Mock start(String... buckets) throws IOException {
        Path jar =
                RepositoryFiles.locate(
                        "testing/target/s3mock/s3mock-exec.jar",
                        "S3Mock is not there; build the testing module ('mvn install')");
        Path root = Files.createTempDirectory("s3mock");
        int plain = Ports.free();
        ProcessBuilder pb =
                new ProcessBuilder(
                        Ports.javaCommand(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--com.adobe.testing.s3mock.domain.initialBuckets="
                                + String.join(",", buckets),
                        "--com.adobe.testing.s3mock.domain.root=" + root,
                        "--com.adobe.testing.s3mock.httpPort=" + plain,
                        "--server.port=" + Ports.free(),
                        "--logging.level.root=WARN");
        Process process = Ports.startChild(pb, "s3mock.log", plain, Duration.ofSeconds(90));
        return new S3Mock(process, plain);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The Flink options that point its S3 file system ({@code flink-s3-fs-hadoop}) here, as a user
     * sets them for any S3-compatible store. S3A's change detection is off: S3Mock answers a ranged
     * GET without the ETag S3A compares.
     */
    public Map<String, String> flinkOptions() {
        return Map.of(
                "s3.endpoint",
                endpoint(),
                "s3.path.style.access",
                "true",
                "s3.access-key",
                ACCESS_KEY,
                "s3.secret-key",
                SECRET_KEY,
                "s3.change.detection.mode",
                "none");
    }

    /** Writes an object. */
    public void put(String bucket, String key, byte[] content) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "/" + key))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "PUT " + key + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Ports.stop(process);
    }
}
