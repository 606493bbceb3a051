package io.metricpipe.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.core.model.AlertEvaluation;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.testing.WebhookReceiver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alert transitions through the webhook operator on a MiniCluster, against a loopback webhook that
 * answers by rule: {@code flaky} gets two 503s and then 200, {@code refused} a 400, {@code down}
 * 503 every time, {@code fine} 200. The flaky one is delivered on its third attempt; the refused
 * one becomes a dead letter at once, the one that is down after its last attempt; the posts are in
 * the transitions' order; each message is Slack's JSON.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebhookNotificationsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void retriesWhatMayPassAndDeadLettersWhatDoesNot() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        try (WebhookReceiver webhook =
                WebhookReceiver.start(
                        body -> {
                            String rule = rule(body);
                            int attempt =
                                    attempts.computeIfAbsent(rule, k -> new AtomicInteger())
                                            .incrementAndGet();
                            switch (rule) {
                                case "flaky":
                                    return attempt <= 2 ? 503 : 200;
                                case "refused":
                                    return 400;
                                case "down":
                                    return 503;
                                default:
                                    return 200;
                            }
                        })) {
            URI url = webhook.url();
            WebhookSection config = new WebhookSection();
            config.maxAttempts = 3;
            config.initialBackoff = Duration.ofMillis(50);
            config.maxBackoff = Duration.ofMillis(200);
            config.timeout = Duration.ofSeconds(5);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            List<DeadLetter> deadLetters = new ArrayList<>();
            CloseableIterator<DeadLetter> out =
                    WebhookNotifications.deliver(
                                    env.addSource(new Transitions())
                                            .returns(TypeInformation.of(AlertEvaluation.class)),
                                    config,
                                    () -> url)
                            .collectAsync();
            JobClient job = env.executeAsync("webhook");
            try {
                deadLetters.add(out.next());
                deadLetters.add(out.next());
                // The last transition follows the one that is down, in order; its delivery is
                // counted once its answer is in.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (counter(job.getJobID(), "webhookDelivered") < 2
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                out.close();
                job.cancel().get();
            }

            assertThat(webhook.posts())
                    .extracting(WebhookNotificationsITCase::rule)
                    .containsExactly(
                            "flaky", "flaky", "flaky", "refused", "down", "down", "down", "fine");
            deadLetters.sort(Comparator.comparing(d -> d.position));
            assertThat(deadLetters).extracting(d -> d.reason).containsOnly("webhook_failed");
            assertThat(deadLetters)
                    .extracting(d -> d.position)
                    .containsExactly(
                            "down/arn:aws:ec2:us-east-1:123456789012:instance/i-1@180000",
                            "refused/arn:aws:ec2:us-east-1:123456789012:instance/i-1@120000");
            assertThat(deadLetters.get(0).detail).isEqualTo("RETRYABLE: HTTP 503: answer 503");
            assertThat(deadLetters.get(1).detail).isEqualTo("REFUSED: HTTP 400: answer 400");
            assertThat(JSON.readTree(deadLetters.get(0).payload).get("text").asText())
                    .startsWith("[ALARM] down on arn:aws:ec2");
            assertThat(counter(job.getJobID(), "deadLetters.webhook_failed")).isEqualTo(2);
            assertThat(counter(job.getJobID(), "webhookDelivered")).isEqualTo(2);

            JsonNode first = webhook.posts().get(0);
            assertThat(first.get("text").asText())
                    .isEqualTo(
                            "[ALARM] flaky on arn:aws:ec2:us-east-1:123456789012:instance/i-1:"
                                    + " 3 of the last 3 datapoints were > 80.0");
            assertThat(first.at("/attachments/0/color").asText()).isEqualTo("danger");
        }
    }

    private static String rule(JsonNode body) {
        return body.at("/attachments/0/title").asText().split(" ")[0];
    }

    private static long counter(JobID job, String name) {
        return REPORTER.findMetrics(job, name).values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    /** Four transitions, then nothing until cancelled: retries stop when an input ends. */
    private static final class Transitions implements SourceFunction<AlertEvaluation> {
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<AlertEvaluation> ctx) throws Exception {
            String[] rules = {"flaky", "refused", "down", "fine"};
            for (int i = 0; i < rules.length; i++) {
                ctx.collect(transition(rules[i], (i + 1) * 60_000L));
            }
            while (running) {
                Thread.sleep(100);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    static AlertEvaluation transition(String rule, long periodEnd) {
        AlertEvaluation e = new AlertEvaluation();
        e.rule = rule;
        e.resourceKey = "arn:aws:ec2:us-east-1:123456789012:instance/i-1";
        e.resourceType = "ec2";
        e.periodStart = periodEnd - 60_000;
        e.periodEnd = periodEnd;
        e.previousState = AlertEvaluation.OK;
        e.state = AlertEvaluation.ALARM;
        e.value = 93.5;
        e.threshold = 80.0;
        e.breaching = 3;
        e.evaluationPeriods = 3;
        e.reason = "3 of the last 3 datapoints were > 80.0";
        return e;
    }
}
