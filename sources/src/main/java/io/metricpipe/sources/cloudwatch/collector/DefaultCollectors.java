package io.metricpipe.sources.cloudwatch.collector;

import static io.metricpipe.sources.cloudwatch.collector.MetricSpec.of;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The default metric set of each collector (README "CloudWatch collectors"). */
public final class DefaultCollectors {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static final Map<String, CollectorSpec> DEFAULTS = new LinkedHashMap<>();

    static {
        add(
                new CollectorSpec(
                        "ec2",
                        "AWS/EC2",
                        List.of("InstanceId"),
                        List.of(
                                of("CPUUtilization", "Average", "Maximum"),
                                of("NetworkIn", "Sum"),
                                of("NetworkOut", "Sum"),
                                of("DiskReadOps", "Sum"),
                                of("DiskWriteOps", "Sum"),
                                of("StatusCheckFailed", "Maximum")),
                        FIVE_MINUTES));
        add(
                new CollectorSpec(
                        "rds",
                        "AWS/RDS",
                        List.of("DBInstanceIdentifier"),
                        List.of(
                                of("CPUUtilization", "Average", "Maximum"),
                                of("DatabaseConnections", "Average"),
                                of("FreeStorageSpace", "Minimum"),
                                of("FreeableMemory", "Minimum"),
                                of("ReadLatency", "Average", "p95"),
                                of("WriteLatency", "Average", "p95"),
                                of("ReadIOPS", "Average"),
                                of("WriteIOPS", "Average")),
                        MINUTE));
        add(
                new CollectorSpec(
                        "s3",
                        "AWS/S3",
                        List.of("BucketName", "StorageType"),
                        List.of(of("BucketSizeBytes", "Average"), of("NumberOfObjects", "Average")),
                        Duration.ofDays(1)));
        add(
                new CollectorSpec(
                        "lambda",
                        "AWS/Lambda",
                        List.of("FunctionName"),
                        List.of(
                                of("Invocations", "Sum"),
                                of("Errors", "Sum"),
                                of("Throttles", "Sum"),
                                of("Duration", "Average", "p95", "Maximum"),
                                of("ConcurrentExecutions", "Maximum")),
                        MINUTE));
        add(
                new CollectorSpec(
                        "ebs",
                        "AWS/EBS",
                        List.of("VolumeId"),
                        List.of(
                                of("VolumeReadOps", "Sum"),
                                of("VolumeWriteOps", "Sum"),
                                of("VolumeReadBytes", "Sum"),
                                of("VolumeWriteBytes", "Sum"),
                                of("VolumeQueueLength", "Average"),
                                of("BurstBalance", "Minimum")),
                        FIVE_MINUTES));
        add(
                new CollectorSpec(
                        "alb",
                        "AWS/ApplicationELB",
                        List.of("LoadBalancer"),
                        List.of(
                                of("RequestCount", "Sum"),
                                of("TargetResponseTime", "Average", "p95"),
                                of("HTTPCode_Target_5XX_Count", "Sum"),
                                of("HTTPCode_ELB_5XX_Count", "Sum"),
                                of("ActiveConnectionCount", "Sum")),
                        MINUTE));
        add(
                new CollectorSpec(
                        "nlb",
                        "AWS/NetworkELB",
                        List.of("LoadBalancer"),
                        List.of(
                                of("ActiveFlowCount", "Average"),
                                of("NewFlowCount", "Sum"),
                                of("ProcessedBytes", "Sum"),
                                of("TCP_Target_Reset_Count", "Sum")),
                        MINUTE));
        add(
                new CollectorSpec(
                        "elb",
                        "AWS/ELB",
                        List.of("LoadBalancerName"),
                        List.of(
                                of("RequestCount", "Sum"),
                                of("Latency", "Average", "p95"),
                                of("HTTPCode_Backend_5XX", "Sum"),
                                of("UnHealthyHostCount", "Maximum"),
                                of("SurgeQueueLength", "Maximum")),
                        MINUTE));
    }

    private DefaultCollectors() {}

    private static void add(CollectorSpec spec) {
        DEFAULTS.put(spec.name, spec);
    }

    public static Map<String, CollectorSpec> all() {
        return DEFAULTS;
    }

    public static CollectorSpec named(String name) {
        CollectorSpec spec = DEFAULTS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "unknown collector '" + name + "' (known: " + DEFAULTS.keySet() + ")");
        }
        return spec;
    }
}
