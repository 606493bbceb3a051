package io.metricpipe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricpipe.testing.aws.LoopbackServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * A loopback webhook, as Slack's: it records the JSON body of every POST, in order, and answers
 * with the status its function gives for the body (200 for all by default).
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackServer server;
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();

    private WebhookReceiver(ToIntFunction<JsonNode> status) {
        server =
                new LoopbackServer(
                        exchange -> {
                            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                            posts.add(body);
                            int code = status.applyAsInt(body);
                            byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
                            exchange.sendResponseHeaders(code, answer.length);
                            exchange.getResponseBody().write(answer);
                        });
    }

    public static WebhookReceiver start() {
        return start(body -> 200);
    }

    public static WebhookReceiver start(ToIntFunction<JsonNode> status) {
        return new WebhookReceiver(status);
    }

    public URI url() {
        return server.endpoint().resolve("/hook");
    }

    /** Every body received, in order, answered or not. */
    public List<JsonNode> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.close();
    }
}
