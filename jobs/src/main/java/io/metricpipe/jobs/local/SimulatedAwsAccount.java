package io.metricpipe.jobs.local;

import io.metricpipe.testing.aws.FakeCloudWatch;
import io.metricpipe.testing.aws.FakeResources;
import java.util.List;
import java.util.Map;

/**
 * The demo's AWS account on loopback: three EC2 instances with their volumes, an RDS database, two
 * Lambda functions, a bucket and a load balancer, described by the fake inventory APIs, and the
 * CloudWatch series of the instances, the database and the functions.
 */
public final class SimulatedAwsAccount implements AutoCloseable {
    public static final String ACCOUNT = FakeResources.ACCOUNT;
    public static final String REGION = "us-east-1";

    private static final List<String> INSTANCES = List.of("i-0a1b2c3d", "i-0e4f5a6b", "i-0c7d8e9f");
    private static final List<String> FUNCTIONS = List.of("resize-image", "send-invoice");

    public final FakeCloudWatch cloudWatch = FakeCloudWatch.start();
    public final FakeResources resources = FakeResources.start();

    public SimulatedAwsAccount() {
        for (int i = 0; i < INSTANCES.size(); i++) {
            String id = INSTANCES.get(i);
            cloudWatch.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/EC2", "CPUUtilization", Map.of("InstanceId", id)));
            cloudWatch.addSeries(
                    new FakeCloudWatch.Series("AWS/EC2", "NetworkIn", Map.of("InstanceId", id)));
            // The last instance is untagged: the inventory finds it all the same.
            Map<String, String> tags =
                    i < 2 ? Map.of("Name", "web-" + (i + 1), "team", "storefront") : Map.of();
            resources.add(new FakeResources.Resource("ec2", REGION, id, tags));
            resources.add(
                    new FakeResources.Resource(
                            "ebs", REGION, "vol-" + id.substring(2), Map.of("team", "storefront")));
        }
        cloudWatch.addSeries(
                new FakeCloudWatch.Series(
                        "AWS/RDS",
                        "DatabaseConnections",
                        Map.of("DBInstanceIdentifier", "orders-db")));
        cloudWatch.addSeries(
                new FakeCloudWatch.Series(
                        "AWS/RDS", "CPUUtilization", Map.of("DBInstanceIdentifier", "orders-db")));
        resources.add(
                new FakeResources.Resource(
                        "rds", REGION, "orders-db", Map.of("team", "orders", "env", "prod")));
        for (String fn : FUNCTIONS) {
            cloudWatch.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/Lambda", "Invocations", Map.of("FunctionName", fn)));
            cloudWatch.addSeries(
                    new FakeCloudWatch.Series(
                            "AWS/Lambda", "Duration", Map.of("FunctionName", fn)));
            resources.add(
                    new FakeResources.Resource("lambda", REGION, fn, Map.of("team", "orders")));
        }
        resources.add(new FakeResources.Resource("s3", REGION, "storefront-assets", Map.of()));
        resources.add(
                new FakeResources.Resource("alb", REGION, "storefront", Map.of("env", "prod")));
    }

    /** Config overrides pointing the polling sources here. */
    public Map<String, String> config() {
        String inventory = resources.endpoint().toString();
        return Map.of(
                "aws.accounts",
                ACCOUNT,
                "aws.regions",
                REGION,
                "aws.endpoint",
                cloudWatch.endpoint().toString(),
                "aws.endpoints",
                String.join(
                        ",",
                        "ec2=" + inventory,
                        "rds=" + inventory,
                        "s3=" + inventory,
                        "lambda=" + inventory,
                        "elasticloadbalancing=" + inventory,
                        "tagging=" + inventory));
    }

    @Override
    public void close() {
        cloudWatch.close();
        resources.close();
    }
}
