package io.metricpipe.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback CloudWatch that speaks the Smithy RPC v2 CBOR protocol of the AWS SDK 2.41.11 client:
 * {@code ListMetrics} and {@code GetMetricData}, paginated with {@code NextToken}. Its series are a
 * scenario's; every datapoint's value is a function of series and time, so a test can compute what
 * it should receive. Faults: throttling every n-th call, 5xx, access denied.
 */
public final class FakeCloudWatch implements AutoCloseable {
    /** One metric series: namespace, name and dimensions. */
    public static final class Series {
        public final String namespace;
        public final String metric;
        public final Map<String, String> dimensions;

        public Series(String namespace, String metric, Map<String, String> dimensions) {
            this.namespace = namespace;
            this.metric = metric;
            this.dimensions = new TreeMap<>(dimensions);
        }

        public String key() {
            return namespace + "/" + metric + dimensions;
        }

        /** The value of this series at {@code epochSecond} for {@code stat}: deterministic. */
        public double value(long epochSecond, String stat) {
            return Math.abs((key() + "@" + epochSecond + "/" + stat).hashCode() % 10_000) / 100.0;
        }
    }

    /** One GetMetricData call as received. */
    public static final class Call {
        public final String region;

        /** The access key that signed the call. */
        public final String accessKeyId;

        public final int queries;
        public final long startSecond;
        public final long endSecond;
        public final boolean paged;

        Call(String region, String accessKeyId, int queries, long start, long end, boolean paged) {
            this.region = region;
            this.accessKeyId = accessKeyId;
            this.queries = queries;
            this.startSecond = start;
            this.endSecond = end;
            this.paged = paged;
        }
    }

    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private final LoopbackServer server;
    private final List<Series> series = new CopyOnWriteArrayList<>();
    private final List<Call> getMetricDataCalls = new CopyOnWriteArrayList<>();
    private final List<String> assumedRoles = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Faults faults = new Faults();
    private volatile int listMetricsPageSize = 500;
    private volatile int datapointsPerPage = 100_800;

    private FakeCloudWatch() {
        this.server = new LoopbackServer(this::handle);
    }

    public static FakeCloudWatch start() {
        return new FakeCloudWatch();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public FakeCloudWatch addSeries(Series s) {
        series.add(s);
        return this;
    }

    public FakeCloudWatch listMetricsPageSize(int size) {
        listMetricsPageSize = size;
        return this;
    }

    /** Datapoints per GetMetricData response page; more are left for {@code NextToken}. */
    public FakeCloudWatch datapointsPerPage(int n) {
        datapointsPerPage = n;
        return this;
    }

    /** Every n-th request is answered with a throttling error; 0 for none. */
    public FakeCloudWatch throttleEvery(int n) {
        faults.throttleEvery(n);
        return this;
    }

    public FakeCloudWatch accessDenied(boolean on) {
        faults.accessDenied(on);
        return this;
    }

    /** Answers every call signed for {@code region} with AccessDenied. */
    public FakeCloudWatch accessDeniedIn(String region) {
        faults.accessDeniedIn(region);
        return this;
    }

    public FakeCloudWatch serverErrors(boolean on) {
        faults.serverErrors(on);
        return this;
    }

    /** Every answer waits this long first. */
    public FakeCloudWatch slowBy(long ms) {
        faults.slowBy(ms);
        return this;
    }

    /** Successful calls of an operation. */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The operations called successfully at least once. */
    public Set<String> operations() {
        return new TreeSet<>(calls.keySet());
    }

    /** Every request, failed ones included. */
    public int requests() {
        return faults.requests();
    }

    public List<Call> getMetricDataCalls() {
        return List.copyOf(getMetricDataCalls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!path.startsWith("/service/")) {
            assumeRole(exchange, new String(raw, StandardCharsets.UTF_8));
            return;
        }
        String operation = path.substring(path.lastIndexOf('/') + 1);
        JsonNode request = CBOR.readTree(raw);
        Faults.Fault fault = faults.next(exchange);
        if (fault == Faults.Fault.THROTTLED) {
            error(exchange, 400, "Throttling", "Rate exceeded");
            return;
        }
        if (fault == Faults.Fault.ACCESS_DENIED) {
            error(exchange, 400, "AccessDenied", "User is not authorized");
            return;
        }
        if (fault == Faults.Fault.SERVER_ERROR) {
            error(exchange, 500, "InternalFailure", "internal failure");
            return;
        }
        byte[] body;
        switch (operation) {
            case "ListMetrics":
                body = listMetrics(request);
                break;
            case "GetMetricData":
                body =
                        getMetricData(
                                request, Faults.region(exchange), Faults.accessKeyId(exchange));
                break;
            default:
                error(exchange, 400, "InvalidAction", operation);
                return;
        }
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        send(exchange, 200, body);
    }

    /**
     * STS {@code AssumeRole} (query protocol, XML answer): the credentials of a role are named
     * after its account, so a test can tell which role signed a call.
     */
    private void assumeRole(HttpExchange exchange, String form) throws IOException {
        Map<String, String> params = LoopbackServer.form(form);
        String roleArn = params.getOrDefault("RoleArn", "");
        assumedRoles.add(roleArn + " externalId=" + params.getOrDefault("ExternalId", ""));
        String account = roleArn.split(":").length > 4 ? roleArn.split(":")[4] : "unknown";
        String xml =
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleResult><Credentials>"
                        + "<AccessKeyId>"
                        + assumedKeyId(account)
                        + "</AccessKeyId>"
                        + "<SecretAccessKey>secret</SecretAccessKey>"
                        + "<SessionToken>token</SessionToken>"
                        + "<Expiration>"
                        + Instant.now().plusSeconds(3600)
                        + "</Expiration>"
                        + "</Credentials><AssumedRoleUser><Arn>"
                        + roleArn
                        + "/metricpipe</Arn>"
                        + "<AssumedRoleId>AROA:metricpipe</AssumedRoleId></AssumedRoleUser>"
                        + "</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId>"
                        + "</ResponseMetadata></AssumeRoleResponse>";
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** The access key id the fake STS hands out for a role in {@code account}. */
    public static String assumedKeyId(String account) {
        return "ASIA" + account;
    }

    /** Every AssumeRole call: the role ARN and the external id. */
    public List<String> assumedRoles() {
        return List.copyOf(assumedRoles);
    }

    private byte[] listMetrics(JsonNode request) throws IOException {
        String namespace = request.path("Namespace").asText(null);
        String metric = request.path("MetricName").asText(null);
        List<Series> matching = new ArrayList<>();
        for (Series s : series) {
            if ((namespace == null || namespace.equals(s.namespace))
                    && (metric == null || metric.equals(s.metric))) {
                matching.add(s);
            }
        }
        int from =
                request.has("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        int to = Math.min(matching.size(), from + listMetricsPageSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Metrics");
            for (Series s : matching.subList(from, to)) {
                g.writeStartObject();
                g.writeStringField("Namespace", s.namespace);
                g.writeStringField("MetricName", s.metric);
                g.writeArrayFieldStart("Dimensions");
                for (Map.Entry<String, String> d : s.dimensions.entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("Name", d.getKey());
                    g.writeStringField("Value", d.getValue());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (to < matching.size()) {
                g.writeStringField("NextToken", Integer.toString(to));
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private byte[] getMetricData(JsonNode request, String region, String accessKeyId)
            throws IOException {
        long start = (long) request.get("StartTime").asDouble();
        long end = (long) request.get("EndTime").asDouble();
        // The token is the number of datapoints already returned.
        long skip =
                request.has("NextToken") ? Long.parseLong(request.get("NextToken").asText()) : 0;
        JsonNode queries = request.get("MetricDataQueries");
        getMetricDataCalls.add(new Call(region, accessKeyId, queries.size(), start, end, skip > 0));
        long budget = datapointsPerPage;
        long seen = 0;
        boolean more = false;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("MetricDataResults");
            for (JsonNode q : queries) {
                JsonNode stat = q.get("MetricStat");
                JsonNode metric = stat.get("Metric");
                Map<String, String> dims = new TreeMap<>();
                for (JsonNode d : metric.path("Dimensions")) {
                    dims.put(d.get("Name").asText(), d.get("Value").asText());
                }
                Series s =
                        new Series(
                                metric.get("Namespace").asText(),
                                metric.get("MetricName").asText(),
                                dims);
                boolean known = series.stream().anyMatch(x -> x.key().equals(s.key()));
                long period = stat.get("Period").asLong();
                String statName = stat.get("Stat").asText();
                List<Long> times = new ArrayList<>();
                // Newest first, as CloudWatch returns by default.
                for (long t = (end - 1) / period * period; known && t >= start; t -= period) {
                    if (seen++ < skip) {
                        continue;
                    }
                    if (budget == 0) {
                        more = true;
                        break;
                    }
                    budget--;
                    times.add(t);
                }
                g.writeStartObject();
                g.writeStringField("Id", q.get("Id").asText());
                g.writeStringField("Label", s.metric);
                g.writeArrayFieldStart("Timestamps");
                for (long t : times) {
                    g.writeTag(1);
                    g.writeNumber((double) t);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("Values");
                for (long t : times) {
                    g.writeNumber(s.value(t, statName));
                }
                g.writeEndArray();
                g.writeStringField("StatusCode", more ? "PartialData" : "Complete");
                g.writeEndObject();
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("NextToken", Long.toString(skip + datapointsPerPage));
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void error(HttpExchange exchange, int status, String code, String message)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = (CBORGenerator) CBOR.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("__type", "com.amazonaws.cloudwatch#" + code);
            g.writeStringField("message", message);
            g.writeEndObject();
        }
        send(exchange, status, out.toByteArray());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/cbor");
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.close();
    }
}
