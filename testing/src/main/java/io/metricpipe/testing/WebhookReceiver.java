package io.metricpipe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

    private final HttpServer server;
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();

    private WebhookReceiver(ToIntFunction<JsonNode> status) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/hook",
                exchange -> {
                    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    posts.add(body);
                    int code = status.applyAsInt(body);
                    byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(code, answer.length);
                    exchange.getResponseBody().write(answer);
                    exchange.close();
                });
        server.start();
    }

    public static WebhookReceiver start() {
        return start(body -> 200);
    }

    public static WebhookReceiver start(ToIntFunction<JsonNode> status) {
        return new WebhookReceiver(status);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Every body received, in order, answered or not. */
    public List<JsonNode> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
