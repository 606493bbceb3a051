package io.metricpipe.core.config;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed configuration of the job. One section per component; the same object comes from a YAML
 * file with CLI overrides or from MSF runtime property groups ({@link ConfigLoader}). {@link
 * #validate()} runs once at startup and reports every problem with its key.
 */
public class MetricpipeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    private static final Pattern STATISTIC =
            Pattern.compile(
                    "SampleCount|Average|Sum|Minimum|Maximum|IQM|(p|tm|wm|tc|ts)\\d{1,2}(\\.\\d+)?|p100");
    private static final Pattern ROLE_TEMPLATE =
            Pattern.compile("arn:aws[a-z-]*:iam::(\\{account\\}|\\d{12}):role/[\\w+=,.@/-]+");
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public JobSection job = new JobSection();
    public KinesisSection kinesis = new KinesisSection();
    public DecodingSection decoding = new DecodingSection();
    public WindowsSection windows = new WindowsSection();
    public DynamoDbSection dynamodb = new DynamoDbSection();
    public OtlpSection otlp = new OtlpSection();
    public AlertsSection alerts = new AlertsSection();
    public AwsSection aws = new AwsSection();

    public CloudWatchSection cloudwatch = new CloudWatchSection();

    public InventorySection inventory = new InventorySection();

    private static final List<String> STATE_BACKENDS = List.of("hashmap", "rocksdb");

    /**
     * @throws ConfigException listing every invalid key
     */
    public MetricpipeConfig validate() {
        List<String> p = new ArrayList<>();

        positive(p, "job.parallelism", job.parallelism);
        positive(p, "job.checkpointInterval", job.checkpointInterval);
        if (!job.stateBackend.isEmpty() && !STATE_BACKENDS.contains(job.stateBackend)) {
            p.add("job.stateBackend: '" + job.stateBackend + "' is not one of " + STATE_BACKENDS);
        }
        if (!job.checkpointDir.isEmpty()
                && !job.checkpointDir.startsWith("file://")
                && !job.checkpointDir.startsWith("s3://")) {
            p.add("job.checkpointDir: '" + job.checkpointDir + "' must be a file:// or s3:// URI");
        }

        require(p, "kinesis.stream", kinesis.stream, STREAM_NAME, "a Kinesis stream name");
        region(p, "kinesis.region", kinesis.region);
        endpoint(p, "kinesis.endpoint", kinesis.endpoint);
        if (kinesis.initialPosition == KinesisSection.InitialPosition.AT_TIMESTAMP) {
            if (kinesis.atTimestamp.isEmpty()) {
                p.add("kinesis.atTimestamp: required when kinesis.initialPosition is AT_TIMESTAMP");
            } else {
                try {
                    Instant.parse(kinesis.atTimestamp);
                } catch (DateTimeParseException e) {
                    p.add(
                            "kinesis.atTimestamp: '"
                                    + kinesis.atTimestamp
                                    + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
                }
            }
        }
        if (kinesis.efo && kinesis.efoConsumerName.isEmpty()) {
            p.add("kinesis.efoConsumerName: required when kinesis.efo is true");
        }
        positive(p, "kinesis.idleShardInterval", kinesis.idleShardInterval);
        notNegative(p, "kinesis.maxOutOfOrderness", kinesis.maxOutOfOrderness);
        positive(p, "kinesis.pollInterval", kinesis.pollInterval);

        if (decoding.maxRecordBytes <= 0 || decoding.maxRecordBytes > (1 << 20)) {
            p.add(
                    "decoding.maxRecordBytes: must be between 1 and 1048576 (the Kinesis limit), got "
                            + decoding.maxRecordBytes);
        }
        notNegative(p, "decoding.maxFutureSkew", decoding.maxFutureSkew);
        if (decoding.deadLetterPayloadChars < 64 || decoding.deadLetterPayloadChars > 100_000) {
            p.add(
                    "decoding.deadLetterPayloadChars: must be between 64 and 100000 so a dead"
                            + " letter fits a DynamoDB item, got "
                            + decoding.deadLetterPayloadChars);
        }

        windowSizes(p);
        notNegative(p, "windows.allowedLateness", windows.allowedLateness);

        region(p, "dynamodb.region", dynamodb.region);
        endpoint(p, "dynamodb.endpoint", dynamodb.endpoint);
        require(
                p,
                "dynamodb.aggregatesTable",
                dynamodb.aggregatesTable,
                TABLE_NAME,
                "a table name");
        require(
                p,
                "dynamodb.deadLettersTable",
                dynamodb.deadLettersTable,
                TABLE_NAME,
                "a table name");
        require(
                p,
                "dynamodb.compatibilityTable",
                dynamodb.compatibilityTable,
                TABLE_NAME,
                "a table name");
        require(p, "dynamodb.alertsTable", dynamodb.alertsTable, TABLE_NAME, "a table name");
        require(p, "dynamodb.resourcesTable", dynamodb.resourcesTable, TABLE_NAME, "a table name");
        positive(p, "dynamodb.ttl", dynamodb.ttl);

        otlp(p);
        alerts(p);
        aws(p);
        cloudwatch(p);
        inventory(p);

        if (!p.isEmpty()) {
            throw new ConfigException(p);
        }
        return this;
    }

    private void otlp(List<String> p) {
        endpoint(p, "otlp.endpoint", otlp.endpoint);
        if (otlp.protocol == OtlpSection.Protocol.HTTP
                && !otlp.endpoint.isEmpty()
                && !otlp.endpoint.endsWith("/v1/metrics")) {
            p.add(
                    "otlp.endpoint: '"
                            + otlp.endpoint
                            + "' must end with /v1/metrics for the HTTP protocol");
        }
        if (!otlp.trustedCertificates.isEmpty()
                && !Files.isReadable(Path.of(otlp.trustedCertificates))) {
            p.add("otlp.trustedCertificates: cannot read '" + otlp.trustedCertificates + "'");
        }
        if (!otlp.headersEnv.isEmpty() && !ENV_NAME.matcher(otlp.headersEnv).matches()) {
            p.add("otlp.headersEnv: '" + otlp.headersEnv + "' is not an environment variable name");
        }
        positive(p, "otlp.timeout", otlp.timeout);
        if (otlp.maxAttempts < 1 || otlp.maxAttempts > 5) {
            // The OpenTelemetry exporters accept at most 5 attempts per call.
            p.add("otlp.maxAttempts: must be between 1 and 5, got " + otlp.maxAttempts);
        }
        positive(p, "otlp.maxBatchSize", otlp.maxBatchSize);
        positive(p, "otlp.maxInFlightRequests", otlp.maxInFlightRequests);
        if (otlp.maxBufferedRequests < otlp.maxBatchSize) {
            p.add(
                    "otlp.maxBufferedRequests: must be at least otlp.maxBatchSize ("
                            + otlp.maxBatchSize
                            + "), got "
                            + otlp.maxBufferedRequests);
        }
        positive(p, "otlp.maxTimeInBuffer", otlp.maxTimeInBuffer);
        if (!otlp.cloudAccountId.isEmpty() && !ACCOUNT_ID.matcher(otlp.cloudAccountId).matches()) {
            p.add(
                    "otlp.cloudAccountId: '"
                            + otlp.cloudAccountId
                            + "' is not a 12-digit AWS account id");
        }
        if (!otlp.cloudRegion.isEmpty()) {
            region(p, "otlp.cloudRegion", otlp.cloudRegion);
        }
    }

    private void aws(List<String> p) {
        AwsSection a = aws;
        boolean polling = cloudwatch.enabled || inventory.enabled;
        if (polling && a.accounts.isEmpty()) {
            p.add(
                    "aws.accounts: at least one account is required when cloudwatch or inventory is enabled");
        }
        for (int i = 0; i < a.accounts.size(); i++) {
            if (!ACCOUNT_ID.matcher(a.accounts.get(i)).matches()) {
                p.add(
                        "aws.accounts["
                                + i
                                + "]: '"
                                + a.accounts.get(i)
                                + "' is not a 12-digit AWS account id");
            }
        }
        if (polling && a.regions.isEmpty()) {
            p.add(
                    "aws.regions: at least one region is required when cloudwatch or inventory is enabled");
        }
        for (int i = 0; i < a.regions.size(); i++) {
            region(p, "aws.regions[" + i + "]", a.regions.get(i));
        }
        if (!a.assumeRoleArn.isEmpty() && !ROLE_TEMPLATE.matcher(a.assumeRoleArn).matches()) {
            p.add(
                    "aws.assumeRoleArn: '"
                            + a.assumeRoleArn
                            + "' is not a role ARN such as arn:aws:iam::{account}:role/metricpipe");
        }
        endpoint(p, "aws.endpoint", a.endpoint);
        for (int i = 0; i < a.endpoints.size(); i++) {
            String key = "aws.endpoints[" + i + "]";
            String entry = a.endpoints.get(i);
            int eq = entry.indexOf('=');
            String service = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!AwsSection.SERVICES.contains(service)) {
                p.add(
                        key
                                + ": '"
                                + entry
                                + "' is not service=url with a service of "
                                + AwsSection.SERVICES);
            } else {
                endpoint(p, key, entry.substring(eq + 1).trim());
            }
        }
        if (a.maxAttempts < 1 || a.maxAttempts > 10) {
            p.add("aws.maxAttempts: must be between 1 and 10, got " + a.maxAttempts);
        }
    }

    private void inventory(List<String> p) {
        InventorySection v = inventory;
        if (v.enabled && v.services.isEmpty()) {
            p.add("inventory.services: at least one service is required when enabled");
        }
        for (int i = 0; i < v.services.size(); i++) {
            if (!InventorySection.SERVICES.contains(v.services.get(i))) {
                p.add(
                        "inventory.services["
                                + i
                                + "]: unknown service '"
                                + v.services.get(i)
                                + "' (known: "
                                + InventorySection.SERVICES
                                + ")");
            }
        }
        positive(p, "inventory.refreshInterval", v.refreshInterval);
        if (!(v.maxCallsPerSecond > 0)) {
            p.add("inventory.maxCallsPerSecond: must be positive, got " + v.maxCallsPerSecond);
        }
    }

    private void cloudwatch(List<String> p) {
        CloudWatchSection c = cloudwatch;
        if (c.enabled && c.collectors.isEmpty()) {
            p.add("cloudwatch.collectors: at least one collector is required when enabled");
        }
        for (int i = 0; i < c.collectors.size(); i++) {
            if (!CloudWatchSection.COLLECTORS.contains(c.collectors.get(i))) {
                p.add(
                        "cloudwatch.collectors["
                                + i
                                + "]: unknown collector '"
                                + c.collectors.get(i)
                                + "' (known: "
                                + CloudWatchSection.COLLECTORS
                                + ")");
            }
        }
        for (int i = 0; i < c.overrides.size(); i++) {
            collectorOverride(p, "cloudwatch.overrides[" + i + "]", c.overrides.get(i));
        }
        notNegative(p, "cloudwatch.settleDelay", c.settleDelay);
        if (!c.backfillFrom.isEmpty()) {
            try {
                Instant.parse(c.backfillFrom);
            } catch (DateTimeParseException e) {
                p.add(
                        "cloudwatch.backfillFrom: '"
                                + c.backfillFrom
                                + "' is not an ISO-8601 instant");
            }
        }
        positive(p, "cloudwatch.maxPeriodsPerFetch", c.maxPeriodsPerFetch);
        if (!(c.maxCallsPerSecond > 0)) {
            p.add("cloudwatch.maxCallsPerSecond: must be positive, got " + c.maxCallsPerSecond);
        }
    }

    private static void collectorOverride(List<String> p, String key, CollectorOverride o) {
        if (o == null || o.collector == null || o.collector.isEmpty()) {
            p.add(key + ".collector: required");
            return;
        }
        boolean custom = !CloudWatchSection.COLLECTORS.contains(o.collector);
        if (custom
                && (o.namespace.isEmpty()
                        || o.dimensions.isEmpty()
                        || o.metrics.isEmpty()
                        || o.period == null)) {
            p.add(
                    key
                            + ": '"
                            + o.collector
                            + "' is not a default collector, so namespace, dimensions, metrics and"
                            + " period are all required");
        }
        if (o.period != null && (o.period.getSeconds() < 60 || o.period.getSeconds() % 60 != 0)) {
            p.add(key + ".period: must be a whole number of minutes, got " + o.period);
        }
        for (int m = 0; m < o.metrics.size(); m++) {
            CollectorOverride.Metric metric = o.metrics.get(m);
            String mkey = key + ".metrics[" + m + "]";
            if (metric.name.isEmpty()) {
                p.add(mkey + ".name: required");
            }
            if (metric.statistics.isEmpty()) {
                p.add(mkey + ".statistics: at least one statistic is required");
            }
            for (String stat : metric.statistics) {
                if (!STATISTIC.matcher(stat).matches()) {
                    p.add(
                            mkey
                                    + ".statistics: '"
                                    + stat
                                    + "' is not a CloudWatch statistic (SampleCount, Average, Sum,"
                                    + " Minimum, Maximum, pNN, tmNN, wmNN, tcNN, tsNN, IQM)");
                }
            }
        }
    }

    private void alerts(List<String> p) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < alerts.rules.size(); i++) {
            AlertRule r = alerts.rules.get(i);
            String key = "alerts.rules[" + i + "]";
            if (r == null) {
                p.add(key + ": must be a rule");
                continue;
            }
            if (!RULE_NAME.matcher(r.name).matches()) {
                p.add(
                        key
                                + ".name: '"
                                + r.name
                                + "' must be 1-64 letters, digits, '.', '_' or '-'");
            } else if (!names.add(r.name)) {
                p.add(key + ".name: '" + r.name + "' is used by an earlier rule");
            }
            if (r.metric == null || r.metric.isEmpty()) {
                p.add(key + ".metric: required");
            }
            if (!Double.isFinite(r.threshold)) {
                p.add(key + ".threshold: required, a finite number");
            }
            if (r.period == null || !windows.sizes.contains(r.period)) {
                p.add(
                        key
                                + ".period: "
                                + r.period
                                + " must be one of windows.sizes "
                                + windows.sizes);
            }
            if (r.evaluationPeriods < 1 || r.evaluationPeriods > 100) {
                p.add(
                        key
                                + ".evaluationPeriods: must be between 1 and 100, got "
                                + r.evaluationPeriods);
            }
            if (r.datapointsToAlarm < 1 || r.datapointsToAlarm > r.evaluationPeriods) {
                p.add(
                        key
                                + ".datapointsToAlarm: must be between 1 and evaluationPeriods ("
                                + r.evaluationPeriods
                                + "), got "
                                + r.datapointsToAlarm);
            }
        }
    }

    private void windowSizes(List<String> p) {
        List<Duration> sizes = windows.sizes;
        if (sizes == null || sizes.isEmpty()) {
            p.add("windows.sizes: at least one window size is required");
            return;
        }
        for (int i = 0; i < sizes.size(); i++) {
            Duration s = sizes.get(i);
            String key = "windows.sizes[" + i + "]";
            if (s == null || s.toMillis() <= 0) {
                p.add(key + ": must be a positive duration");
            } else if (i > 0 && sizes.get(i - 1) != null && s.compareTo(sizes.get(i - 1)) <= 0) {
                p.add(key + ": sizes must be listed in ascending order without repeats");
            } else if (i > 0 && s.toMillis() % sizes.get(0).toMillis() != 0) {
                p.add(
                        key
                                + ": "
                                + s
                                + " is not a multiple of the base size "
                                + sizes.get(0)
                                + "; roll-ups are merged from base windows");
            } else if (86_400_000L % s.toMillis() != 0 && s.toMillis() % 86_400_000L != 0) {
                p.add(key + ": must divide a day or be whole days, so windows align to the epoch");
            }
        }
    }

    private static void positive(List<String> p, String key, int value) {
        if (value <= 0) {
            p.add(key + ": must be positive, got " + value);
        }
    }

    private static void positive(List<String> p, String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            p.add(key + ": must be a positive duration, got " + value);
        }
    }

    private static void notNegative(List<String> p, String key, Duration value) {
        if (value == null || value.isNegative()) {
            p.add(key + ": must not be negative, got " + value);
        }
    }

    private static void require(
            List<String> p, String key, String value, Pattern pattern, String what) {
        if (value == null || value.isEmpty()) {
            p.add(key + ": required");
        } else if (!pattern.matcher(value).matches()) {
            p.add(key + ": '" + value + "' is not " + what);
        }
    }

    private static void region(List<String> p, String key, String value) {
        require(p, key, value, REGION, "an AWS region such as us-east-1");
    }

    private static void endpoint(List<String> p, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                    || uri.getHost() == null) {
                p.add(
                        key
                                + ": '"
                                + value
                                + "' must be an http(s) URL such as http://localhost:4567");
            }
        } catch (IllegalArgumentException e) {
            p.add(key + ": '" + value + "' is not a URL");
        }
    }
}
