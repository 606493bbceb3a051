package io.metricpipe.testing.otlp;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    GrpcOtlpReceiver(int port) {
        super(port);
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
        try {
            server =
                    Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                            .addService(service)
                            .build()
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
