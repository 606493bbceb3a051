package io.metricpipe.sources.inventory.describe;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/** ELB v2 {@code DescribeLoadBalancers} (ALB, NLB, GWLB), 400 per page. */
public final class LoadBalancers implements ResourcePages {
    private final ElasticLoadBalancingV2Client elb;

    public LoadBalancers(ElasticLoadBalancingV2Client elb) {
        this.elb = elb;
    }

    @Override
    public String operation() {
        return "DescribeLoadBalancers";
    }

    @Override
    public String iamAction() {
        return "elasticloadbalancing:DescribeLoadBalancers";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        DescribeLoadBalancersResponse page =
                elb.describeLoadBalancers(r -> r.pageSize(400).marker(token));
        for (LoadBalancer lb : page.loadBalancers()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("type", lb.typeAsString());
            a.put("scheme", lb.schemeAsString());
            a.put("dnsName", lb.dnsName());
            a.put("state", lb.state() == null ? null : lb.state().codeAsString());
            a.put("vpcId", lb.vpcId());
            found.described(
                    lb.loadBalancerArn(),
                    "elasticloadbalancing:loadbalancer",
                    lb.loadBalancerName(),
                    a,
                    Map.of());
        }
        return ResourcePages.next(page.nextMarker());
    }
}
