package io.metricpipe.sources.inventory.describe;

import io.metricpipe.sources.aws.Arns;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * S3 {@code ListBuckets} of the scope's region ({@code bucket-region}), 1,000 per page. Buckets are
 * global; filtering by region gives each bucket to exactly one scope.
 */
public final class S3Buckets implements ResourcePages {
    private final S3Client s3;

    public S3Buckets(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public String operation() {
        return "ListBuckets";
    }

    @Override
    public String iamAction() {
        return "s3:ListAllMyBuckets";
    }

    @Override
    public String fetch(String token, FoundResources found) {
        ListBucketsResponse page =
                s3.listBuckets(
                        r ->
                                r.maxBuckets(1000)
                                        .continuationToken(token)
                                        .bucketRegion(found.region()));
        for (Bucket b : page.buckets()) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("creationDate", b.creationDate() == null ? null : b.creationDate().toString());
            a.put("bucketRegion", b.bucketRegion());
            found.described(Arns.s3Bucket(b.name()), "s3:bucket", b.name(), a, Map.of());
        }
        return ResourcePages.next(page.continuationToken());
    }
}
