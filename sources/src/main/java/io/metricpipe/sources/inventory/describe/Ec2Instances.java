package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 {@code DescribeInstances}, 1,000 per page. */
public final class Ec2Instances implements ResourcePages {
    private final Ec2Client ec2;

    public Ec2Instances(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public String operation() {
        return "DescribeInstances";
    }

    @Override
    public String iamAction() {
        return "ec2:DescribeInstances";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        DescribeInstancesResponse page =
                ec2.describeInstances(r -> r.maxResults(1000).nextToken(token));
        for (Reservation reservation : page.reservations()) {
            for (Instance i : reservation.instances()) {
                Map<String, String> a = new LinkedHashMap<>();
                a.put("instanceType", i.instanceTypeAsString());
                a.put("privateIpAddress", i.privateIpAddress());
                a.put("privateDnsName", i.privateDnsName());
                a.put("state", i.state() == null ? null : i.state().nameAsString());
                a.put(
                        "availabilityZone",
                        i.placement() == null ? null : i.placement().availabilityZone());
                a.put("imageId", i.imageId());
                a.put("vpcId", i.vpcId());
                found.described(
                        Arns.ec2Instance(found.region(), found.account(), i.instanceId()),
                        "ec2:instance",
                        i.instanceId(),
                        a,
                        tags(i.tags()));
            }
        }
        return ResourcePages.next(page.nextToken());
    }

    static Map<String, String> tags(Iterable<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }
}
