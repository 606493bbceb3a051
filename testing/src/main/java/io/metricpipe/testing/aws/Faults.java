package io.metricpipe.testing.aws;

import com.sun.net.httpserver.HttpExchange;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a loopback AWS fake injects, decided per request: throttling every n-th request, 5xx,
 * access denied (everywhere or in some regions), slow responses. Also reads the SigV4 credential
 * scope (access key, region, service) of a request.
 */
public final class Faults {
    /** What a request gets instead of its answer. */
    public enum Fault {
        THROTTLED,
        ACCESS_DENIED,
        SERVER_ERROR
    }

    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> deniedRegions = ConcurrentHashMap.newKeySet();
    private volatile int throttleEvery;
    private volatile boolean accessDenied;
    private volatile boolean serverErrors;
    private volatile long delayMs;

    public void throttleEvery(int n) {
        throttleEvery = n;
    }

    public void accessDenied(boolean on) {
        accessDenied = on;
    }

    public void accessDeniedIn(String region) {
        deniedRegions.add(region);
    }

    public void serverErrors(boolean on) {
        serverErrors = on;
    }

    /** Every answer waits this long first. */
    public void slowBy(long ms) {
        delayMs = ms;
    }

    public int requests() {
        return requests.get();
    }

    /** Counts the request, applies the delay and says which fault it gets, or null for none. */
    public Fault next(HttpExchange exchange) {
        int n = requests.incrementAndGet();
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (throttleEvery > 0 && n % throttleEvery == 0) {
            return Fault.THROTTLED;
        }
        if (accessDenied || deniedRegions.contains(region(exchange))) {
            return Fault.ACCESS_DENIED;
        }
        return serverErrors ? Fault.SERVER_ERROR : null;
    }

    public static String accessKeyId(HttpExchange exchange) {
        return credential(exchange, 0);
    }

    public static String region(HttpExchange exchange) {
        return credential(exchange, 2);
    }

    /** The signing name of the service, e.g. {@code ec2}, {@code monitoring}, {@code tagging}. */
    public static String service(HttpExchange exchange) {
        return credential(exchange, 3);
    }

    private static String credential(HttpExchange exchange, int part) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.contains("Credential=")) {
            return "";
        }
        String[] scope = auth.substring(auth.indexOf("Credential=") + 11).split("[/,]");
        return scope.length > part ? scope[part] : "";
    }
}
