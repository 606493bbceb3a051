package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.ApiCallListener;
import io.metricpipe.sources.aws.AwsAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of one (account, region), made when first needed and closed together. The page
 * lists of each inventory service are made here too ({@link #pages(String)}).
 */
public final class ServiceClients implements AutoCloseable {
    private final AwsAccess access;
    private final String account;
    private final String region;
    private final ApiCallListener calls;
    private final Map<String, SdkClient> clients = new HashMap<>();

    public ServiceClients(AwsAccess access, String account, String region, ApiCallListener calls) {
        this.access = access;
        this.account = account;
        this.region = region;
        this.calls = calls;
    }

    /**
     * The IAM actions of the calls that describe one inventory service, read off the calls
     * themselves ({@link #pages}); making the clients calls nothing.
     */
    public static Set<String> iamActions(String service) {
        try (ServiceClients probe =
                new ServiceClients(
                        AwsAccess.builder().build(), "000000000000", "us-east-1", null)) {
            return probe.pages(service).stream()
                    .map(ResourcePages::iamAction)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * The calls that describe one inventory service, describe and list calls first, then the
     * tagging API for its resource types.
     */
    public List<ResourcePages> pages(String service) {
        switch (service) {
            case "ec2":
                return List.of(new Ec2Instances(ec2()), tags("ec2:instance"));
            case "ebs":
                return List.of(new EbsVolumes(ec2()), tags("ec2:volume"));
            case "rds":
                return List.of(
                        new RdsInstances(client("rds", "rds", RdsClient::builder)), tags("rds:db"));
            case "s3":
                // Path-style requests, so an endpoint override needs no per-bucket DNS.
                return List.of(
                        new S3Buckets(
                                client("s3", "s3", () -> S3Client.builder().forcePathStyle(true))),
                        tags("s3"));
            case "lambda":
                return List.of(
                        new LambdaFunctions(client("lambda", "lambda", LambdaClient::builder)),
                        tags("lambda:function"));
            case "elb":
                return List.of(
                        new LoadBalancers(
                                client(
                                        "elbv2",
                                        "elasticloadbalancing",
                                        ElasticLoadBalancingV2Client::builder)),
                        new ClassicLoadBalancers(
                                client(
                                        "elb",
                                        "elasticloadbalancing",
                                        ElasticLoadBalancingClient::builder)),
                        tags("elasticloadbalancing:loadbalancer"));
            default:
                throw new IllegalArgumentException("no inventory service named " + service);
        }
    }

    private Ec2Client ec2() {
        return client("ec2", "ec2", Ec2Client::builder);
    }

    private ResourceTags tags(String type) {
        return new ResourceTags(
                client("tagging", "tagging", ResourceGroupsTaggingApiClient::builder),
                List.of(type));
    }

    /**
     * The client named {@code key}, made once by {@code builder}.
     *
     * @param service the endpoint-override name of its service
     */
    @SuppressWarnings("unchecked")
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient>
            C client(String key, String service, Supplier<B> builder) {
        return (C)
                clients.computeIfAbsent(
                        key, k -> access.client(builder.get(), service, account, region, calls));
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
    }
}
