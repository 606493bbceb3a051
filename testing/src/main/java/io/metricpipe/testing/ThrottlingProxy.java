package io.metricpipe.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of an AWS JSON-protocol emulator (kinesis-mock, DynamoDB Local)
 * that throttles: every {@code n}th request of one operation is answered as an over-used shard or
 * table would be, with HTTP 400 and {@code ProvisionedThroughputExceededException}; everything else
 * is forwarded. The error is encoded as the request is (JSON, or CBOR for SDK v1's Kinesis client).
 */
public final class ThrottlingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "connection", "content-length", "transfer-encoding", "expect");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private final HttpServer server;
    private final String target;
    private final String operation;
    private volatile int every;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();

    /**
     * @param target base URL of the emulator, e.g. {@code http://127.0.0.1:4568}
     * @param operation the operation to throttle, e.g. {@code PutRecords}
     */
    public ThrottlingProxy(String target, String operation, int every) throws IOException {
        this.target = target;
        this.operation = operation;
        this.every = every;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on throttles every {@code n}th request of the operation; 0 forwards them all. */
    public void throttleEvery(int n) {
        every = n;
    }

    /** Requests answered as throttled so far. */
    public int throttled() {
        return throttled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (amzTarget != null
                && amzTarget.endsWith("." + operation)
                && every > 0
                && seen.incrementAndGet() % every == 0) {
            throttled.incrementAndGet();
            exchange.getResponseHeaders()
                    .add("x-amzn-ErrorType", "ProvisionedThroughputExceededException");
            // In the request's encoding, as AWS answers: the Kinesis connector's SDK speaks CBOR.
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean cbor = type != null && type.contains("cbor");
            exchange.getResponseHeaders()
                    .add("Content-Type", cbor ? type : "application/x-amz-json-1.1");
            Map<String, String> fields =
                    Map.of(
                            "__type", "ProvisionedThroughputExceededException",
                            "message", "Rate exceeded");
            byte[] error = (cbor ? CBOR : JSON).writeValueAsBytes(fields);
            exchange.sendResponseHeaders(400, error.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(error);
            }
            return;
        }
        HttpURLConnection c =
                (HttpURLConnection)
                        new URL(target + exchange.getRequestURI().toString()).openConnection();
        c.setRequestMethod(exchange.getRequestMethod());
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                for (String v : h.getValue()) {
                    c.addRequestProperty(h.getKey(), v);
                }
            }
        }
        if (body.length > 0) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        InputStream answer = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] bytes = answer == null ? new byte[0] : answer.readAllBytes();
        for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
            if (h.getKey() != null && !HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                h.getValue().forEach(v -> exchange.getResponseHeaders().add(h.getKey(), v));
            }
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
