package io.metricpipe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback port in front of another, for outages: until {@link #listen} nothing listens (clients
 * get "connection refused"); then every connection is either closed at once, as by a service that
 * is down behind its load balancer, or forwarded to the target port ({@link #forward}). It notes
 * the {@code X-Amz-Target} of every request it forwards ({@link #targets}): the API operations a
 * client of a JSON or CBOR AWS protocol (Kinesis, DynamoDB) called through it.
 */
public final class TcpForwarder implements AutoCloseable {
    private static final Pattern TARGET =
            Pattern.compile("(?i)\r\nX-Amz-Target:\\s*([A-Za-z0-9_.]+)");

    private final int port;
    private final int target;
    private volatile ServerSocket server;
    private volatile boolean forwarding;
    private final Set<String> targets = new ConcurrentSkipListSet<>();

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
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the target refused: the client's connection ends
            }
        }
    }

    /** The {@code X-Amz-Target} header values of the requests forwarded so far. */
    public Set<String> targets() {
        return new TreeSet<>(targets);
    }

    private void pump(Socket from, Socket to, boolean requests) {
        Thread t =
                new Thread(
                        () -> {
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                byte[] buffer = new byte[16 * 1024];
                                String tail = "";
                                for (int n; (n = in.read(buffer)) >= 0; ) {
                                    out.write(buffer, 0, n);
                                    out.flush();
                                    if (requests) {
                                        // A header may straddle two reads: keep the last bytes.
                                        String text =
                                                tail
                                                        + new String(
                                                                buffer,
                                                                0,
                                                                n,
                                                                StandardCharsets.ISO_8859_1);
                                        Matcher m = TARGET.matcher(text);
                                        while (m.find()) {
                                            targets.add(m.group(1));
                                        }
                                        tail = text.substring(Math.max(0, text.length() - 256));
                                    }
                                }
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
