package io.metricpipe.sources.cloudwatch;

import io.metricpipe.core.model.MetricKind;
import io.metricpipe.core.model.ResourceSamples;
import io.metricpipe.sources.aws.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns CloudWatch datapoints into the samples the windows aggregate: one {@link ResourceSamples}
 * per resource and period start, keyed by the resource's ARN, with one gauge per metric and
 * statistic named {@code aws.<Metric>.<statistic>} (e.g. {@code aws.CPUUtilization.average}).
 */
public final class DatapointSamples {
    private DatapointSamples() {}

    /** The ARN of the resource a datapoint's dimensions name, for the collector's namespace. */
    public static String arn(MetricDatapoint d) {
        Map<String, String> dims = d.dimensions;
        String region = d.region;
        String account = d.account;
        switch (d.namespace) {
            case "AWS/EC2":
                return Arns.ec2Instance(region, account, dims.get("InstanceId"));
            case "AWS/EBS":
                return Arns.ebsVolume(region, account, dims.get("VolumeId"));
            case "AWS/RDS":
                return Arns.rdsInstance(region, account, dims.get("DBInstanceIdentifier"));
            case "AWS/S3":
                return Arns.s3Bucket(dims.get("BucketName"));
            case "AWS/Lambda":
                return Arns.lambdaFunction(region, account, dims.get("FunctionName"));
            case "AWS/ApplicationELB":
            case "AWS/NetworkELB":
                return Arns.loadBalancer(region, account, dims.get("LoadBalancer"));
            case "AWS/ELB":
                return Arns.loadBalancer(region, account, dims.get("LoadBalancerName"));
            default:
                return "cloudwatch:" + region + ":" + account + ":" + d.namespace + dims;
        }
    }

    /** In time order, so a split's samples are monotonous in event time. */
    public static List<ResourceSamples> of(List<MetricDatapoint> datapoints, String collector) {
        Map<Long, Map<String, List<MetricDatapoint>>> byTimeAndResource = new TreeMap<>();
        for (MetricDatapoint d : datapoints) {
            byTimeAndResource
                    .computeIfAbsent(d.timestamp, t -> new TreeMap<>())
                    .computeIfAbsent(arn(d), a -> new ArrayList<>())
                    .add(d);
        }
        List<ResourceSamples> out = new ArrayList<>();
        for (Map<String, List<MetricDatapoint>> atTime : byTimeAndResource.values()) {
            atTime.forEach((arn, group) -> out.add(samples(arn, group, collector)));
        }
        return out;
    }

    private static ResourceSamples samples(
            String arn, List<MetricDatapoint> group, String collector) {
        MetricDatapoint first = group.get(0);
        ResourceSamples s = new ResourceSamples();
        s.resourceKey = arn;
        s.resourceType = collector;
        s.timestamp = first.timestamp;
        s.names = new String[group.size()];
        s.values = new double[group.size()];
        s.kinds = new byte[group.size()];
        for (int i = 0; i < group.size(); i++) {
            MetricDatapoint d = group.get(i);
            s.names[i] = "aws." + d.metric + "." + d.statistic.toLowerCase(Locale.ROOT);
            s.values[i] = d.value;
            s.kinds[i] = MetricKind.GAUGE.code();
        }
        s.attributeKeys = new String[] {"cloud.account.id", "cloud.region", "cloud.resource_id"};
        s.attributeValues = new String[] {first.account, first.region, s.resourceKey};
        s.sourcePosition = "cloudwatch:" + first.account + "/" + first.region + "/" + collector;
        return s;
    }
}
