package io.metricpipe.testing.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * OTLP/HTTP with protobuf bodies on {@code /v1/metrics}, on a JDK {@link HttpServer}, or an {@link
 * HttpsServer} when given a TLS context.
 */
final class HttpOtlpReceiver extends OtlpReceiver {
    private final SSLContext tls;
    private HttpServer server;

    HttpOtlpReceiver(int port, SSLContext tls) {
        super(port);
        this.tls = tls;
    }

    @Override
    public OtlpReceiver start() {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/metrics", this::handle);
        server.start();
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach(
                            (k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            headers(headers);
            InputStream body = exchange.getRequestBody();
            if ("gzip"
                    .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            Answer answer = receive(ExportMetricsServiceRequest.parseFrom(body));
            if (!answer.accepts()) {
                exchange.sendResponseHeaders(answer.httpStatus, -1);
                return;
            }
            byte[] bytes = response(answer).toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public String endpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/v1/metrics";
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
