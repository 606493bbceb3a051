package io.metricpipe.testing.otlp;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** OTLP/gRPC: {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}. */
final class GrpcOtlpReceiver extends OtlpReceiver {
    private static final String SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";

    private static final MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse>
            EXPORT =
                    MethodDescriptor
                            .<ExportMetricsServiceRequest, ExportMetricsServiceResponse>newBuilder()
                            .setType(MethodDescriptor.MethodType.UNARY)
                            .setFullMethodName(
                                    MethodDescriptor.generateFullMethodName(SERVICE, "Export"))
                            .setRequestMarshaller(
                                    ProtoUtils.marshaller(
                                            ExportMetricsServiceRequest.getDefaultInstance()))
                            .setResponseMarshaller(
                                    ProtoUtils.marshaller(
                                            ExportMetricsServiceResponse.getDefaultInstance()))
                            .build();

    private Server server;

    /** Null for plaintext. */
    private final SelfSignedCertificate certificate;

    GrpcOtlpReceiver(int port, SelfSignedCertificate certificate) {
        super(port);
        this.certificate = certificate;
    }

    @Override
    public OtlpReceiver start() {
        ServerServiceDefinition service =
                ServerServiceDefinition.builder(SERVICE)
                        .addMethod(
                                EXPORT,
                                ServerCalls.asyncUnaryCall(
                                        (request, observer) -> {
                                            Answer answer = receive(request);
                                            if (answer.accepts()) {
                                                observer.onNext(response(answer));
                                                observer.onCompleted();
                                            } else {
                                                observer.onError(
                                                        Status.fromCode(answer.grpcCode)
                                                                .withDescription(answer.message)
                                                                .asRuntimeException());
                                            }
                                        }))
                        .build();
        // The request's metadata, as the HTTP receiver keeps its headers.
        ServerInterceptor headers =
                new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(
                            ServerCall<Q, R> call,
                            Metadata metadata,
                            ServerCallHandler<Q, R> next) {
                        Map<String, String> seen = new HashMap<>();
                        for (String key : metadata.keys()) {
                            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                                seen.put(
                                        key,
                                        metadata.get(
                                                Metadata.Key.of(
                                                        key, Metadata.ASCII_STRING_MARSHALLER)));
                            }
                        }
                        headers(seen);
                        return next.startCall(call, metadata);
                    }
                };
        try {
            server =
                    Grpc.newServerBuilderForPort(
                                    port,
                                    certificate == null
                                            ? InsecureServerCredentials.create()
                                            : TlsServerCredentials.newBuilder()
                                                    .keyManager(certificate.keyManagers())
                                                    .build())
                            .addService(ServerInterceptors.intercept(service, headers))
                            .build()
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public String endpoint() {
        return (certificate == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
