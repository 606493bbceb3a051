package io.metricpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Loopback port and child-process helpers for the emulators. */
public final class Ports {
    private Ports() {}

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something accepts connections on the port, or fails after the timeout. */
    public static void awaitOpen(int port, Duration timeout, Process process) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(
                        "process exited with "
                                + process.exitValue()
                                + " before opening port "
                                + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + timeout);
    }

    /** This JVM's {@code java} command, to run another JVM (an emulator, a Flink process). */
    public static String javaCommand() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts an emulator as a child process, its output appended to {@code <tmp>/metricpipe/<log>},
     * killed when this JVM exits, and waits until it listens on {@code port}.
     */
    public static Process startChild(ProcessBuilder pb, String log, int port, Duration timeout)
            throws IOException {
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "metricpipe");
        Files.createDirectories(dir);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
        Process process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        awaitOpen(port, timeout, process);
        return process;
    }

    /** Stops an emulator's child process: politely, then by force after ten seconds. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
