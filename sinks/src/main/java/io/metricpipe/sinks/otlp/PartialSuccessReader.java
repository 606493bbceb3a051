package io.metricpipe.sinks.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads the exporters' senders as usual and wraps them so that every successful answer is read for
 * {@code partial_success}, which the OpenTelemetry exporters ignore. Everything else (retries, TLS,
 * compression) stays the senders' own.
 */
final class PartialSuccessReader implements ComponentLoader {
    /** Told the number of rejected points and the receiver's message. */
    interface Listener {
        void rejected(long points, String message);
    }

    private final ComponentLoader delegate;
    private final Listener listener;

    PartialSuccessReader(ComponentLoader delegate, Listener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Iterable<T> load(Class<T> type) {
        List<T> loaded = new ArrayList<>();
        for (T provider : delegate.load(type)) {
            if (type == HttpSenderProvider.class) {
                loaded.add((T) http((HttpSenderProvider) provider));
            } else if (type == GrpcSenderProvider.class) {
                loaded.add((T) grpc((GrpcSenderProvider) provider));
            } else {
                loaded.add(provider);
            }
        }
        return loaded;
    }

    private HttpSenderProvider http(HttpSenderProvider provider) {
        return config -> {
            HttpSender sender = provider.createSender(config);
            return new HttpSender() {
                @Override
                public void send(
                        MessageWriter writer,
                        Consumer<HttpResponse> onResponse,
                        Consumer<Throwable> onError) {
                    sender.send(
                            writer,
                            response -> {
                                int status = response.getStatusCode();
                                if (status >= 200 && status < 300) {
                                    read(response.getResponseBody());
                                }
                                onResponse.accept(response);
                            },
                            onError);
                }

                @Override
                public CompletableResultCode shutdown() {
                    return sender.shutdown();
                }
            };
        };
    }

    private GrpcSenderProvider grpc(GrpcSenderProvider provider) {
        return config -> {
            GrpcSender sender = provider.createSender(config);
            return new GrpcSender() {
                @Override
                public void send(
                        MessageWriter writer,
                        Consumer<GrpcResponse> onResponse,
                        Consumer<Throwable> onError) {
                    sender.send(
                            writer,
                            response -> {
                                if (response.getStatusCode() == GrpcStatusCode.OK) {
                                    read(response.getResponseMessage());
                                }
                                onResponse.accept(response);
                            },
                            onError);
                }

                @Override
                public CompletableResultCode shutdown() {
                    return sender.shutdown();
                }
            };
        };
    }

    private void read(byte[] body) {
        if (body == null || body.length == 0) {
            return;
        }
        try {
            ExportMetricsServiceResponse response = ExportMetricsServiceResponse.parseFrom(body);
            if (response.hasPartialSuccess()) {
                ExportMetricsPartialSuccess partial = response.getPartialSuccess();
                if (partial.getRejectedDataPoints() > 0 || !partial.getErrorMessage().isEmpty()) {
                    listener.rejected(partial.getRejectedDataPoints(), partial.getErrorMessage());
                }
            }
        } catch (InvalidProtocolBufferException e) {
            // A JSON or empty body from a lenient receiver: nothing to count.
        }
    }
}
