package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/** RDS {@code DescribeDBInstances}, 100 per page. */
public final class RdsInstances implements ResourcePages {
    private final RdsClient rds;

    public RdsInstances(RdsClient rds) {
        this.rds = rds;
    }

    @Override
    public String operation() {
        return "DescribeDBInstances";
    }

    @Override
    public String iamAction() {
        return "rds:DescribeDBInstances";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        DescribeDbInstancesResponse page =
                rds.describeDBInstances(r -> r.maxRecords(100).marker(token));
        for (DBInstance db : page.dbInstances()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("dbInstanceClass", db.dbInstanceClass());
            a.put("engine", db.engine());
            a.put("engineVersion", db.engineVersion());
            a.put("status", db.dbInstanceStatus());
            a.put(
                    "endpoint",
                    db.endpoint() == null
                            ? null
                            : db.endpoint().address() + ":" + db.endpoint().port());
            a.put("availabilityZone", db.availabilityZone());
            a.put("multiAZ", db.multiAZ() == null ? null : db.multiAZ().toString());
            Map<String, String> tags = new LinkedHashMap<>();
            db.tagList().forEach(t -> tags.put(t.key(), t.value()));
            String arn =
                    db.dbInstanceArn() != null
                            ? db.dbInstanceArn()
                            : Arns.rdsInstance(
                                    found.region(), found.account(), db.dbInstanceIdentifier());
            found.described(arn, "rds:db", db.dbInstanceIdentifier(), a, tags);
        }
        return ResourcePages.next(page.marker());
    }
}
