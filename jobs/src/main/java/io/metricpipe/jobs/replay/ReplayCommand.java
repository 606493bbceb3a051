package io.metricpipe.jobs.replay;

import io.metricpipe.core.config.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * {@code bin/replay}: puts an archive on a Kinesis stream, in event-time order per partition key,
 * at a multiple of real time or as fast as the stream takes, with a progress bar and a summary.
 * Credentials come from the default chain.
 */
public final class ReplayCommand {
    private static final String USAGE =
            "usage: bin/replay --stream NAME [--endpoint URL] [--region REGION]"
                    + " [--speed max|Nx] [--disorder 5m] PATH...";

    /**
     * Throttled requests again after 0.1 s doubling to 5 s; a replay pushes on through a busy
     * stream.
     */
    private static final StandardRetryStrategy RETRIES =
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(10)
                    .throttlingBackoffStrategy(
                            BackoffStrategy.exponentialDelay(
                                    Duration.ofMillis(100), Duration.ofSeconds(5)))
                    .circuitBreakerEnabled(false)
                    .build();

    final String stream;
    final String endpoint;
    final String region;

    /** Event time per wall-clock time; 0 for as fast as the stream takes. */
    final double speed;

    final Duration disorder;
    final List<Path> paths;

    ReplayCommand(String[] args) {
        String stream = null;
        String endpoint = "";
        String region = "us-east-1";
        double speed = 0;
        Duration disorder = Duration.ofMinutes(5);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": needs a value\n" + USAGE);
            }
            switch (a) {
                case "--stream":
                    stream = args[++i];
                    break;
                case "--endpoint":
                    endpoint = args[++i];
                    break;
                case "--region":
                    region = args[++i];
                    break;
                case "--speed":
                    speed = speed(args[++i]);
                    break;
                case "--disorder":
                    disorder = Durations.parse(args[++i]);
                    break;
                default:
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException(a + ": unknown option\n" + USAGE);
                    }
                    paths.add(Path.of(a));
            }
        }
        if (stream == null || paths.isEmpty()) {
            throw new IllegalArgumentException(
                    "--stream and at least one PATH are required\n" + USAGE);
        }
        this.stream = stream;
        this.endpoint = endpoint;
        this.region = region;
        this.speed = speed;
        this.disorder = disorder;
        this.paths = paths;
    }

    private static double speed(String value) {
        if (value.equals("max")) {
            return 0;
        }
        try {
            double x =
                    Double.parseDouble(
                            value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
            if (x > 0) {
                return x;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(
                "--speed: '" + value + "' is not max or a positive multiple such as 10x");
    }

    public static void main(String[] args) throws Exception {
        ReplayCommand command;
        try {
            command = new ReplayCommand(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Summary summary = command.run(true);
        System.out.println(summary);
        System.exit(summary.failed == 0 && summary.unreadable.isEmpty() ? 0 : 1);
    }

    /** What a replay did. */
    static final class Summary {
        long events;
        long sent;
        long throttled;
        long retried;
        long failed;
        List<Path> unreadable = List.of();

        @Override
        public String toString() {
            return String.format(
                    "replayed %d events: sent %d, throttled %d (all sent again: %d retries), failed %d%s",
                    events,
                    sent,
                    throttled,
                    retried,
                    failed,
                    unreadable.isEmpty() ? "" : "; unreadable from some point on: " + unreadable);
        }
    }

    Summary run(boolean showProgress) throws Exception {
        ArchiveEvents events = new ArchiveEvents(paths, disorder.toMillis());
        ThrottleCounter requestsThrottled = new ThrottleCounter();
        KinesisClientBuilder builder =
                KinesisClient.builder()
                        .region(Region.of(region))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(RETRIES)
                                                .addExecutionInterceptor(requestsThrottled));
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        Summary summary = new Summary();
        long totalBytes = events.totalBytes();
        try (KinesisClient kinesis = builder.build();
                ProgressBar progress = progressBar(totalBytes, showProgress)) {
            StreamWriter writer = new StreamWriter(kinesis, stream, 10);
            Pacer pacer = new Pacer(speed);
            events.forEach(
                    e -> {
                        try {
                            pacer.await(e.eventTime, writer);
                            writer.write(e);
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted");
                        }
                        summary.events++;
                        if (summary.events % 500 == 0) {
                            progress.stepTo(events.bytesRead());
                            progress.setExtraMessage(message(summary.events, e.eventTime));
                        }
                    });
            writer.flush();
            progress.stepTo(totalBytes);
            summary.unreadable = events.unreadable();
            summary.sent = writer.sent;
            // A throttled request is sent again whole by the SDK: each of its records is retried.
            summary.throttled = writer.throttled + requestsThrottled.throttled.get();
            summary.retried = writer.retried + requestsThrottled.throttled.get();
            summary.failed = writer.failed;
        }
        return summary;
    }

    private static String message(long events, long eventTime) {
        return events + " events, at " + Instant.ofEpochMilli(eventTime);
    }

    private static ProgressBar progressBar(long totalBytes, boolean show) {
        ProgressBarBuilder b =
                new ProgressBarBuilder()
                        .setTaskName("replay")
                        .setInitialMax(totalBytes)
                        .setUnit(" MB", 1 << 20)
                        .showSpeed()
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500);
        if (!show) {
            b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> {}));
        }
        return b.build();
    }

    /** Holds events back to a multiple of real time; at "max", not at all. */
    private static final class Pacer {
        private final double speed;
        private long firstEventTime = Long.MIN_VALUE;
        private long startNanos;

        Pacer(double speed) {
            this.speed = speed;
        }

        void await(long eventTime, StreamWriter writer) throws InterruptedException {
            if (speed == 0) {
                return;
            }
            if (firstEventTime == Long.MIN_VALUE) {
                firstEventTime = eventTime;
                startNanos = System.nanoTime();
                return;
            }
            long dueNanos = startNanos + (long) ((eventTime - firstEventTime) * 1e6 / speed);
            long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
            if (waitMs > 0) {
                writer.flush(); // what is due goes out before the wait
                Thread.sleep(waitMs);
            }
        }
    }
}
