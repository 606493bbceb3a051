package io.metricpipe.sources.aws;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code aws}: the accounts and regions the polling sources read, and how they reach AWS. */
public class AwsSection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The services an endpoint can be overridden for ({@link #endpoints}). */
    public static final List<String> SERVICES =
            List.of(
                    "cloudwatch",
                    "sts",
                    "ec2",
                    "rds",
                    "s3",
                    "lambda",
                    "elasticloadbalancing",
                    "tagging");

    /** Account ids; the credentials (or the assumed role) must reach each. */
    public List<String> accounts = new ArrayList<>();

    public List<String> regions = new ArrayList<>();

    /**
     * Role to assume in each account via STS, with {@code {account}} for the account id, e.g.
     * {@code arn:aws:iam::{account}:role/metricpipe-reader}; empty to read every account with the
     * default credential chain.
     */
    public String assumeRoleArn = "";

    /** External id for the assumed roles; empty for none. */
    public String externalId = "";

    /** Endpoint override for every service and region, e.g. a local fake; empty for AWS. */
    public String endpoint = "";

    /** Endpoint overrides per service, as {@code service=url}; they win over {@link #endpoint}. */
    public List<String> endpoints = new ArrayList<>();

    /** Attempts per API call, with the SDK's standard retry strategy. */
    public int maxAttempts = 5;

    /**
     * Failures in a row (after the SDK's attempts) that open the circuit breaker of an account and
     * region; while it is open, that scope's calls wait instead of failing again.
     */
    public int circuitBreakerFailures = 5;

    /** How long an open circuit breaker refuses calls before one probe call is let through. */
    public Duration circuitBreakerOpenFor = Duration.ofSeconds(60);

    private static final Pattern ROLE_TEMPLATE =
            Pattern.compile("arn:aws[a-z-]*:iam::(\\{account\\}|\\d{12}):role/[\\w+=,.@/-]+");

    /**
     * @param polling whether a polling source is enabled, which needs accounts and regions
     */
    public void validate(Problems p, boolean polling) {
        if (polling && accounts.isEmpty()) {
            p.add(
                    "aws.accounts",
                    "at least one account is required when cloudwatch or inventory is enabled");
        }
        for (int i = 0; i < accounts.size(); i++) {
            p.accountId("aws.accounts[" + i + "]", accounts.get(i));
        }
        if (polling && regions.isEmpty()) {
            p.add(
                    "aws.regions",
                    "at least one region is required when cloudwatch or inventory is enabled");
        }
        for (int i = 0; i < regions.size(); i++) {
            p.region("aws.regions[" + i + "]", regions.get(i));
        }
        p.matches(
                "aws.assumeRoleArn",
                assumeRoleArn,
                ROLE_TEMPLATE,
                "a role ARN such as arn:aws:iam::{account}:role/metricpipe");
        p.endpoint("aws.endpoint", endpoint);
        for (int i = 0; i < endpoints.size(); i++) {
            String key = "aws.endpoints[" + i + "]";
            String entry = endpoints.get(i);
            int eq = entry.indexOf('=');
            String service = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!SERVICES.contains(service)) {
                p.add(key, "'" + entry + "' is not service=url with a service of " + SERVICES);
            } else {
                p.endpoint(key, entry.substring(eq + 1).trim());
            }
        }
        p.between("aws.maxAttempts", maxAttempts, 1, 10, "");
        p.between("aws.circuitBreakerFailures", circuitBreakerFailures, 1, 100, "");
        p.positive("aws.circuitBreakerOpenFor", circuitBreakerOpenFor);
    }
}
