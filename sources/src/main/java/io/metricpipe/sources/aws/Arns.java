package io.metricpipe.sources.aws;

/**
 * The ARNs of resources whose API answers do not carry one. Metrics and inventory records of a
 * resource meet under its ARN, so both sources build them here.
 */
public final class Arns {
    private Arns() {}

    public static String ec2Instance(String region, String account, String instanceId) {
        return "arn:aws:ec2:" + region + ":" + account + ":instance/" + instanceId;
    }

    public static String ebsVolume(String region, String account, String volumeId) {
        return "arn:aws:ec2:" + region + ":" + account + ":volume/" + volumeId;
    }

    public static String rdsInstance(String region, String account, String identifier) {
        return "arn:aws:rds:" + region + ":" + account + ":db:" + identifier;
    }

    public static String s3Bucket(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    public static String lambdaFunction(String region, String account, String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    /**
     * @param name {@code app/<name>/<id>} or {@code net/<name>/<id>} for ALB and NLB (their
     *     CloudWatch dimension), the plain name for a classic load balancer
     */
    public static String loadBalancer(String region, String account, String name) {
        return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":loadbalancer/" + name;
    }
}
