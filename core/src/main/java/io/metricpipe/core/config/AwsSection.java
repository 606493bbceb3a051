package io.metricpipe.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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
}
