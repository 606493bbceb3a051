package io.metricpipe.sinks.dynamodb;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/** {@code dynamodb}: the output tables. */
public class DynamoDbSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public String region = "us-east-1";

    /** Endpoint override, e.g. {@code http://localhost:8000} for DynamoDB Local. */
    public String endpoint = "";

    public String aggregatesTable = "metricpipe-aggregates";
    public String deadLettersTable = "metricpipe-dead-letters";
    public String alertsTable = "metricpipe-alerts";
    public String resourcesTable = "metricpipe-resources";

    /**
     * Items expire this long after their window ends, or a resource after it is gone (TTL attribute
     * {@code expiresAt}).
     */
    public Duration ttl = Duration.ofDays(30);

    /** Also write each raw event like the Kinesis→Lambda processor did. */
    public boolean compatibilityEnabled = false;

    public String compatibilityTable = "analytics-data";

    /**
     * How long an item waits at most for a fuller batch (25 items) before it is written: the
     * latency a quiet stream adds to its results.
     */
    public Duration maxTimeInBuffer = Duration.ofSeconds(5);

    /** Create missing tables (with TTL) at startup. */
    public boolean createTables = false;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    public void validate(Problems p) {
        p.region("dynamodb.region", region);
        p.endpoint("dynamodb.endpoint", endpoint);
        p.require("dynamodb.aggregatesTable", aggregatesTable, TABLE_NAME, "a table name");
        p.require("dynamodb.deadLettersTable", deadLettersTable, TABLE_NAME, "a table name");
        p.require("dynamodb.compatibilityTable", compatibilityTable, TABLE_NAME, "a table name");
        p.require("dynamodb.alertsTable", alertsTable, TABLE_NAME, "a table name");
        p.require("dynamodb.resourcesTable", resourcesTable, TABLE_NAME, "a table name");
        p.positive("dynamodb.ttl", ttl);
        p.positive("dynamodb.maxTimeInBuffer", maxTimeInBuffer);
    }
}
