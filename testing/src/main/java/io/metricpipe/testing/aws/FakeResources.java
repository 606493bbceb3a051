package io.metricpipe.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback AWS for the resource inventory, speaking each protocol of the AWS SDK 2.41.11 clients:
 * EC2 {@code DescribeInstances} and {@code DescribeVolumes} (EC2 query, XML), RDS {@code
 * DescribeDBInstances} and ELB {@code DescribeLoadBalancers} v2 and classic (query, XML), Lambda
 * {@code ListFunctions} (REST-JSON), S3 {@code ListBuckets} (REST-XML) and the tagging API's {@code
 * GetResources} (JSON 1.1). A scenario adds resources; {@link #pageSize} splits every answer into
 * pages; the {@link Faults} inject throttling, 5xx, access denied and slow answers. Requests are
 * routed by the service of their SigV4 credential scope, and the region there selects resources.
 */
public final class FakeResources implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";

    /** One resource of the scenario. */
    public static final class Resource {
        /** ec2, ebs, rds, s3, lambda, alb, nlb or elb (classic). */
        public final String kind;

        public final String region;
        public final String id;
        public final Map<String, String> tags;

        public Resource(String kind, String region, String id, Map<String, String> tags) {
            this.kind = kind;
            this.region = region;
            this.id = id;
            this.tags = new TreeMap<>(tags);
        }

        /** The ARN AWS gives this resource. */
        public String arn() {
            switch (kind) {
                case "ec2":
                    return "arn:aws:ec2:" + region + ":" + ACCOUNT + ":instance/" + id;
                case "ebs":
                    return "arn:aws:ec2:" + region + ":" + ACCOUNT + ":volume/" + id;
                case "rds":
                    return "arn:aws:rds:" + region + ":" + ACCOUNT + ":db:" + id;
                case "s3":
                    return "arn:aws:s3:::" + id;
                case "lambda":
                    return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + id;
                case "alb":
                case "nlb":
                    return "arn:aws:elasticloadbalancing:"
                            + region
                            + ":"
                            + ACCOUNT
                            + ":loadbalancer/"
                            + (kind.equals("alb") ? "app/" : "net/")
                            + id
                            + "/50dc6c495c0c9188";
                case "elb":
                    return "arn:aws:elasticloadbalancing:"
                            + region
                            + ":"
                            + ACCOUNT
                            + ":loadbalancer/"
                            + id;
                default:
                    throw new IllegalArgumentException(kind);
            }
        }

        /** The tagging API's resource type. */
        public String taggingType() {
            switch (kind) {
                case "ec2":
                    return "ec2:instance";
                case "ebs":
                    return "ec2:volume";
                case "rds":
                    return "rds:db";
                case "s3":
                    return "s3";
                case "lambda":
                    return "lambda:function";
                default:
                    return "elasticloadbalancing:loadbalancer";
            }
        }

        /** A private IP derived from the id, so a test can compute it too. */
        public String privateIp() {
            int h = id.hashCode() & 0xffff;
            return "10.0." + (h >> 8) + "." + (h & 0xff);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackServer server;
    private final Faults faults = new Faults();
    private final List<Resource> resources = new CopyOnWriteArrayList<>();
    private final List<Resource> taggedOnly = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pagedCalls = new ConcurrentHashMap<>();
    private volatile int pageSize = 1000;

    private FakeResources() {
        this.server = new LoopbackServer(this::handle);
    }

    public static FakeResources start() {
        return new FakeResources();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public FakeResources add(Resource r) {
        resources.add(r);
        return this;
    }

    public FakeResources remove(String id) {
        resources.removeIf(r -> r.id.equals(id));
        return this;
    }

    /**
     * A resource the tagging API still lists but no describe call knows: AWS keeps deleted
     * resources in the tagging API for a while.
     */
    public FakeResources taggedOnly(Resource r) {
        taggedOnly.add(r);
        return this;
    }

    /** At most this many items per answer, whatever the request asks for. */
    public FakeResources pageSize(int n) {
        pageSize = n;
        return this;
    }

    public Faults faults() {
        return faults;
    }

    /** Successful calls of an operation ({@code DescribeLoadBalancers} v2 and classic apart). */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** The operations called successfully at least once. */
    public Set<String> operations() {
        return new TreeSet<>(calls.keySet());
    }

    /** Successful calls of an operation that carried a pagination token. */
    public int pagedCalls(String operation) {
        AtomicInteger n = pagedCalls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String service = Faults.service(exchange);
        String region = Faults.region(exchange);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        Faults.Fault fault = faults.next(exchange);
        switch (service) {
            case "ec2":
            case "rds":
            case "elasticloadbalancing":
                query(
                        exchange,
                        service,
                        region,
                        LoopbackServer.form(new String(raw, StandardCharsets.UTF_8)),
                        fault);
                break;
            case "lambda":
                lambda(
                        exchange,
                        region,
                        LoopbackServer.form(exchange.getRequestURI().getRawQuery()),
                        fault);
                break;
            case "s3":
                s3(exchange, LoopbackServer.form(exchange.getRequestURI().getRawQuery()), fault);
                break;
            case "tagging":
                tagging(exchange, region, JSON.readTree(raw), fault);
                break;
            default:
                send(exchange, 400, "text/plain", "unknown service " + service);
        }
    }

    /**
     * A page of {@code all} after {@code token}: the items and the next token (null at the end).
     */
    private final class Page<T> {
        final List<T> items;
        final String next;

        Page(List<T> all, String token, String requestedMax) {
            int from = token == null || token.isEmpty() ? 0 : Integer.parseInt(token);
            int max = pageSize;
            if (requestedMax != null) {
                max = Math.min(max, Integer.parseInt(requestedMax));
            }
            int to = Math.min(all.size(), from + max);
            this.items = all.subList(from, to);
            this.next = to < all.size() ? Integer.toString(to) : null;
        }
    }

    private <T> Page<T> page(String operation, List<T> all, String token, String max) {
        calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (token != null && !token.isEmpty()) {
            pagedCalls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        }
        return new Page<>(all, token, max);
    }

    private List<Resource> of(String region, Predicate<Resource> kind) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : resources) {
            if (kind.test(r) && (r.region.equals(region) || r.kind.equals("s3"))) {
                out.add(r);
            }
        }
        return out;
    }

    private static Predicate<Resource> kind(String... kinds) {
        return r -> List.of(kinds).contains(r.kind);
    }

    // ---- EC2, RDS and ELB: query protocol, XML answers ----

    private void query(
            HttpExchange exchange,
            String service,
            String region,
            Map<String, String> p,
            Faults.Fault fault)
            throws IOException {
        String action = p.getOrDefault("Action", "");
        if (fault != null) {
            queryError(exchange, service, fault);
            return;
        }
        Xml x = new Xml();
        switch (action) {
            case "DescribeInstances":
                {
                    Page<Resource> page =
                            page(
                                    action,
                                    of(region, kind("ec2")),
                                    p.get("NextToken"),
                                    p.get("MaxResults"));
                    x.open(
                                    "DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"")
                            .el("requestId", "1")
                            .open("reservationSet");
                    for (Resource r : page.items) {
                        x.open("item").el("reservationId", "r-" + r.id).el("ownerId", ACCOUNT);
                        x.open("instancesSet").open("item");
                        x.el("instanceId", r.id).el("imageId", "ami-12345678");
                        x.open("instanceState")
                                .el("code", "16")
                                .el("name", "running")
                                .close("instanceState");
                        x.el(
                                "privateDnsName",
                                "ip-" + r.privateIp().replace('.', '-') + ".ec2.internal");
                        x.el("instanceType", "t3.micro");
                        x.open("placement").el("availabilityZone", region + "a").close("placement");
                        x.el("vpcId", "vpc-1").el("privateIpAddress", r.privateIp());
                        ec2Tags(x, r.tags);
                        x.close("item").close("instancesSet").close("item");
                    }
                    x.close("reservationSet").optional("nextToken", page.next);
                    x.close("DescribeInstancesResponse");
                    break;
                }
            case "DescribeVolumes":
                {
                    Page<Resource> page =
                            page(
                                    action,
                                    of(region, kind("ebs")),
                                    p.get("NextToken"),
                                    p.get("MaxResults"));
                    x.open(
                                    "DescribeVolumesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"")
                            .el("requestId", "1")
                            .open("volumeSet");
                    for (Resource r : page.items) {
                        x.open("item").el("volumeId", r.id).el("size", "100");
                        x.el("availabilityZone", region + "a").el("status", "in-use");
                        x.open("attachmentSet").open("item").el("volumeId", r.id);
                        x.el("instanceId", "i-" + r.id)
                                .el("device", "/dev/xvda")
                                .el("status", "attached");
                        x.close("item").close("attachmentSet");
                        x.el("volumeType", "gp3").el("iops", "3000");
                        ec2Tags(x, r.tags);
                        x.close("item");
                    }
                    x.close("volumeSet").optional("nextToken", page.next);
                    x.close("DescribeVolumesResponse");
                    break;
                }
            case "DescribeDBInstances":
                {
                    Page<Resource> page =
                            page(
                                    action,
                                    of(region, kind("rds")),
                                    p.get("Marker"),
                                    p.get("MaxRecords"));
                    x.open(
                                    "DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"")
                            .open("DescribeDBInstancesResult")
                            .optional("Marker", page.next)
                            .open("DBInstances");
                    for (Resource r : page.items) {
                        x.open("DBInstance").el("DBInstanceIdentifier", r.id);
                        x.el("DBInstanceClass", "db.t3.micro").el("Engine", "postgres");
                        x.el("DBInstanceStatus", "available");
                        x.open("Endpoint")
                                .el("Address", r.id + ".abc." + region + ".rds.amazonaws.com");
                        x.el("Port", "5432").close("Endpoint");
                        x.el("AvailabilityZone", region + "b").el("MultiAZ", "false");
                        x.el("EngineVersion", "16.3").el("DBInstanceArn", r.arn());
                        x.open("TagList");
                        r.tags.forEach(
                                (k, v) -> x.open("Tag").el("Key", k).el("Value", v).close("Tag"));
                        x.close("TagList").close("DBInstance");
                    }
                    x.close("DBInstances").close("DescribeDBInstancesResult");
                    x.open("ResponseMetadata").el("RequestId", "1").close("ResponseMetadata");
                    x.close("DescribeDBInstancesResponse");
                    break;
                }
            case "DescribeLoadBalancers":
                if ("2015-12-01".equals(p.get("Version"))) {
                    Page<Resource> page =
                            page(
                                    action,
                                    of(region, kind("alb", "nlb")),
                                    p.get("Marker"),
                                    p.get("PageSize"));
                    x.open(
                                    "DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"")
                            .open("DescribeLoadBalancersResult")
                            .open("LoadBalancers");
                    for (Resource r : page.items) {
                        x.open("member")
                                .el("LoadBalancerArn", r.arn())
                                .el("LoadBalancerName", r.id);
                        x.el("DNSName", r.id + "-1." + region + ".elb.amazonaws.com");
                        x.el("Scheme", "internet-facing").el("VpcId", "vpc-1");
                        x.open("State").el("Code", "active").close("State");
                        x.el("Type", r.kind.equals("alb") ? "application" : "network");
                        x.close("member");
                    }
                    x.close("LoadBalancers").optional("NextMarker", page.next);
                    x.close("DescribeLoadBalancersResult");
                    x.open("ResponseMetadata").el("RequestId", "1").close("ResponseMetadata");
                    x.close("DescribeLoadBalancersResponse");
                } else {
                    Page<Resource> page =
                            page(
                                    action + " (classic)",
                                    of(region, kind("elb")),
                                    p.get("Marker"),
                                    p.get("PageSize"));
                    x.open(
                                    "DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/\"")
                            .open("DescribeLoadBalancersResult")
                            .open("LoadBalancerDescriptions");
                    for (Resource r : page.items) {
                        x.open("member").el("LoadBalancerName", r.id);
                        x.el("DNSName", r.id + "-1." + region + ".elb.amazonaws.com");
                        x.el("Scheme", "internal").el("VPCId", "vpc-1");
                        x.open("Instances").open("member").el("InstanceId", "i-1").close("member");
                        x.close("Instances").close("member");
                    }
                    x.close("LoadBalancerDescriptions").optional("NextMarker", page.next);
                    x.close("DescribeLoadBalancersResult");
                    x.open("ResponseMetadata").el("RequestId", "1").close("ResponseMetadata");
                    x.close("DescribeLoadBalancersResponse");
                }
                break;
            default:
                send(
                        exchange,
                        400,
                        "text/xml",
                        "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>");
                return;
        }
        send(exchange, 200, "text/xml", x.toString());
    }

    private static void ec2Tags(Xml x, Map<String, String> tags) {
        x.open("tagSet");
        tags.forEach((k, v) -> x.open("item").el("key", k).el("value", v).close("item"));
        x.close("tagSet");
    }

    private static void queryError(HttpExchange exchange, String service, Faults.Fault fault)
            throws IOException {
        int status = fault == Faults.Fault.SERVER_ERROR ? 500 : 400;
        String code;
        if (service.equals("ec2")) {
            code =
                    fault == Faults.Fault.THROTTLED
                            ? "RequestLimitExceeded"
                            : fault == Faults.Fault.ACCESS_DENIED
                                    ? "UnauthorizedOperation"
                                    : "InternalError";
            status = fault == Faults.Fault.THROTTLED ? 503 : status;
            send(
                    exchange,
                    status,
                    "text/xml",
                    "<Response><Errors><Error><Code>"
                            + code
                            + "</Code><Message>fault</Message>"
                            + "</Error></Errors><RequestID>1</RequestID></Response>");
            return;
        }
        code =
                fault == Faults.Fault.THROTTLED
                        ? "Throttling"
                        : fault == Faults.Fault.ACCESS_DENIED ? "AccessDenied" : "InternalFailure";
        send(
                exchange,
                status,
                "text/xml",
                "<ErrorResponse><Error><Type>Sender</Type><Code>"
                        + code
                        + "</Code>"
                        + "<Message>fault</Message></Error><RequestId>1</RequestId></ErrorResponse>");
    }

    // ---- Lambda: REST-JSON ----

    private void lambda(
            HttpExchange exchange, String region, Map<String, String> q, Faults.Fault fault)
            throws IOException {
        if (fault != null) {
            String type =
                    fault == Faults.Fault.THROTTLED
                            ? "TooManyRequestsException"
                            : fault == Faults.Fault.ACCESS_DENIED
                                    ? "AccessDeniedException"
                                    : "ServiceException";
            int status =
                    fault == Faults.Fault.THROTTLED
                            ? 429
                            : fault == Faults.Fault.ACCESS_DENIED ? 403 : 500;
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", type);
            send(exchange, status, "application/json", "{\"message\":\"fault\",\"Type\":\"User\"}");
            return;
        }
        Page<Resource> page =
                page(
                        "ListFunctions",
                        of(region, kind("lambda")),
                        q.get("Marker"),
                        q.get("MaxItems"));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode functions = body.putArray("Functions");
        for (Resource r : page.items) {
            ObjectNode f = functions.addObject();
            f.put("FunctionName", r.id).put("FunctionArn", r.arn()).put("Runtime", "python3.12");
            f.put("Handler", "app.handler").put("MemorySize", 256).put("Timeout", 30);
            f.put("PackageType", "Zip").put("LastModified", "2026-11-01T10:00:00.000+0000");
        }
        if (page.next != null) {
            body.put("NextMarker", page.next);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    // ---- S3: REST-XML ----

    private void s3(HttpExchange exchange, Map<String, String> q, Faults.Fault fault)
            throws IOException {
        if (fault != null) {
            String code =
                    fault == Faults.Fault.THROTTLED
                            ? "SlowDown"
                            : fault == Faults.Fault.ACCESS_DENIED
                                    ? "AccessDenied"
                                    : "InternalError";
            int status = fault == Faults.Fault.ACCESS_DENIED ? 403 : 503;
            status = fault == Faults.Fault.SERVER_ERROR ? 500 : status;
            send(
                    exchange,
                    status,
                    "application/xml",
                    "<Error><Code>" + code + "</Code><Message>fault</Message></Error>");
            return;
        }
        String bucketRegion = q.get("bucket-region");
        List<Resource> buckets = new ArrayList<>();
        for (Resource r : resources) {
            if (r.kind.equals("s3") && (bucketRegion == null || bucketRegion.equals(r.region))) {
                buckets.add(r);
            }
        }
        Page<Resource> page =
                page("ListBuckets", buckets, q.get("continuation-token"), q.get("max-buckets"));
        Xml x = new Xml();
        x.open("ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"");
        x.open("Owner").el("ID", "owner").close("Owner").open("Buckets");
        for (Resource r : page.items) {
            x.open("Bucket").el("Name", r.id).el("CreationDate", "2025-01-02T03:04:05.000Z");
            x.el("BucketRegion", r.region).close("Bucket");
        }
        x.close("Buckets").optional("ContinuationToken", page.next);
        x.close("ListAllMyBucketsResult");
        send(exchange, 200, "application/xml", x.toString());
    }

    // ---- Resource Groups Tagging API: JSON 1.1 ----

    private void tagging(HttpExchange exchange, String region, JsonNode request, Faults.Fault fault)
            throws IOException {
        if (fault != null) {
            String type =
                    fault == Faults.Fault.THROTTLED
                            ? "ThrottledException"
                            : fault == Faults.Fault.ACCESS_DENIED
                                    ? "AccessDeniedException"
                                    : "InternalServiceException";
            int status = fault == Faults.Fault.SERVER_ERROR ? 500 : 400;
            send(
                    exchange,
                    status,
                    "application/x-amz-json-1.1",
                    "{\"__type\":\"" + type + "\",\"Message\":\"fault\"}");
            return;
        }
        List<String> types = new ArrayList<>();
        request.path("ResourceTypeFilters").forEach(t -> types.add(t.asText()));
        List<Map.Entry<String, Map<String, String>>> tagged = new ArrayList<>();
        List<Resource> known = new ArrayList<>(resources);
        known.addAll(taggedOnly);
        for (Resource r : known) {
            // Only resources that have tags are known to the tagging API.
            if (!r.tags.isEmpty()
                    && r.region.equals(region)
                    && (types.isEmpty() || types.contains(r.taggingType()))) {
                tagged.add(Map.entry(r.arn(), r.tags));
            }
        }
        String token = request.path("PaginationToken").asText(null);
        String max =
                request.has("ResourcesPerPage") ? request.get("ResourcesPerPage").asText() : null;
        Page<Map.Entry<String, Map<String, String>>> page =
                page("GetResources", tagged, token, max);
        ObjectNode body = JSON.createObjectNode();
        body.put("PaginationToken", page.next == null ? "" : page.next);
        ArrayNode list = body.putArray("ResourceTagMappingList");
        for (Map.Entry<String, Map<String, String>> e : page.items) {
            ObjectNode m = list.addObject();
            m.put("ResourceARN", e.getKey());
            ArrayNode tags = m.putArray("Tags");
            e.getValue().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A small XML writer for the answers above. */
    private static final class Xml {
        private final StringBuilder sb =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");

        Xml open(String tag) {
            sb.append('<').append(tag).append('>');
            return this;
        }

        Xml close(String tag) {
            sb.append("</").append(tag).append('>');
            return this;
        }

        Xml el(String tag, String text) {
            return open(tag).text(text).close(tag);
        }

        Xml optional(String tag, String text) {
            return text == null ? this : el(tag, text);
        }

        private Xml text(String text) {
            sb.append(
                    text.replace("&", "&amp;")
                            .replace("<", "&lt;")
                            .replace(">", "&gt;")
                            .replace("\"", "&quot;"));
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
