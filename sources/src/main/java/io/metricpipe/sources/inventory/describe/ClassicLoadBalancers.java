package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;

/** The classic ELB API's {@code DescribeLoadBalancers}, 400 per page. */
public final class ClassicLoadBalancers implements ResourcePages {
    private final ElasticLoadBalancingClient elb;

    public ClassicLoadBalancers(ElasticLoadBalancingClient elb) {
        this.elb = elb;
    }

    @Override
    public String operation() {
        return "DescribeLoadBalancers (classic)";
    }

    @Override
    public String iamAction() {
        return "elasticloadbalancing:DescribeLoadBalancers";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        DescribeLoadBalancersResponse page =
                elb.describeLoadBalancers(r -> r.pageSize(400).marker(token));
        for (LoadBalancerDescription lb : page.loadBalancerDescriptions()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("type", "classic");
            a.put("scheme", lb.scheme());
            a.put("dnsName", lb.dnsName());
            a.put("vpcId", lb.vpcId());
            a.put("instances", String.valueOf(lb.instances().size()));
            found.described(
                    Arns.loadBalancer(found.region(), found.account(), lb.loadBalancerName()),
                    "elasticloadbalancing:loadbalancer",
                    lb.loadBalancerName(),
                    a,
                    Map.of());
        }
        return ResourcePages.next(page.nextMarker());
    }
}
