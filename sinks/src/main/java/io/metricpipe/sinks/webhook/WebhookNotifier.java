package io.metricpipe.sinks.webhook;

import io.metricpipe.core.model.AlertEvaluation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * POSTs one transition's {@link SlackMessage}. It never fails: every answer, error and timeout
 * becomes a {@link WebhookDelivery}, which Flink's async retry strategy retries while retryable
 * (see {@link WebhookNotifications}), so a webhook that is down never fails the job.
 */
public final class WebhookNotifier extends RichAsyncFunction<AlertEvaluation, WebhookDelivery> {
    private static final long serialVersionUID = 1L;
    private static final int DETAIL_CHARS = 200;

    private final SerializableSupplier<URI> target;
    private final Duration timeout;
    private transient URI url;
    private transient HttpClient client;
    private transient Counter posts;

    /**
     * @param target where to POST, resolved on the task manager (e.g. from its environment)
     */
    public WebhookNotifier(SerializableSupplier<URI> target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    /** The URL in the task manager's environment; an unset one fails at open. */
    public static SerializableSupplier<URI> fromEnvironment(WebhookSection config) {
        return () -> config.url(System.getenv());
    }

    @Override
    public void open(OpenContext context) {
        url = target.get();
        client = HttpClient.newBuilder().connectTimeout(timeout).build();
        posts = getRuntimeContext().getMetricGroup().counter("webhookPosts");
    }

    @Override
    public void asyncInvoke(AlertEvaluation transition, ResultFuture<WebhookDelivery> result) {
        posts.inc();
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(SlackMessage.of(transition)))
                        .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete(
                        (response, error) -> {
                            WebhookDelivery delivery;
                            if (error != null) {
                                delivery =
                                        new WebhookDelivery(
                                                transition,
                                                WebhookDelivery.Outcome.RETRYABLE,
                                                error.toString());
                            } else {
                                WebhookDelivery.Outcome outcome =
                                        WebhookDelivery.of(response.statusCode());
                                delivery =
                                        new WebhookDelivery(
                                                transition,
                                                outcome,
                                                outcome == WebhookDelivery.Outcome.DELIVERED
                                                        ? ""
                                                        : "HTTP "
                                                                + response.statusCode()
                                                                + ": "
                                                                + head(response.body()));
                            }
                            result.complete(List.of(delivery));
                        });
    }

    @Override
    public void timeout(AlertEvaluation transition, ResultFuture<WebhookDelivery> result) {
        result.complete(
                List.of(
                        new WebhookDelivery(
                                transition,
                                WebhookDelivery.Outcome.RETRYABLE,
                                "no answer within the time limit of every attempt")));
    }

    private static String head(String body) {
        return body.length() <= DETAIL_CHARS ? body : body.substring(0, DETAIL_CHARS) + "...";
    }
}
