package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/** EC2 {@code DescribeVolumes}, 500 per page. */
public final class EbsVolumes implements ResourcePages {
    private final Ec2Client ec2;

    public EbsVolumes(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public String operation() {
        return "DescribeVolumes";
    }

    @Override
    public String iamAction() {
        return "ec2:DescribeVolumes";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        DescribeVolumesResponse page = ec2.describeVolumes(r -> r.maxResults(500).nextToken(token));
        for (Volume v : page.volumes()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("volumeType", v.volumeTypeAsString());
            a.put("size", v.size() == null ? null : v.size() + " GiB");
            a.put("iops", v.iops() == null ? null : v.iops().toString());
            a.put("state", v.stateAsString());
            a.put("availabilityZone", v.availabilityZone());
            a.put(
                    "attachedTo",
                    v.attachments().stream()
                            .map(VolumeAttachment::instanceId)
                            .collect(Collectors.joining(",")));
            found.described(
                    Arns.ebsVolume(found.region(), found.account(), v.volumeId()),
                    "ec2:volume",
                    v.volumeId(),
                    a,
                    Ec2Instances.tags(v.tags()));
        }
        return ResourcePages.next(page.nextToken());
    }
}
