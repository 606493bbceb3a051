package io.metricpipe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback port in front of another, for outages: until {@link #listen} nothing listens (clients
 * get "connection refused"); then every connection is either closed at once, as by a service that
 * is down behind its load balancer, or forwarded to the target port ({@link #forward}).
 */
public final class TcpForwarder implements AutoCloseable {
    private final int port;
    private final int target;
    private volatile ServerSocket server;
    private volatile boolean forwarding;

    public TcpForwarder(int port, int target) {
        this.port = port;
        this.target = target;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Listens, closing every connection at once until {@link #forward} is called. */
    public synchronized void listen() throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-forwarder-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    /** From now on, forwards every new connection to the target port. */
    public void forward() {
        forwarding = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!forwarding) {
                    client.setSoLinger(true, 0); // a reset, not an orderly close
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client's connection ends
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t =
                new Thread(
                        () -> {
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                in.transferTo(out);
                            } catch (IOException e) {
                                // either side closed
                            } finally {
                                try {
                                    from.close();
                                    to.close();
                                } catch (IOException ignored) {
                                    // already closed
                                }
                            }
                        },
                        "tcp-forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
